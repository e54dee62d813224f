// Rollup and Vite: the check runs in generateBundle, on the bundle as it is about to be written, and fails
// the build through `this.error`. Vite tells server builds apart (`build.ssr`, a server environment).
import path from 'node:path';
import { scanText, applyFilters } from 'aisa-guard';
import { checkOutputs, lineOf, messageOf, type Emitted } from '../check.js';
import { resolveGuard, type Guard, type Options } from '../options.js';
import { originOf } from '../origin.js';

// The few fields of Rollup's and Vite's types used here (the plugin does not depend on either bundler).
interface OutputOptions {
  dir?: string;
  file?: string;
}
type BundleItem =
  | { type: 'chunk'; fileName: string; code: string; map?: object | null; modules: Record<string, { code: string | null }> }
  | { type: 'asset'; fileName: string; source: string | Uint8Array };
interface Context {
  error(error: string | { message: string; stack?: string }): never;
  warn(message: string): void;
  getModuleIds(): IterableIterator<string>;
  /** Vite 6+: the environment being built. */
  environment?: { name: string; config: { consumer?: 'client' | 'server' } };
}
interface ViteConfig {
  root: string;
  command: 'build' | 'serve';
  define?: Record<string, unknown>;
  env?: Record<string, unknown>;
  build: { ssr?: boolean | string };
}

export function rollupPlugin(options: Options) {
  return { generateBundle: generateBundleFor(options, () => undefined) };
}

export function vitePlugin(options: Options) {
  let config: ViteConfig | undefined;
  let devGuard: Guard | undefined;
  return {
    configResolved(resolved: ViteConfig) {
      config = resolved;
    },
    generateBundle: generateBundleFor(options, () => config),
    /** Only with `dev: true`, only while serving: each module as the dev server serves it. */
    transform(this: Context, code: string, id: string) {
      if (!options.dev || config?.command !== 'serve' || !code.includes('sk-aisa-')) return;
      devGuard ??= resolveGuard(options, config.root);
      const findings = applyFilters({ findings: scanText(code, { file: id.split('?')[0] }), stats: { files: 1, bytes: 0, ms: 0 }, warnings: [] }, devGuard.filters).findings;
      if (!findings.length) return;
      const lines = findings.map((finding) => lineOf({ finding, origin: originOf(undefined, [], [], devGuard!.root) }));
      if (devGuard.failOn === 'error') this.error(messageOf(lines, false));
      this.warn(messageOf(lines, false));
    },
  };
}

function generateBundleFor(options: Options, vite: () => ViteConfig | undefined) {
  return async function generateBundle(this: Context, output: OutputOptions, bundle: Record<string, BundleItem>) {
    const config = vite();
    const server = this.environment ? this.environment.config.consumer === 'server' : Boolean(config?.build.ssr);
    const guard = resolveGuard(options, config?.root);
    if (server && !guard.includeServer) return;
    const dir = path.resolve(guard.root, output.dir ?? (output.file ? path.dirname(output.file) : '.'));
    const files: Emitted[] = Object.values(bundle).map((item) => ({
      fileName: item.fileName,
      path: path.join(dir, item.fileName),
      bytes: Buffer.from(item.type === 'chunk' ? item.code : item.source),
      map: item.type === 'chunk' && item.map ? () => item.map as never : undefined,
      modules: item.type === 'chunk' ? () => Object.entries(item.modules).map(([id, m]) => ({ id, code: m.code ?? '' })) : undefined,
    }));
    const facts = {
      defines: config?.define,
      env: { ...process.env, ...stringValues(config?.env) },
      inputs: () => this.getModuleIds(),
    };
    const { lines } = await checkOutputs(files, facts, guard);
    if (!lines.length) return;
    const message = messageOf(lines, server);
    // The report is the whole story: a stack of Rollup's internals would only bury it (Vite prints the
    // stack instead of the message, Rollup's CLI both).
    if (guard.failOn === 'error') this.error({ message, stack: config ? message : '' });
    this.warn(message);
  };
}

function stringValues(record: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(record ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
