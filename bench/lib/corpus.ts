// A generated source tree for the scan bench: TS/JS/Python/Go/JSON/YAML/Markdown files built from a
// seeded generator, a few keys planted (made at run time, never written in the repository), and some
// placeholders so the prefilter sees near misses. Cached in os.tmpdir() and reused when complete.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prng } from './random.js';

export interface Corpus {
  dir: string;
  files: number;
  bytes: number;
  planted: number;
}


export function benchKey(seed: string): string {
  return 'sk-aisa-' + createHash('sha256').update(`aisa-guard-bench:${seed}`).digest('base64url');
}

const WORDS = (
  'value result config client request response error module index data items count total user account ' +
  'session token handler router service store cache queue worker event payload options settings schema ' +
  'parser render update create delete fetch stream buffer offset length record entry report status'
).split(' ');

type Language = 'ts' | 'js' | 'py' | 'go' | 'json' | 'yaml' | 'md';
const LANGUAGES: Language[] = ['ts', 'ts', 'ts', 'js', 'js', 'py', 'go', 'json', 'yaml', 'md'];

function lineMaker(lang: Language, rand: () => number): () => string {
  const w = () => WORDS[Math.floor(rand() * WORDS.length)];
  const n = () => Math.floor(rand() * 10_000);
  const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
  const makers: Record<Language, (() => string)[]> = {
    ts: [
      () => `export async function ${w()}${cap(w())}(${w()}: ${cap(w())}Options): Promise<${cap(w())}> {`,
      () => `  const ${w()} = await this.${w()}.${w()}(${w()}, { ${w()}: ${n()}, ${w()}: '${w()}-${w()}' });`,
      () => `  if (!${w()}.${w()}) throw new Error(\`${w()} ${w()} failed: \${${w()}.${w()}}\`);`,
      () => `import { ${cap(w())}, ${w()}${cap(w())} } from '../${w()}/${w()}.js';`,
      () => `  return ${w()}.map((${w()}) => ({ ...${w()}, ${w()}: ${w()}.${w()} + ${n()} }));`,
      () => '}',
      () => `// ${cap(w())} the ${w()} before the ${w()} is ${w()}ed; see ${w()}.ts for details.`,
    ],
    js: [
      () => `function ${w()}(${w()}, ${w()}) { return ${w()}[${w()}] || ${n()}; }`,
      () => `module.exports.${w()} = require('./${w()}').${w()};`,
      () => `var ${w()}=${n()},${w()}="${w()}",${w()}=[${n()},${n()},${n()}];`,
    ],
    py: [
      () => `def ${w()}_${w()}(self, ${w()}: int = ${n()}) -> dict:`,
      () => `    ${w()} = self.${w()}.get("${w()}", ${n()})`,
      () => `    return {"${w()}": ${w()}, "${w()}": [${n()}, ${n()}]}`,
      () => `from .${w()} import ${cap(w())}${cap(w())}`,
      () => `    # ${w()} the ${w()} when the ${w()} is empty`,
    ],
    go: [
      () => `func (s *${cap(w())}) ${cap(w())}(ctx context.Context, ${w()} int) (*${cap(w())}, error) {`,
      () => `\t${w()}, err := s.${w()}.${cap(w())}(ctx, ${w()})`,
      () => `\tif err != nil {\n\t\treturn nil, fmt.Errorf("${w()}: %w", err)\n\t}`,
      () => '}',
    ],
    json: [() => `  "${w()}${cap(w())}": { "${w()}": ${n()}, "${w()}": "${w()}-${w()}", "enabled": ${rand() < 0.5} },`],
    yaml: [() => `${w()}:\n  ${w()}: ${n()}\n  ${w()}: "${w()} ${w()}"\n  - ${w()}`],
    md: [
      () => `## ${cap(w())} ${w()}\n`,
      () => `The ${w()} ${w()} keeps a ${w()} of every ${w()}, so a ${w()} never ${w()}s twice.`,
      () => '```bash\nnpm run ' + w() + ' -- --' + w() + '=' + n() + '\n```',
    ],
  };
  const choices = makers[lang];
  return () => choices[Math.floor(rand() * choices.length)]();
}

/** About `bytes` of text in `lang`. */
function fileText(lang: Language, bytes: number, rand: () => number): string {
  const next = lineMaker(lang, rand);
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const line = next();
    lines.push(line);
    size += line.length + 1;
  }
  return (lang === 'json' ? '{\n' : '') + lines.join('\n') + (lang === 'json' ? '\n  "end": true\n}\n' : '\n');
}

/**
 * `files` files (about `totalBytes` together) in nested package folders; `planted` files hold a real-
 * looking key and ~1% hold a placeholder (`sk-aisa-your-key-here`). The generator writes a marker last;
 * a folder without it is regenerated.
 */
export function cachedCorpus(name: string, files: number, totalBytes: number, planted: number): Corpus {
  const dir = path.join(os.tmpdir(), 'aisa-guard-bench', `${name}-v2`);
  const marker = path.join(dir, '.corpus.json');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as Corpus;
  rmSync(dir, { recursive: true, force: true });
  const rand = prng(42);
  const average = totalBytes / files;
  let bytes = 0;
  const plantAt = new Set(Array.from({ length: planted }, (_, i) => Math.floor(((i + 0.5) * files) / planted)));
  for (let i = 0; i < files; i++) {
    const lang = LANGUAGES[i % LANGUAGES.length];
    // 40 packages × 25 modules: about 20 files per folder at full scale, as in real trees.
    const folder = path.join(dir, `packages/pkg-${i % 40}`, `src/mod-${Math.floor(i / 40) % 25}`);
    mkdirSync(folder, { recursive: true });
    let text = fileText(lang, average * (0.25 + rand() * 1.5), rand);
    if (plantAt.has(i)) text += `const AISA_API_KEY = "${benchKey(String(i))}";\n`;
    else if (i % 97 === 0) text += 'AISA_API_KEY=sk-aisa-your-key-here\n';
    const file = path.join(folder, `file-${i}.${lang}`);
    writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
  }
  writeFileSync(path.join(dir, '.gitignore'), 'dist/\n*.log\n');
  const corpus: Corpus = { dir, files, bytes, planted };
  writeFileSync(marker, JSON.stringify(corpus));
  return corpus;
}

/** One file of `bytes` bytes built from `unit` (a pathological input) or of ordinary source text. */
export function cachedFile(name: string, bytes: number, unit: string | undefined): string {
  const dir = path.join(os.tmpdir(), 'aisa-guard-bench', 'single', name);
  const file = path.join(dir, 'input.txt');
  if (existsSync(file) && readFileSync(path.join(dir, '.size'), 'utf8') === String(bytes)) return dir;
  mkdirSync(dir, { recursive: true });
  const text = unit === undefined ? fileText('ts', bytes, prng(7)).slice(0, bytes) : unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
  writeFileSync(file, text);
  writeFileSync(path.join(dir, '.size'), String(bytes));
  return dir;
}
