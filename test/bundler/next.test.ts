// Next.js 16 (Turbopack, no plugin hook): `next build && aisa-guard-next` as the docs say. The check reads
// what browsers can fetch from .next (static chunks, prerendered pages), names the env variable, the source
// file and line (through the production browser source maps) or the package; server-only code passes.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactKey } from '../../src/detect/index.js';
import { INSTALL_TIMEOUT, binOf, project, reportLines, toolchain, type Project, type Toolchain } from './harness.js';
import { appFiles, leaks, PLACEHOLDER, type Leaks } from './app.js';

const NEXT = '16.5.0';
const keys = leaks('next');

function nextApp(app: Leaks | undefined): Record<string, string> {
  return {
    ...appFiles(app, 'js', 'process.env.NEXT_PUBLIC_AISA_KEY'),
    '.env': `NEXT_PUBLIC_AISA_KEY=${app?.env ?? PLACEHOLDER}\n`,
    'next.config.mjs': 'export default { productionBrowserSourceMaps: true, compiler: { define: { __AISA_KEY__: JSON.stringify(process.env.DEFINE_KEY) } } };\n',
    'app/layout.js': 'export default function RootLayout({ children }) {\n  return <html><body>{children}</body></html>;\n}\n',
    'app/page.js': "import LeaksView from './leaks-view.js';\n\nexport default function Page() {\n  return <LeaksView />;\n}\n",
    'app/leaks-view.js': "'use client';\nimport { all } from '../src/leaks.js';\n\nexport default function LeaksView() {\n  return <ul>{all.map((k, i) => <li key={i}>{k.length}</li>)}</ul>;\n}\n",
    // Server-only: a route handler that calls AIsa with its key.
    'app/api/ask/route.js': `export const dynamic = 'force-dynamic';\nconst serverKey = '${app?.server ?? PLACEHOLDER}';\nexport async function GET() {\n  return new Response(serverKey.slice(0, 0) + 'ok');\n}\n`,
  };
}

describe(`aisa-guard-next after next build (Next ${NEXT}, Turbopack)`, () => {
  let chain: Toolchain;
  let leaky: Project;
  let clean: Project;
  let next: string;
  let check: string;

  beforeAll(async () => {
    chain = await toolchain(`next@${NEXT}`, { next: NEXT, react: '19.3.1', 'react-dom': '19.3.1' });
    next = binOf(chain, 'next');
    check = path.join(chain.home, 'node_modules/unplugin-aisa-guard/dist/next.js');
    leaky = project(chain, nextApp(keys));
    clean = project(chain, nextApp(undefined));
  }, INSTALL_TIMEOUT);
  afterAll(() => {
    leaky?.remove();
    clean?.remove();
  });

  const env = { NEXT_TELEMETRY_DISABLED: '1' };

  it('fails on each key in the client output, naming the chunk and where the key came from; not the server-only key', async () => {
    const built = await leaky.build([next, 'build'], { ...env, DEFINE_KEY: keys.define });
    expect(built.code, built.output).toBe(0);
    const { code, output } = await leaky.build([check], env);
    if (process.env.SHOW_BUILD_OUTPUT) console.log(output);
    expect(code, output).toBe(1);
    const lines = reportLines(output);
    const chunk = /^\.next\/static\/chunks\/[\w.~-]+\.js:\d+:\d+: AIsa API key /;
    const expected: [string, RegExp][] = [
      [keys.define, /from src\/leaks\.js:5:\d+/],
      [keys.env, /\(.*env NEXT_PUBLIC_AISA_KEY\b/],
      [keys.json, /from src\/config\.json:3:\d+$/],
      [keys.dependency, /from node_modules\/leaky-sdk\/index\.js:2:\d+ \(package leaky-sdk\)$/],
      [keys.literal, /from src\/literal\.js:2:\d+$/],
    ];
    for (const [key, origin] of expected) {
      const line = lines.find((l) => l.includes(redactKey(key)) && chunk.test(l));
      expect(line, `no line for ${redactKey(key)} in:\n${output}`).toBeDefined();
      expect(line).toMatch(origin);
    }
    expect(output).not.toContain(redactKey(keys.server));
    expect(output).not.toContain('origin unknown'); // keys in the maps' sourcesContent are traced too
    for (const key of Object.values(keys)) expect(output).not.toContain(key);
  }, 600_000);

  it('passes a clean build', async () => {
    const built = await clean.build([next, 'build'], { ...env, DEFINE_KEY: PLACEHOLDER });
    expect(built.code, built.output).toBe(0);
    const { code, output } = await clean.build([check], env);
    expect(output).toBe('');
    expect(code).toBe(0);
  }, 600_000);

  it('says so when there is no build to check (exit 2)', async () => {
    const unbuilt = project(chain, { 'README.md': 'not built\n' });
    const { code, output } = await unbuilt.build([check], env);
    unbuilt.remove();
    expect(code).toBe(2);
    expect(output).toMatch(/^aisa-guard-next: no \.next\/static in .*: run next build first\n$/);
  });
});
