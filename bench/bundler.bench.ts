// The bundler plugin's cost on a real app: `vite build` of a react-ts app of 1,000 generated modules, with
// and without unplugin-aisa-guard/vite, interleaved (ROUNDS each after one warm-up), medians. The wall-clock
// difference is within the noise of a shared machine, so the check's own time is also measured directly:
// the plugin's check (installed from the packed tarball, as in the build) run on the emitted files.
// Target: < 2% of the build time. Vite and React are installed once into the test cache (npm registry).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { binOf, project, toolchain } from './lib/toolchain.js';

const ROUNDS = 5;
const MODULES = 1000;
const VITE = '7.3.8';

function app(): Record<string, string> {
  const files: Record<string, string> = {
    'index.html': '<!doctype html>\n<html><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>\n',
    'src/main.tsx': "import { createRoot } from 'react-dom/client';\nimport App from './App.tsx';\ncreateRoot(document.getElementById('root')!).render(<App />);\n",
    'vite.config.mjs': [
      "import react from '@vitejs/plugin-react';",
      "import aisaGuard from 'unplugin-aisa-guard/vite';",
      "export default { plugins: [react(), ...(process.env.GUARD === '1' ? [aisaGuard()] : [])], logLevel: 'error' };",
      '',
    ].join('\n'),
  };
  const names: string[] = [];
  for (let i = 0; i < MODULES; i++) {
    const name = `Widget${i}`;
    names.push(name);
    files[`src/widgets/${name}.tsx`] = [
      "import { useState } from 'react';",
      `const LABELS = ${JSON.stringify(Array.from({ length: 8 }, (_, j) => `label ${i}.${j} of the generated widget`))};`,
      `export default function ${name}({ step }: { step: number }) {`,
      '  const [count, setCount] = useState(step);',
      `  return <section className="w${i}"><h2>{LABELS[count % LABELS.length]}</h2><button onClick={() => setCount(count + ${(i % 7) + 1})}>{count}</button></section>;`,
      '}',
      '',
    ].join('\n');
  }
  files['src/App.tsx'] = [
    ...names.map((n) => `import ${n} from './widgets/${n}.tsx';`),
    `export default function App() {\n  return <main>${names.map((n, i) => `<${n} step={${i}} />`).join('')}</main>;\n}`,
    '',
  ].join('\n');
  return files;
}

/** packages/unplugin-aisa-guard/src/check.ts, as far as the bench uses it (the bench does not compile the plugin). */
type CheckOutputs = (files: { fileName: string; path: string; bytes: Buffer }[], facts: object, guard: object) => Promise<{ leaks: unknown[] }>;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function run(): Promise<void> {
  const chain = await toolchain(`vite@${VITE}`, { vite: VITE, '@vitejs/plugin-react': '5.2.0', react: '19.3.1', 'react-dom': '19.3.1' });
  const vite = binOf(chain, 'vite');
  const bench = project(chain, app());
  try {
    const build = async (guard: boolean) => {
      const started = performance.now();
      const { code, output } = await bench.build([vite, 'build'], { GUARD: guard ? '1' : '0' });
      if (code !== 0) throw new Error(`vite build${guard ? ' with the plugin' : ''} exited ${code}: ${output.slice(-400)}`);
      return performance.now() - started;
    };
    await build(false);
    await build(true);
    const plain: number[] = [];
    const guarded: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      plain.push(await build(false));
      guarded.push(await build(true));
    }

    // The check alone, on the files this build emitted, as the plugin runs it.
    const plugin = path.join(chain.home, 'node_modules/unplugin-aisa-guard/dist');
    const { checkOutputs } = (await import(pathToFileURL(path.join(plugin, 'check.js')).href)) as { checkOutputs: CheckOutputs };
    const { resolveGuard } = (await import(pathToFileURL(path.join(plugin, 'options.js')).href)) as { resolveGuard: (options: object, root: string) => object };
    const dist = path.join(bench.dir, 'dist');
    const files = readdirSync(dist, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => ({ fileName: path.relative(dist, path.join(e.parentPath, e.name)), path: path.join(e.parentPath, e.name), bytes: readFileSync(path.join(e.parentPath, e.name)) }));
    const bytes = files.reduce((sum, f) => sum + f.bytes.length, 0);
    const checks: number[] = [];
    for (let round = 0; round < 11; round++) {
      const started = performance.now();
      const guard = resolveGuard({}, bench.dir);
      const { leaks } = await checkOutputs(files, {}, guard);
      if (leaks.length) throw new Error('the generated app holds a key');
      checks.push(performance.now() - started);
    }

    const base = median(plain);
    const withGuard = median(guarded);
    const check = median(checks);
    console.log(`vite ${VITE} build of a react-ts app with ${MODULES} modules (${files.length} output files, ${(bytes / 1024).toFixed(0)} KB), median of ${ROUNDS} interleaved builds:`);
    console.log(`  without the plugin   ${(base / 1000).toFixed(2)} s`);
    console.log(`  with the plugin      ${(withGuard / 1000).toFixed(2)} s   (wall-clock difference ${(((withGuard - base) / base) * 100).toFixed(1)}%, within the noise of a shared machine)`);
    console.log(`  the check itself     ${check.toFixed(1)} ms = ${((check / base) * 100).toFixed(2)}% of the build (target < 2%)`);
  } finally {
    bench.remove();
  }
}
