// esbuild: the check runs in onEnd, on the files the build wrote (or returned, with `write: false`), and a
// leak is returned as an error of the build, so build() rejects and the esbuild CLI exits 1.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkOutputs, messageOf, type Emitted } from '../check.js';
import { resolveGuard, type Options } from '../options.js';

// The few fields of esbuild's types used here (the plugin does not depend on esbuild).
interface Message {
  text: string;
}
interface Result {
  errors: Message[];
  warnings: Message[];
  outputFiles?: { path: string; contents: Uint8Array }[];
  metafile?: { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
}
interface Build {
  initialOptions: { logLevel?: string; absWorkingDir?: string; metafile?: boolean; platform?: string; define?: Record<string, string>; outdir?: string; outfile?: string };
  onEnd(fn: (result: Result) => Promise<{ errors?: Message[]; warnings?: Message[] } | undefined>): void;
}

export function esbuildSetup(options: Options) {
  return (build: Build) => {
    const initial = build.initialOptions;
    initial.metafile = true; // the list of inputs and outputs
    const server = initial.platform === 'node';
    build.onEnd(async (result) => {
      if (result.errors.length || !result.metafile) return undefined;
      const cwd = initial.absWorkingDir ?? process.cwd();
      const guard = resolveGuard(options, cwd);
      if (server && !guard.includeServer) return undefined;
      const outdir = path.resolve(cwd, initial.outdir ?? (initial.outfile ? path.dirname(initial.outfile) : '.'));
      const written = new Map((result.outputFiles ?? []).map((f) => [f.path, Buffer.from(f.contents)]));
      const read = (file: string) => written.get(file) ?? readFileSync(file);
      const files: Emitted[] = Object.keys(result.metafile.outputs).map((output) => {
        const file = path.resolve(cwd, output);
        const mapFile = file + '.map';
        return {
          fileName: path.relative(outdir, file).split(path.sep).join('/'),
          path: file,
          bytes: read(file),
          map: mapFile in result.metafile!.outputs || written.has(mapFile) || `${output}.map` in result.metafile!.outputs ? () => read(mapFile).toString('utf8') : undefined,
        };
      });
      const facts = {
        defines: initial.define,
        env: process.env,
        inputs: () => Object.keys(result.metafile!.inputs).map((input) => path.resolve(cwd, input)),
      };
      const { lines } = await checkOutputs(files, facts, guard);
      if (!lines.length) return;
      const text = messageOf(lines, server);
      // esbuild logs errors found while building, not those an onEnd callback returns; a build script's
      // `.catch(() => process.exit(1))` would leave the user without a word. Printed as esbuild would.
      if (initial.logLevel !== 'silent') process.stderr.write(`${guard.failOn === 'error' ? '✘ [ERROR]' : '▲ [WARNING]'} ${text}\n`);
      const message = [{ text }];
      return guard.failOn === 'error' ? { errors: message } : { warnings: message };
    });
  };
}
