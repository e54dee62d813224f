// webpack and Rspack: the check runs at the last processAssets stage (after minifiers and source maps),
// and a leak becomes an entry of compilation.errors (or warnings), so `webpack` exits 1 as for any error.
import path from 'node:path';
import type { SectionedSourceMapInput } from '@jridgewell/trace-mapping';
import { checkOutputs, messageOf, type Emitted } from '../check.js';
import { resolveGuard, type Options } from '../options.js';

const NAME = 'aisa-guard';

// The few fields of webpack's (and Rspack's) types used here (the plugin does not depend on either).
interface Source {
  buffer(): Buffer;
  map?(): object | null;
}
interface Asset {
  name: string;
  source: Source;
  info: { related?: { sourceMap?: string | string[] } };
}
interface Compilation {
  getAssets(): readonly Asset[];
  getAsset(name: string): Asset | undefined;
  errors: Error[];
  warnings: Error[];
  modules: Iterable<{ resource?: string }>;
  outputOptions: { path?: string };
  hooks: { processAssets: { tapPromise(options: { name: string; stage: number }, fn: () => Promise<void>): void } };
}
interface Compiler {
  context: string;
  name?: string;
  options: {
    name?: string;
    target?: string | string[] | false;
    externalsPresets?: { node?: boolean; electronMain?: boolean };
    plugins?: unknown[];
    output?: { path?: string };
  };
  webpack: { Compilation: { PROCESS_ASSETS_STAGE_REPORT: number }; WebpackError: new (message: string) => Error };
  hooks: { thisCompilation: { tap(name: string, fn: (compilation: Compilation) => void): void } };
}

/** Server compilers: a node target (webpack sets externalsPresets.node from it), Next.js's server compilers. */
export function isServerCompiler(compiler: Compiler): boolean {
  const { options } = compiler;
  const targets = [options.target ?? []].flat().filter((t): t is string => typeof t === 'string');
  if (targets.some((t) => /^(async-)?node|^electron-main/.test(t))) return true;
  if (options.externalsPresets?.node || options.externalsPresets?.electronMain) return true;
  return ['server', 'edge-server'].includes(options.name ?? '');
}

export function webpackPlugin(options: Options) {
  return (compiler: Compiler) => {
    const server = isServerCompiler(compiler);
    compiler.hooks.thisCompilation.tap(NAME, (compilation) => {
      const stage = compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT;
      compilation.hooks.processAssets.tapPromise({ name: NAME, stage }, async () => {
        const guard = resolveGuard(options, compiler.context);
        if (server && !guard.includeServer) return;
        const dir = path.resolve(guard.root, compilation.outputOptions.path ?? compiler.options.output?.path ?? 'dist');
        const files: Emitted[] = compilation.getAssets().map((asset) => ({
          fileName: asset.name,
          path: path.join(dir, asset.name),
          bytes: asset.source.buffer(),
          map: () => mapOf(compilation, asset),
        }));
        const facts = {
          defines: definitions(compiler.options.plugins ?? []),
          env: process.env,
          inputs: () => [...compilation.modules].map((m) => m.resource).filter((r): r is string => typeof r === 'string'),
        };
        const { lines } = await checkOutputs(files, facts, guard);
        if (!lines.length) return;
        const error = new compiler.webpack.WebpackError(messageOf(lines, server));
        (guard.failOn === 'error' ? compilation.errors : compilation.warnings).push(error);
      });
    });
  };
}

/** The asset's own map (devtool: source-map and friends emit it as a related asset), else its Source's. */
function mapOf(compilation: Compilation, asset: Asset): SectionedSourceMapInput | undefined {
  const related = [asset.info.related?.sourceMap ?? []].flat()[0];
  const file = related ? compilation.getAsset(related) : undefined;
  if (file) return file.source.buffer().toString('utf8');
  return (asset.source.map?.() as SectionedSourceMapInput | null | undefined) ?? undefined;
}

/** DefinePlugin's definitions, found among the configured plugins (nested objects flattened to `a.b`). */
function definitions(plugins: readonly unknown[]): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  const add = (prefix: string, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) add(prefix ? `${prefix}.${k}` : k, v);
    else found[prefix] = value;
  };
  for (const plugin of plugins) {
    const defined = (plugin as { definitions?: unknown } | null)?.definitions;
    if (plugin?.constructor?.name === 'DefinePlugin' && defined && typeof defined === 'object') add('', defined);
  }
  return found;
}
