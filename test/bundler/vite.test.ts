// Vite 7, a react-ts app, built with `vite build` as a user would: a key through each way fails the build
// with one line naming the output file and where the key came from; a clean app and an SSR-only key pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactKey } from '../../src/detect/index.js';
import { INSTALL_TIMEOUT, binOf, project, reportLines, toolchain, type Project, type Toolchain } from './harness.js';
import { appFiles, expectedOrigins, leaks, PLACEHOLDER, type Leaks } from './app.js';

const VITE = '7.3.8';
const keys = leaks('vite');

function viteApp(app: Leaks | undefined): Record<string, string> {
  return {
    ...appFiles(app, 'ts', 'import.meta.env.VITE_AISA_KEY'),
    '.env': `VITE_AISA_KEY=${app?.env ?? PLACEHOLDER}\n`,
    'index.html': '<!doctype html>\n<html><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>\n',
    'src/main.tsx': [
      "import { StrictMode } from 'react';",
      "import { createRoot } from 'react-dom/client';",
      "import App from './App.tsx';",
      "createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);",
      '',
    ].join('\n'),
    'src/App.tsx': "import { all } from './leaks.ts';\n\nexport default function App() {\n  return <ul>{all.map((k) => <li key={k}>{k.length}</li>)}</ul>;\n}\n",
    'src/entry-server.tsx': `import { renderToString } from 'react-dom/server';\nimport App from './App.tsx';\nconst serverKey = '${app?.server ?? PLACEHOLDER}';\nexport function render() {\n  return renderToString(<App />) + serverKey.length;\n}\n`,
    'vite.config.mjs': [
      "import { defineConfig } from 'vite';",
      "import react from '@vitejs/plugin-react';",
      "import aisaGuard from 'unplugin-aisa-guard/vite';",
      'export default defineConfig({',
      "  plugins: [react(), aisaGuard({ includeServer: process.env.INCLUDE_SERVER === '1' })],",
      '  define: { __AISA_KEY__: JSON.stringify(process.env.DEFINE_KEY) },',
      '});',
      '',
    ].join('\n'),
  };
}

describe(`unplugin-aisa-guard/vite on Vite ${VITE}`, () => {
  let chain: Toolchain;
  let leaky: Project;
  let clean: Project;
  let vite: string;

  beforeAll(async () => {
    chain = await toolchain(`vite@${VITE}`, { vite: VITE, '@vitejs/plugin-react': '5.2.0', react: '19.3.1', 'react-dom': '19.3.1' });
    vite = binOf(chain, 'vite');
    leaky = project(chain, viteApp(keys));
    clean = project(chain, viteApp(undefined));
  }, INSTALL_TIMEOUT);
  afterAll(() => {
    leaky?.remove();
    clean?.remove();
  });

  it('fails the build with one line per key: output file, source file and line, define / env / package', async () => {
    const { code, output } = await leaky.build([vite, 'build'], { DEFINE_KEY: keys.define });
    expect(code).toBe(1);
    const lines = reportLines(output);
    expect(output).toMatch(/aisa-guard: \d+ AIsa API keys in the client output:/);
    for (const [key, origin] of expectedOrigins(keys, 'VITE_AISA_KEY', 'ts')) {
      const line = lines.find((l) => l.includes(redactKey(key)) && /^dist\/assets\/index-[\w-]+\.js:\d+:\d+: AIsa API key /.test(l));
      expect(line, `no line for ${redactKey(key)} in:\n${output}`).toBeDefined();
      expect(line).toMatch(origin);
    }
    if (process.env.SHOW_BUILD_OUTPUT) console.log(output);
    for (const key of Object.values(keys)) expect(output).not.toContain(key);
  }, 300_000);

  it('passes a clean build (placeholders only) and writes the bundle', async () => {
    const { code, output } = await clean.build([vite, 'build'], { DEFINE_KEY: PLACEHOLDER });
    expect(output).not.toContain('aisa-guard');
    expect(code).toBe(0);
  }, 300_000);

  it('does not flag a key only in the SSR build, unless includeServer is set', async () => {
    const args = [vite, 'build', '--ssr', 'src/entry-server.tsx', '--outDir', 'dist-server'];
    const ssr = await leaky.build(args, { DEFINE_KEY: PLACEHOLDER });
    expect(ssr.output).not.toContain('aisa-guard');
    expect(ssr.code).toBe(0);
    const included = await leaky.build(args, { DEFINE_KEY: PLACEHOLDER, INCLUDE_SERVER: '1' });
    expect(included.code).toBe(1);
    expect(included.output).toContain('in the server output');
    expect(reportLines(included.output).find((l) => l.includes(redactKey(keys.server)))).toMatch(/^dist-server\/entry-server\.js:\d+:\d+: .* from src\/entry-server\.tsx:3:\d+$/);
  }, 300_000);
});
