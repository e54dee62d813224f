// webpack 5 through its Node API in production mode with source maps; target 'node' is server output.
import { bundlerSuite } from './suite.js';

const WEBPACK = '5.113.0';

bundlerSuite({
  label: `webpack@${WEBPACK}`,
  dependencies: { webpack: WEBPACK },
  envRead: 'process.env.PUBLIC_AISA_KEY',
  envName: 'PUBLIC_AISA_KEY',
  files: {
    'build.mjs': [
      "import path from 'node:path';",
      "import webpack from 'webpack';",
      "import aisaGuard from 'unplugin-aisa-guard/webpack';",
      "const server = process.env.SERVER === '1';",
      'webpack({',
      "  mode: 'production', context: process.cwd(), devtool: 'source-map',",
      "  entry: server ? './src/server.js' : './src/main.js',",
      "  target: server ? 'node' : 'web',",
      "  output: { path: path.resolve(server ? 'dist-server' : 'dist'), filename: server ? 'server.js' : 'main.js' },",
      '  plugins: [',
      '    new webpack.DefinePlugin({ __AISA_KEY__: JSON.stringify(process.env.DEFINE_KEY) }),',
      "    new webpack.EnvironmentPlugin(['PUBLIC_AISA_KEY']),",
      "    aisaGuard({ includeServer: process.env.INCLUDE_SERVER === '1', ...JSON.parse(process.env.GUARD_OPTIONS ?? '{}') }),",
      '  ],',
      '}, (error, stats) => {',
      '  if (error) { console.error(error.message); process.exit(2); }',
      "  if (stats.hasErrors()) { console.error(stats.toString('errors-only')); process.exit(1); }",
      "  if (stats.hasWarnings()) console.warn(stats.toString('errors-warnings'));",
      '});',
      '',
    ].join('\n'),
  },
  command: () => ['build.mjs'],
  output: /dist\/main\.js/,
  serverOutput: /dist-server\/server\.js/,
});
