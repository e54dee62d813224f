// unplugin-aisa-guard: fails a build when an AIsa API key lands in its client output. One unplugin, an
// adapter per bundler family for the end-of-build hook (each bundler has its own), one shared check.
import { createUnplugin } from 'unplugin';
import type { Options } from './options.js';
import { rollupPlugin, vitePlugin } from './adapters/rollup.js';
import { webpackPlugin } from './adapters/webpack.js';
import { esbuildSetup } from './adapters/esbuild.js';

export type { Options } from './options.js';
export { checkOutputs, type Emitted, type Leak, type CheckResult } from './check.js';

export const unplugin = createUnplugin((options: Options | undefined) => {
  const resolved = options ?? {};
  return {
    name: 'aisa-guard',
    enforce: 'post',
    rollup: rollupPlugin(resolved),
    vite: vitePlugin(resolved),
    webpack: webpackPlugin(resolved) as never,
    rspack: webpackPlugin(resolved) as never,
    esbuild: { setup: esbuildSetup(resolved) as never },
  };
});

export default unplugin;
