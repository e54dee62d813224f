// Where a file's code runs decides what a fix may offer in place of a key. Config files and server code
// run in Node (or a server runtime) and read secrets from `process.env`; Astro's server side reads
// `import.meta.env`. Code that ships to the browser has no place for a secret at all: any variable it
// reads is inlined into the bundle or undefined, so there the only advice is a server route.
import path from 'node:path';

export type Runtime = 'node' | 'astro-server' | 'client' | 'unknown';

/** Tool configs (`vite.config.ts`, `next.config.mjs`, `eslint.config.js`, `.prettierrc.cjs`…): loaded by Node. */
const CONFIG_FILE = /(?:^|[.-])config\.[cm]?[jt]s$|^\.[\w-]+rc\.[cm]?[jt]s$/;
/**
 * Server code by framework convention: a `server/` folder (Nuxt/Nitro, Express apps), serverless
 * `functions/`, Next's `pages/api/` and `app/…/route.*`, SvelteKit's `+server.*` and `*.server.*`,
 * middleware. A bare `api/` folder is not enough: in a single-page app it holds the browser's fetch code.
 */
const SERVER_PATH = /(?:^|\/)(?:server|functions)\/|(?:^|\/)pages\/api\/|(?:^|\/)app\/(?:.*\/)?route\.[cm]?[jt]s$|(?:^|\/)\+server\.[cm]?[jt]s$|\.server\.[cm]?[jt]sx?$|(?:^|\/)(?:middleware|instrumentation)\.[cm]?[jt]s$/;
/** Component files of browser frameworks. */
const CLIENT_COMPONENT = /\.(?:vue|svelte)$/;

/**
 * The `'use client'` / `'use server'` directive before any code. Comments are skipped by index, not by a
 * regular expression: `(?:\s|//…|/*…*\/)*` backtracks exponentially over a long comment header.
 */
export function leadingDirective(text: string): string | undefined {
  let at = 0;
  for (;;) {
    while (at < text.length && /\s/.test(text[at])) at++;
    const close = text.startsWith('//', at) ? ['\n', 1] as const : text.startsWith('/*', at) ? ['*/', 2] as const : undefined;
    if (!close) break;
    const end = text.indexOf(close[0], at + 2);
    if (end < 0) return undefined;
    at = end + close[1];
  }
  return /^(['"])use (client|server)\1/.exec(text.slice(at, at + 14))?.[2];
}

export function runtimeOf(filename: string, text: string): Runtime {
  const file = filename.split(path.sep).join('/');
  const base = path.posix.basename(file);
  const directive = leadingDirective(text);
  if (directive === 'server') return 'node';
  if (directive === 'client') return 'client';
  if (CONFIG_FILE.test(base)) return 'node';
  if (base.endsWith('.astro')) return 'astro-server'; // the frontmatter runs on the server; templates are rendered there
  if (SERVER_PATH.test(file) || /^import\s+['"]server-only['"]/m.test(text)) return 'node';
  if (CLIENT_COMPONENT.test(base)) return 'client';
  // Vite-style client code reads its build-time variables through import.meta.env.
  if (text.includes('import.meta.env')) return 'client';
  return 'unknown';
}

/** The expression a fix puts in place of a key, or undefined where no variable can keep it secret. */
export function envReadFor(runtime: Runtime, variable: string): string | undefined {
  if (runtime === 'client') return undefined;
  return runtime === 'astro-server' ? `import.meta.env.${variable}` : `process.env.${variable}`;
}
