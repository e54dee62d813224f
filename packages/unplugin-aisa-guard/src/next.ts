#!/usr/bin/env node
// `aisa-guard-next [project]`: the Next.js build step (`next build && aisa-guard-next`). Turbopack, Next's
// default bundler, has no plugin hook, so the check runs on what `next build` left in .next: everything a
// browser can fetch — .next/static, and the prerendered pages (HTML, RSC payloads, data JSON) under
// .next/server — and nothing else of the server output. Same check and report as the bundler plugin.
// Exit codes as the CLI's: 0 clean, 1 keys found, 2 usage or operational error.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { printable } from 'aisa-guard';
import { checkOutputs, messageOf, type Emitted } from './check.js';
import { resolveGuard } from './options.js';

/** Prerendered pages Next serves from .next/server as they are. */
const SERVED_FROM_SERVER = /\.(html|rsc|body|json|meta)$/;

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The client output of a Next build in `root`. */
export function nextClientFiles(root: string): Emitted[] {
  const next = path.join(root, '.next');
  const server = ['app', 'pages'].flatMap((dir) => walk(path.join(next, 'server', dir)).filter((file) => SERVED_FROM_SERVER.test(file)));
  return [...walk(path.join(next, 'static')), ...server].map((file) => ({
    fileName: path.relative(next, file).split(path.sep).join('/'),
    path: file,
    bytes: readFileSync(file),
    map: mapFor(file),
  }));
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/** The file's map: where its `sourceMappingURL` comment points (Turbopack names maps apart), else `<file>.map`. */
function mapFor(file: string): (() => string) | undefined {
  const tail = readFileSync(file).subarray(-1024).toString('utf8');
  const url = /[#@] sourceMappingURL=([^\s'"*]+)\s*(?:\*\/)?\s*$/.exec(tail)?.[1];
  // Only a file beside it, inside .next: never a URL, never a path the output could point anywhere with.
  const named = url && !/^[a-z][\w+.-]*:/i.test(url) ? path.resolve(path.dirname(file), safeDecode(url)) : undefined;
  const inside = named && !path.relative(path.dirname(path.dirname(file)), named).startsWith('..') ? named : undefined;
  const map = [inside, `${file}.map`].find((candidate) => candidate && existsSync(candidate));
  return map ? () => readFileSync(map, 'utf8') : undefined;
}

/** The project's own files (not node_modules, not .next): where a literal or a JSON key is looked for. */
function projectFiles(root: string): string[] {
  const skip = /(^|[\\/])(node_modules|\.next|\.git)([\\/]|$)/;
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !skip.test(path.relative(root, entry.parentPath)) && !entry.name.startsWith('.env'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** `NAME=value` lines of Next's env files: the values a build inlines for NEXT_PUBLIC_ names. */
function envFiles(root: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of ['.env', '.env.production', '.env.local', '.env.production.local']) {
    const file = path.join(root, name);
    if (!existsSync(file) || !statSync(file).isFile()) continue;
    for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
      const match = /^\s*(?:export\s+)?([\w.]+)\s*=\s*(.*)$/.exec(line);
      if (match) values[match[1]] = match[2].trim().replace(/^(['"])(.*)\1$/, '$2');
    }
  }
  return values;
}

async function main(args: string[]): Promise<number> {
  if (args.some((a) => a === '-h' || a === '--help')) {
    process.stdout.write('usage: aisa-guard-next [project-dir]   (after next build; exit 0 clean, 1 keys found, 2 error)\n');
    return 0;
  }
  const root = path.resolve(args[0] ?? '.');
  if (!existsSync(path.join(root, '.next', 'static'))) {
    process.stderr.write(`aisa-guard-next: no .next/static in ${root}: run next build first\n`);
    return 2;
  }
  const guard = resolveGuard({ root }, root);
  const inputs = () => projectFiles(root);
  const { lines } = await checkOutputs(nextClientFiles(root), { env: { ...envFiles(root), ...process.env }, inputs }, guard);
  if (!lines.length) return 0;
  process.stderr.write(messageOf(lines, false) + '\n');
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`aisa-guard-next: ${printable(error instanceof Error ? error.message : String(error))}\n`);
    process.exitCode = 2;
  },
);
