// esbuild through its JS API (what tsup and friends run), with source maps; platform 'node' is server output.
import { bundlerSuite } from './suite.js';

const ESBUILD = '0.28.2';

bundlerSuite({
  label: `esbuild@${ESBUILD}`,
  dependencies: { esbuild: ESBUILD },
  envRead: 'process.env.PUBLIC_AISA_KEY',
  envName: 'PUBLIC_AISA_KEY',
  files: {
    'build.mjs': [
      "import * as esbuild from 'esbuild';",
      "import aisaGuard from 'unplugin-aisa-guard/esbuild';",
      "const server = process.env.SERVER === '1';",
      'try {',
      '  await esbuild.build({',
      "    entryPoints: [server ? 'src/server.js' : 'src/main.js'],",
      "    bundle: true, minify: true, sourcemap: true, format: 'esm', logLevel: 'error',",
      "    outdir: server ? 'dist-server' : 'dist', platform: server ? 'node' : 'browser',",
      '    define: {',
      '      __AISA_KEY__: JSON.stringify(process.env.DEFINE_KEY),',
      "      'process.env.PUBLIC_AISA_KEY': JSON.stringify(process.env.PUBLIC_AISA_KEY),",
      '    },',
      "    plugins: [aisaGuard({ includeServer: process.env.INCLUDE_SERVER === '1', ...JSON.parse(process.env.GUARD_OPTIONS ?? '{}') })],",
      '  });',
      '} catch {',
      '  process.exit(1);',
      '}',
      '',
    ].join('\n'),
  },
  command: () => ['build.mjs'],
  output: /dist\/main\.js/,
  serverOutput: /dist-server\/server\.js/,
});
