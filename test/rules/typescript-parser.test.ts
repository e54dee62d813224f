// The built-in TypeScript parser (oxc-parser + typescript-eslint's scope manager) against typescript-eslint's
// own parser on this repository's sources: the same tree, tokens and comments, and the same lint results.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import * as tsestree from '@typescript-eslint/typescript-estree';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import typescriptParser, { installedTypescriptEslintParser, parseForESLint, parseWithOxc } from '../../rules/typescript/parser.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCES = ['src', 'rules', 'test/rules'].flatMap((dir) =>
  (fs.readdirSync(path.join(ROOT, dir), { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f)).map((f) => path.join(ROOT, dir, f)),
);

/** Every node as `key:type@start-end`, in visiting order. */
function shape(node: unknown, key = 'root', out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const each of node) shape(each, key, out);
    return out;
  }
  if (!node || typeof node !== 'object' || typeof (node as { type?: unknown }).type !== 'string') return out;
  const n = node as Record<string, unknown> & { type: string; range: [number, number] };
  out.push(`${key}:${n.type}@${n.range.join('-')}`);
  for (const k of Object.keys(n).sort()) {
    if (!['parent', 'loc', 'range', 'tokens', 'comments'].includes(k)) shape(n[k], k, out);
  }
  return out;
}

const located = (list: { type: string; value: string; range: [number, number]; loc: { start: object; end: object } }[]) =>
  list.map((t) => [t.type, t.value, t.range, t.loc.start, t.loc.end]);

describe('the built-in TypeScript parser', () => {
  it(`gives typescript-eslint's tree, tokens and comments on ${SOURCES.length} files of this repository`, () => {
    expect(SOURCES.length).toBeGreaterThan(80);
    for (const file of SOURCES) {
      const code = fs.readFileSync(file, 'utf8').replace(/^#!/, '//'); // as ESLint hands it over
      const ours = parseWithOxc(code, { filePath: file }).ast;
      const theirs = tsestree.parse(code, { range: true, loc: true, comment: true, tokens: true, jsx: file.endsWith('x') });
      expect(shape(ours), file).toEqual(shape(theirs));
      expect(located(ours.tokens!), file).toEqual(located(theirs.tokens!));
      expect(located(ours.comments!), file).toEqual(located(theirs.comments!));
    }
  });

  it("gives the same lint results as typescript-eslint's parser (eslint + typescript-eslint recommended)", async () => {
    // Plus rules that report often here and read tokens (spacing) or scopes (undef, shadow), so the
    // comparison has a few thousand messages to agree on.
    const often = {
      rules: {
        'no-undef': 'error', 'no-shadow': 'error', 'no-magic-numbers': 'error', curly: 'error', 'id-length': 'error',
        'keyword-spacing': ['error', { before: false }], 'comma-spacing': ['error', { before: true }],
        'object-curly-spacing': ['error', 'never'], 'arrow-parens': ['error', 'as-needed'], 'prefer-destructuring': 'error',
      },
    };
    const rules = [js.configs.recommended, ...tseslint.configs.recommended, often];
    const lint = async (parser: unknown, parserOptions: object) => {
      const config = [...rules, { files: ['**/*.ts'], languageOptions: { parser, parserOptions } }];
      const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: config as never });
      const results = await eslint.lintFiles(SOURCES);
      return results.map((r) => ({ file: path.relative(ROOT, r.filePath), messages: r.messages.map((m) => [m.ruleId, m.line, m.column, m.message]) }));
    };
    // Two full lints: at low priority, so timing tests in the other worker keep their core.
    const priority = os.getPriority();
    os.setPriority(19);
    try {
      const ours = await lint(typescriptParser, { aisaGuardParser: 'oxc' });
      expect(ours.flatMap((r) => r.messages).length).toBeGreaterThan(1000);
      expect(ours).toEqual(await lint(tseslint.parser, {}));
    } finally {
      try {
        os.setPriority(priority);
      } catch {
        // raising it back needs privileges; the rest of this worker's files then run at low priority
      }
    }
  }, 120_000);

  it('reports a syntax error as ESLint expects: one fatal message with its line', () => {
    const linter = new Linter();
    const config = [{ files: ['**/*.ts'], languageOptions: { parser: typescriptParser, parserOptions: { aisaGuardParser: 'oxc' } } }];
    const [message] = linter.verify('const a = 1;\nconst b: = 2;\n', config as never, 'bad.ts');
    expect(message).toMatchObject({ fatal: true, line: 2, ruleId: null });
    expect(message.message).toMatch(/^Parsing error: /);
  });

  it('types words that are keywords or names by their use, as typescript-estree does', () => {
    const code = 'let a = 1; class C implements I { static s = 1; public p = 2; private q = 3; protected r = 4; }\ninterface I {}\n' +
      'function* f() { if (a) yield b; }\nvar o = { yield: 1, static: 2, let: 3, null: 4 }; o.interface = 4; enum E {}\nlet n: string | null = null; const k = [1] as const; const u = import.meta.url;\n';
    const types = (tokens: { type: string; value: string }[]) => tokens.map((t) => `${t.value}:${t.type}`);
    expect(types(parseWithOxc(code, { filePath: 'a.ts' }).ast.tokens!)).toEqual(types(tsestree.parse(code, { tokens: true, range: true, loc: true }).tokens));
  });

  it('parses .tsx as TSX and .ts with `<T>` casts as TypeScript', () => {
    expect(parseWithOxc('const el = <div a="1">{x}</div>;', { filePath: 'a.tsx' }).ast.body[0].type).toBe('VariableDeclaration');
    expect(parseWithOxc('const n = <number>x;', { filePath: 'a.ts' }).ast.tokens!.map((t) => t.value)).toEqual(['const', 'n', '=', '<', 'number', '>', 'x', ';']);
  });

  it("hands files to typescript-eslint's parser where the project has it, so type-aware configs keep their services", () => {
    expect(parseForESLint('let a = 1;', { filePath: 'a.ts' }).services).toHaveProperty('esTreeNodeToTSNodeMap');
    expect(parseForESLint('let a = 1;', { filePath: 'a.ts', aisaGuardParser: 'oxc' }).services).toEqual({});
  });
});

describe('the parser it hands files to', () => {
  it("is typescript-eslint's own (the `tseslint.parser` a config names), not a second copy", () => {
    // This repository has two: typescript-eslint's nested one, and an older one @typescript-eslint/rule-tester pulls in.
    expect(installedTypescriptEslintParser()?.parseForESLint).toBe(tseslint.parser.parseForESLint);
  });
});
