// Rollup 4 with its CLI and a config file, with the usual JSON, node-resolve and replace plugins and
// source maps. Rollup has no server notion of its own (Vite's SSR builds are tested in vite.test.ts).
import { bundlerSuite } from './suite.js';
import { binOf } from './harness.js';

const ROLLUP = '4.69.3';

bundlerSuite({
  label: `rollup@${ROLLUP}`,
  dependencies: { rollup: ROLLUP, '@rollup/plugin-json': '6.1.0', '@rollup/plugin-node-resolve': '16.0.3', '@rollup/plugin-replace': '6.0.3' },
  envRead: 'process.env.PUBLIC_AISA_KEY',
  envName: 'PUBLIC_AISA_KEY',
  files: {
    'rollup.config.mjs': [
      "import json from '@rollup/plugin-json';",
      "import { nodeResolve } from '@rollup/plugin-node-resolve';",
      "import replace from '@rollup/plugin-replace';",
      "import aisaGuard from 'unplugin-aisa-guard/rollup';",
      'export default {',
      "  input: 'src/main.js',",
      "  output: { dir: 'dist', format: 'es', sourcemap: true },",
      '  plugins: [',
      '    replace({ preventAssignment: true, values: {',
      '      __AISA_KEY__: JSON.stringify(process.env.DEFINE_KEY),',
      "      'process.env.PUBLIC_AISA_KEY': JSON.stringify(process.env.PUBLIC_AISA_KEY),",
      '    } }),',
      '    json(), nodeResolve(), aisaGuard(JSON.parse(process.env.GUARD_OPTIONS ?? "{}")),',
      '  ],',
      '};',
      '',
    ].join('\n'),
  },
  command: (chain) => [binOf(chain, 'rollup'), '-c'],
  output: /dist\/main\.js/,
  // @rollup/plugin-replace keeps its values to itself: the line the map points at and the env variable
  // that held the key (the build's process.env) name it.
  define: '\\(env DEFINE_KEY\\)',
});
