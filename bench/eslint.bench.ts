// The ESLint plugin's cost: a generated 1,000-file TypeScript/React monorepo (10 packages) linted by the
// real ESLint with typescript-eslint's parser and a typical rule set (eslint + typescript-eslint
// recommended), against the same config plus a one-rule control plugin (so ESLint's cost of any plugin
// is not counted) and with `configs.recommended` of the plugin instead. Goal: under 2% added CPU.
// The machine is shared, so the two configs lint each package back to back (order alternating) and the
// overhead is the median of those paired ratios: neighbours' load hits both halves of a pair alike.
// Time is this process's CPU time (ESLint lints on one thread). A last pass with ESLint's `stats`
// attributes parse and rule time to the plugin's own rules.
// Then three more: the same paired overhead on a real code base (ESLint's own lib/, as installed in
// node_modules for ESLint 9 and 10: the npm package ships no tests/), which must give 0 reports; the
// text language's cost per MB against the CLI's detector on the same text; and the built-in TypeScript
// parser against typescript-eslint's on the generated files. Last, the plugin's import time (goal
// < 150 ms, in a fresh process) and the first lint of an env file in a fresh process (git asked once).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import js from '@eslint/js';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import plugin from '../rules/index.js';
import { parseWithOxc } from '../rules/typescript/parser.js';
import { scanText } from '../src/detect/index.js';
import { prng } from './lib/random.js';

const GOAL_PERCENT = 2;
const IMPORT_GOAL_MS = 150;

/** The control: a plugin with one rule that listens to every Program and does nothing. */
const CONTROL = {
  plugins: { control: { rules: { noop: { meta: { type: 'problem', schema: [] }, create: () => ({ Program() {} }) } } } },
  rules: { 'control/noop': 'error' },
};
const ROUNDS = 3;
const FILES = 1000;
const PACKAGES = 10;

export interface EslintBenchResult {
  name: string;
  files: number;
  /** Total CPU ms over all rounds. */
  baselineMs: number;
  pluginMs: number;
  /** Median over packages × rounds of (with plugin / without) − 1, in percent. */
  overheadPercent: number;
  /** Share of parse + rule time spent in the plugin's rules, from ESLint's own stats. */
  ruleSharePercent: number;
  goal: number;
  realCodebase: { files: number; overheadPercent: number; reports: number };
  textLanguage: { msPerMb: number; detectorMsPerMb: number };
  parser: { builtInMs: number; typescriptEslintMs: number };
  /** Medians over fresh processes: the plugin's import (CPU and wall), the first and later .env lints. */
  startup: { importCpuMs: number; importWallMs: number; firstEnvMs: number; laterEnvMs: number };
  text: string;
}

export async function run(): Promise<EslintBenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aisa-guard-bench-eslint-'));
  try {
    generateCodebase(dir, FILES);
    const base = [
      js.configs.recommended,
      ...tseslint.configs.recommended,
      { files: ['**/*.tsx'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
    ];
    const eslintFor = (config: unknown[], stats = false) =>
      new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config as never, stats });
    const without = eslintFor([...base, CONTROL]);
    const withPlugin = eslintFor([...base, ...plugin.configs.recommended]);
    const collectGarbage = exposeGc();
    const timed = async (eslint: ESLint, target: string) => {
      collectGarbage(); // so no run pays for the garbage the previous one left
      const started = cpuMs();
      await eslint.lintFiles([target]);
      return cpuMs() - started;
    };

    // One full warm-up pass each (module loading, JIT), then the paired measurements.
    await without.lintFiles(['packages']);
    await withPlugin.lintFiles(['packages']);
    const ratios: number[] = [];
    let baselineMs = 0;
    let pluginMs = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (let p = 0; p < PACKAGES; p++) {
        const target = `packages/pkg-${p}`;
        let a: number;
        let b: number;
        if ((round + p) % 2 === 0) {
          a = await timed(without, target);
          b = await timed(withPlugin, target);
        } else {
          b = await timed(withPlugin, target);
          a = await timed(without, target);
        }
        baselineMs += a;
        pluginMs += b;
        ratios.push(b / a);
      }
    }
    const overheadPercent = (median(ratios) - 1) * 100;
    const spread = `paired ratios ${Math.min(...ratios).toFixed(3)}…${Math.max(...ratios).toFixed(3)}`;
    const ruleSharePercent = pluginRuleShare(await eslintFor([...base, ...plugin.configs.recommended], true).lintFiles(['packages']));

    const text =
      `eslint plugin (${FILES} files, ${ratios.length} paired runs): ${baselineMs.toFixed(0)} ms CPU with the one-rule control, ` +
      `${pluginMs.toFixed(0)} ms with the plugin; median overhead ${overheadPercent >= 0 ? '+' : ''}${overheadPercent.toFixed(2)}% ` +
      `(goal < ${GOAL_PERCENT}%, ${spread}) ${overheadPercent < GOAL_PERCENT ? 'ok' : 'OVER GOAL'}; plugin rules take ` +
      `${ruleSharePercent.toFixed(2)}% of parse + rule time`;
    console.log(text);
    const parser = parserSpeed(dir);
    const realCodebase = await realCodebaseOverhead(dir, timed);
    const textLanguage = await textLanguageCost(dir, collectGarbage);
    const startup = startupCost(dir);
    return { name: 'eslint', files: FILES, baselineMs, pluginMs, overheadPercent, ruleSharePercent, goal: GOAL_PERCENT, realCodebase, textLanguage, parser, startup, text };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Timed = (eslint: ESLint, target: string) => Promise<number>;

/** ESLint's own lib/ (ESLint 9 and 10 as installed), linted with eslint's recommended rules, paired per folder. */
async function realCodebaseOverhead(dir: string, timed: Timed): Promise<EslintBenchResult['realCodebase']> {
  const require = createRequire(import.meta.url);
  const root = path.join(dir, 'eslint-lib');
  for (const name of ['eslint', 'eslint10']) {
    cpSync(path.join(path.dirname(require.resolve(`${name}/package.json`)), 'lib'), path.join(root, name), { recursive: true });
  }
  // Each top-level folder with JavaScript in it, and each copy's own top-level files: ~20 paired targets.
  const hasJs = (folder: string) => (readdirSync(path.join(root, folder), { recursive: true }) as string[]).some((f) => f.endsWith('.js'));
  const targets = ['eslint', 'eslint10'].flatMap((name) => [
    `${name}/*.js`,
    ...readdirSync(path.join(root, name), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && hasJs(path.join(name, entry.name)))
      .map((entry) => path.join(name, entry.name)),
  ]);
  const base = [js.configs.recommended, { languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } } }];
  const eslintFor = (config: unknown[]) => new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config as never });
  const without = eslintFor([...base, CONTROL]);
  const withPlugin = eslintFor([...base, ...plugin.configs.recommended]);
  await without.lintFiles(['.']);
  const results = await withPlugin.lintFiles(['.']);
  const reports = results.flatMap((r) => r.messages).filter((m) => m.ruleId?.startsWith('aisa-guard/')).length;
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, target] of targets.entries()) {
      // Alternate which config goes first, as above.
      const withoutFirst = (round + i) % 2 === 0;
      const before = withoutFirst ? await timed(without, target) : undefined;
      const plugged = await timed(withPlugin, target);
      ratios.push(plugged / (before ?? (await timed(without, target))));
    }
  }
  const overheadPercent = (median(ratios) - 1) * 100;
  console.log(
    `eslint plugin on ESLint's own lib/ (${results.length} files, ${ratios.length} paired runs): median overhead ` +
      `${overheadPercent >= 0 ? '+' : ''}${overheadPercent.toFixed(2)}% (goal < ${GOAL_PERCENT}%), ${reports} reports (goal 0) ` +
      `${overheadPercent < GOAL_PERCENT && reports === 0 ? 'ok' : 'OVER GOAL'}`,
  );
  return { files: results.length, overheadPercent, reports };
}

/**
 * Fresh processes (5 each, medians): `import('eslint-plugin-aisa-guard')` timed inside the process (CPU
 * and wall, so Node's own start is not counted); then, in a git repository with 20 env files in 10
 * folders, the first `.env` linted (it pays the one `git ls-files`) and the median of the others.
 */
function startupCost(dir: string): EslintBenchResult['startup'] {
  const require = createRequire(import.meta.url);
  const pluginEntry = require.resolve('eslint-plugin-aisa-guard');
  const eslintEntry = require.resolve('eslint');
  const repo = path.join(dir, 'env-repo');
  mkdirSync(repo);
  execFileSync('git', ['init', '-q'], { cwd: repo });
  writeFileSync(path.join(repo, '.gitignore'), '.env.local\n');
  for (let i = 0; i < 10; i++) {
    mkdirSync(path.join(repo, `app-${i}`));
    writeFileSync(path.join(repo, `app-${i}`, '.env'), `A=${i}\nAISA_BASE_URL=https://api.aisa.one/v1\n`);
    writeFileSync(path.join(repo, `app-${i}`, '.env.local'), `B=${i}\n`);
  }
  const script = `
    const cpu0 = process.cpuUsage(); const t0 = performance.now();
    const plugin = (await import(${JSON.stringify(pluginEntry)})).default;
    const importWall = performance.now() - t0; const c = process.cpuUsage(cpu0);
    const { ESLint } = await import(${JSON.stringify(eslintEntry)});
    const eslint = new ESLint({ cwd: ${JSON.stringify(repo)}, overrideConfigFile: true, overrideConfig: plugin.configs.recommended });
    const times = [];
    for (let i = 0; i < 10; i++) { const t = performance.now(); await eslint.lintFiles(['app-' + i + '/.env', 'app-' + i + '/.env.local']); times.push(performance.now() - t); }
    console.log(JSON.stringify({ importCpu: (c.user + c.system) / 1000, importWall, first: times[0], later: times.slice(1) }));`;
  const runs = [...Array(5)].map(() => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { importCpu: number; importWall: number; first: number; later: number[] });
  const startup = {
    importCpuMs: median(runs.map((r) => r.importCpu)),
    importWallMs: median(runs.map((r) => r.importWall)),
    firstEnvMs: median(runs.map((r) => r.first)),
    laterEnvMs: median(runs.flatMap((r) => r.later)),
  };
  console.log(
    `eslint plugin startup (5 fresh processes, medians): import ${startup.importCpuMs.toFixed(0)} ms CPU / ${startup.importWallMs.toFixed(0)} ms wall ` +
      `(goal < ${IMPORT_GOAL_MS} ms) ${startup.importCpuMs < IMPORT_GOAL_MS ? 'ok' : 'OVER GOAL'}; first .env lint ${startup.firstEnvMs.toFixed(1)} ms ` +
      `(ESLint's first file included), each later folder's .env pair ${startup.laterEnvMs.toFixed(1)} ms`,
  );
  return startup;
}

/** 8 MB of YAML and Markdown mentioning AIsa (so the detector runs), no key: configs.all's text language vs scanText. */
async function textLanguageCost(dir: string, collectGarbage: () => void): Promise<EslintBenchResult['textLanguage']> {
  const root = path.join(dir, 'text');
  mkdirSync(root);
  const next = prng(7);
  let bytes = 0;
  const texts: string[] = [];
  for (let f = 0; f < 8; f++) {
    const lines: string[] = [];
    while (lines.join('\n').length < 1_000_000) {
      const n = Math.floor(next() * 1e9).toString(36);
      lines.push(f % 2 ? `- service-${n}:\n    url: https://api.aisa.one/v1\n    token: \${AISA_API_KEY}\n    note: rotate ${n} sk-aisa-your-key-here` : `## Step ${n}\n\nCall the AIsa API with \`Authorization: Bearer $AISA_API_KEY\` (id ${n}).`);
    }
    const text = lines.join('\n') + '\n';
    texts.push(text);
    bytes += Buffer.byteLength(text);
    writeFileSync(path.join(root, `doc-${f}.${f % 2 ? 'yaml' : 'md'}`), text);
  }
  const mb = bytes / 1e6;
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: plugin.configs.all as never });
  await eslint.lintFiles(['.']);
  collectGarbage();
  let started = cpuMs();
  const results = await eslint.lintFiles(['.']);
  const msPerMb = (cpuMs() - started) / mb;
  collectGarbage();
  started = cpuMs();
  for (const [i, text] of texts.entries()) scanText(text, { file: `doc-${i}` });
  const detectorMsPerMb = (cpuMs() - started) / mb;
  const reports = results.flatMap((r) => r.messages).length;
  console.log(
    `text language (configs.all) on ${mb.toFixed(1)} MB of YAML/Markdown: ${msPerMb.toFixed(1)} ms CPU per MB with ESLint ` +
      `around it; the CLI's detector alone ${detectorMsPerMb.toFixed(1)} ms/MB; ${reports} reports (expected 0)`,
  );
  return { msPerMb, detectorMsPerMb };
}

/** The built-in TypeScript parser against typescript-eslint's (no type information) on the generated files. */
function parserSpeed(dir: string): EslintBenchResult['parser'] {
  const files = (readdirSync(path.join(dir, 'packages'), { recursive: true }) as string[])
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => ({ filePath: f, code: readFileSync(path.join(dir, 'packages', f), 'utf8') }));
  const parseAll = (parse: (code: string, filePath: string) => unknown) => {
    for (const { code, filePath } of files.slice(0, 50)) parse(code, filePath); // warm-up
    const started = cpuMs();
    for (const { code, filePath } of files) parse(code, filePath);
    return cpuMs() - started;
  };
  const builtInMs = parseAll((code, filePath) => parseWithOxc(code, { filePath }));
  const typescriptEslintMs = parseAll((code, filePath) => (tseslint.parser.parseForESLint as (code: string, options: object) => unknown)(code, { filePath, range: true, loc: true, tokens: true, comment: true }));
  console.log(
    `TypeScript parsing for ESLint (tree, tokens, scopes), ${files.length} files: built-in (oxc) ${builtInMs.toFixed(0)} ms, ` +
      `typescript-eslint ${typescriptEslintMs.toFixed(0)} ms (${(typescriptEslintMs / builtInMs).toFixed(1)}× slower)`,
  );
  return { builtInMs, typescriptEslintMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `gc()` without the `--expose-gc` flag: the bench is imported by a driver that sets no flags. */
function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function pluginRuleShare(results: ESLint.LintResult[]): number {
  let all = 0;
  let ours = 0;
  for (const result of results) {
    for (const pass of result.stats?.times.passes ?? []) {
      all += pass.parse.total;
      for (const [ruleId, time] of Object.entries(pass.rules ?? {})) {
        all += time.total;
        if (ruleId.startsWith('aisa-guard/')) ours += time.total;
      }
    }
  }
  return all ? (ours / all) * 100 : 0;
}

// --- the generated codebase -------------------------------------------------------------------------

const NOUNS = ['user', 'order', 'invoice', 'product', 'cart', 'session', 'report', 'message', 'team', 'project', 'payment', 'review'];
const VERBS = ['load', 'save', 'update', 'remove', 'sync', 'validate', 'format', 'merge', 'render', 'archive'];

function generateCodebase(dir: string, count: number): void {
  const next = prng(42);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const kinds = [serviceFile, componentFile, utilFile, typesFile, configFile];
  for (let i = 0; i < count; i++) {
    const noun = pick(NOUNS);
    const kind = kinds[i % kinds.length];
    const folder = path.join(dir, 'packages', `pkg-${Math.floor((i * PACKAGES) / count)}`, 'src', kind.name.replace('File', ''), `${noun}s`);
    mkdirSync(folder, { recursive: true });
    // One group of files in forty talks to AIsa (so the plugin's listeners really run); one loads dotenv.
    const aisa = Math.floor(i / kinds.length) % 40 === 1;
    const dotenv = i === 0;
    const ext = kind === componentFile ? 'tsx' : 'ts';
    writeFileSync(path.join(folder, `${noun}-${i}.${ext}`), kind({ i, noun, Noun: cap(noun), pick, next, aisa, dotenv }));
  }
}

interface Spec {
  i: number;
  noun: string;
  Noun: string;
  pick: <T>(items: readonly T[]) => T;
  next: () => number;
  aisa: boolean;
  dotenv: boolean;
}

function serviceFile({ i, noun, Noun, pick, next, aisa, dotenv }: Spec): string {
  const methods = Array.from({ length: 4 + Math.floor(next() * 5) }, (_, m) => {
    const verb = pick(VERBS);
    return `
  /** ${cap(verb)}s a ${noun} and records how long it took. */
  async ${verb}${Noun}${m}(id: string, options: RequestOptions = {}): Promise<${Noun}Record | undefined> {
    const started = Date.now();
    const response = await fetch(\`\${this.baseUrl}/${noun}s/\${encodeURIComponent(id)}?op=${verb}\`, {
      method: '${m % 2 ? 'POST' : 'GET'}',
      headers: { Authorization: \`Bearer \${this.token}\`, 'Content-Type': 'application/json' },
      signal: options.signal,
    });
    if (!response.ok) {
      throw new ServiceError(\`${verb} ${noun} \${id} failed with \${response.status}\`, response.status);
    }
    const body = (await response.json()) as { data?: ${Noun}Record };
    this.metrics.push({ name: '${noun}.${verb}', ms: Date.now() - started });
    return body.data;
  }`;
  });
  return `${dotenv ? "import 'dotenv/config';\n" : ''}// ${Noun} service #${i}: talks to the ${noun} API.
${aisa ? "// Summaries come from AIsa's OpenAI-compatible API; the key stays on the server.\nconst AISA_BASE_URL = 'https://api.aisa.one/v1';\nconst aisaKey = process.env.AISA_API_KEY ?? '';\n" : ''}
export interface ${Noun}Record {
  id: string;
  name: string;
  createdAt: string;
  tags: string[];
}

interface RequestOptions {
  signal?: AbortSignal;
  retries?: number;
}

export class ServiceError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
    this.name = 'ServiceError';
  }
}

export class ${Noun}Service${i} {
  private readonly metrics: { name: string; ms: number }[] = [];

  constructor(private readonly baseUrl: string, private readonly token: string) {}
${methods.join('\n')}
${aisa ? `
  async summarize(text: string): Promise<string> {
    const response = await fetch(\`\${AISA_BASE_URL}/chat/completions\`, {
      method: 'POST',
      headers: { Authorization: \`Bearer \${aisaKey}\`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] }),
    });
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    return body.choices[0]?.message.content ?? '';
  }
` : ''}
  report(): string {
    return this.metrics.map((m) => \`\${m.name}: \${m.ms}ms\`).join('\\n');
  }
}
`;
}

function componentFile({ i, noun, Noun, next }: Spec): string {
  const rows = Array.from({ length: 3 + Math.floor(next() * 4) }, (_, r) => `        <td className="cell-${r}">{item.name.slice(0, ${8 + r})}</td>`);
  return `// ${Noun} list #${i}.
import { useEffect, useMemo, useState } from 'react';

interface ${Noun}Item {
  id: string;
  name: string;
  score: number;
}

interface Props {
  items: ${Noun}Item[];
  title?: string;
  onSelect(item: ${Noun}Item): void;
}

export function ${Noun}List${i}({ items, title = '${Noun}s', onSelect }: Props) {
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const filtered = useMemo(
    () => items.filter((item) => item.name.toLowerCase().includes(query.toLowerCase())),
    [items, query],
  );
  useEffect(() => {
    document.title = \`\${title} (\${filtered.length})\`;
  }, [title, filtered.length]);

  return (
    <section className="${noun}-list">
      <h2>{title}</h2>
      <input value={query} placeholder="Search ${noun}s" onChange={(e) => setQuery(e.target.value)} />
      <table>
        <tbody>
          {filtered.slice(page * 20, page * 20 + 20).map((item) => (
            <tr key={item.id} onClick={() => onSelect(item)}>
${rows.join('\n')}
              <td>{item.score.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button disabled={page === 0} onClick={() => setPage(page - 1)}>Previous</button>
      <button onClick={() => setPage(page + 1)}>Next</button>
      <p>Showing {filtered.length} of {items.length} ${noun}s.</p>
    </section>
  );
}
`;
}

function utilFile({ i, noun, Noun, pick, next }: Spec): string {
  const helpers = Array.from({ length: 5 + Math.floor(next() * 6) }, (_, h) => {
    const verb = pick(VERBS);
    return `
/** ${cap(verb)} helper ${h} for ${noun}s. */
export function ${verb}${Noun}${h}(values: readonly number[], label = '${noun}-${h}'): string {
  let total = 0;
  for (const value of values) {
    if (Number.isNaN(value)) continue;
    total += value > ${h * 10} ? value * ${h + 1} : value / ${h + 2};
  }
  switch (values.length % 3) {
    case 0:
      return \`\${label}: \${total.toFixed(${h % 4})}\`;
    case 1:
      return label.replace(/[^a-z0-9-]/gi, '_') + String(total);
    default:
      return [label, total, values.length].join(':');
  }
}`;
  });
  return `// Helpers for ${noun}s (#${i}).\n${helpers.join('\n')}\n`;
}

function typesFile({ i, noun, Noun, next }: Spec): string {
  const fields = Array.from({ length: 6 + Math.floor(next() * 8) }, (_, f) => `  field${f}${f % 3 ? '?' : ''}: ${['string', 'number', 'boolean', 'string[]'][f % 4]};`);
  return `// ${Noun} types (#${i}).
export type ${Noun}Id = string & { readonly brand: '${noun}' };

export interface ${Noun}${i} {
  id: ${Noun}Id;
${fields.join('\n')}
}

export type ${Noun}Event =
  | { type: 'created'; ${noun}: ${Noun}${i} }
  | { type: 'updated'; ${noun}: ${Noun}${i}; changes: Partial<${Noun}${i}> }
  | { type: 'deleted'; id: ${Noun}Id };

export const ${noun.toUpperCase()}_EVENTS = ['created', 'updated', 'deleted'] as const;

export function is${Noun}Event(value: unknown): value is ${Noun}Event {
  return typeof value === 'object' && value !== null && 'type' in value;
}
`;
}

function configFile({ i, noun, Noun, aisa }: Spec): string {
  return `// Runtime configuration for the ${noun} module (#${i}).
const env = process.env;

export const ${noun}Config${i} = {
  apiUrl: env.${noun.toUpperCase()}_API_URL ?? 'https://api.example.com/${noun}s',
  timeoutMs: Number(env.${noun.toUpperCase()}_TIMEOUT_MS ?? 5000),
  retries: Number(env.${noun.toUpperCase()}_RETRIES ?? 3),
  featureFlags: (env.${noun.toUpperCase()}_FLAGS ?? '').split(',').filter(Boolean),
  publicTitle: import.meta.env.VITE_${noun.toUpperCase()}_TITLE ?? '${Noun}s',${aisa ? "\n  // Set AISA_API_KEY in .env.local, e.g. sk-aisa-your-key-here (never commit it).\n  aisaKey: env.AISA_API_KEY," : ''}
};

export function describe${Noun}Config(): string {
  const { apiUrl, timeoutMs, retries } = ${noun}Config${i};
  return \`\${apiUrl} (timeout \${timeoutMs}ms, \${retries} retries)\`;
}
`;
}

function cap(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}
