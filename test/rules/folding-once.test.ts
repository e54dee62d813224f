// Folding reports a key once, where it is introduced: a constant holding a key is not reported again
// at each use, across files too (`const` imports are followed through the module graph).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import rule from '../../rules/no-hardcoded-key.js';
import { fakeKey } from '../helpers/keys.js';
import { ruleTester, testerRule } from './tester.js';

const K = fakeKey('once:whole');
const B = fakeKey('once:split').slice('sk-aisa-'.length);
const ENV = 'process.env.AISA_API_KEY';

/** One error spanning the first `expression` in `code`, whose suggestion replaces it with the env read. */
function once(code: string, expression: string, filename?: string) {
  const start = code.indexOf(expression);
  const before = code.slice(0, start).split('\n');
  const column = before[before.length - 1].length + 1;
  const error = {
    messageId: 'hardcodedKey' as const,
    line: before.length,
    column,
    endColumn: column + expression.length,
    suggestions: [{ messageId: 'useEnv' as const, output: code.replace(expression, ENV) }],
  };
  return { code, errors: [error], ...(filename ? { filename } : {}) };
}

// A project on disk for imports: modules that export parts of keys, whole keys, and re-exports.
const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aisa-guard-folding-once-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const files: Record<string, string> = {
  'src/parts.ts': `export const PREFIX = "sk-aisa-";\nexport const BODY = "${B}";\nexport let MUTABLE = "sk-aisa-";\nconst local = "sk-aisa-";\nexport { local as RENAMED };\nexport default "sk-aisa-";\n`,
  'src/whole.ts': `export const KEY = "${K}";\n`,
  'src/barrel/index.ts': `export { PREFIX as P } from "../parts.js";\nimport { BODY } from "../parts";\nexport { BODY };\n`,
  'src/plain.js': `export const PREFIX = "sk-aisa-";\n`,
  // No needle in its text: read only once the expression using it names the key's prefix itself.
  'src/body-only.ts': `export const TAIL = "${B}";\n`,
  'src/broken.ts': 'export const PREFIX = "sk-aisa-" +;\n',
  'src/huge.ts': `export const PREFIX = "sk-aisa-";\n${'// padding\n'.repeat(30_000)}`,
};
for (const [name, text] of Object.entries(files)) {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), text);
}
const main = path.join(dir, 'src/main.ts');

ruleTester.run('no-hardcoded-key reports a key once', testerRule(rule), {
  valid: [
    // The key is wholly inside the imported constant: reported when src/whole.ts is linted, not here.
    { code: `import { KEY } from "./whole";\nconst auth = "Bearer " + KEY;\nfetch(url, { headers: { auth: KEY + "" } });`, filename: main },
    // Not followed: packages, `let` exports, broken or oversized modules.
    { code: `import { PREFIX } from "some-package";\nconst k = PREFIX + "${B}";`, filename: main },
    { code: `import { MUTABLE } from "./parts";\nconst k = MUTABLE + "${B}";`, filename: main },
    { code: `import { PREFIX } from "./broken";\nconst k = PREFIX + "${B}";`, filename: main },
    { code: `import { PREFIX } from "./huge";\nconst k = PREFIX + "${B}";`, filename: main },
    { code: `import { PREFIX } from "./missing";\nconst k = PREFIX + "${B}";`, filename: main },
    // A file where a folder would be (`./hero.png/index.ts` is tried): not a module, no error.
    { code: `import hero from "./whole.ts/sub";\nimport { PREFIX } from "./whole.ts/x";\nconst k = PREFIX + hero + "${B}";`, filename: main },
  ],
  invalid: [
    // Introduced at `p + B`; the uses of `k` below are not new keys (on main: 4 reports).
    once(`const p = "sk-aisa-";\nconst k = p + "${B}";\nconst auth = "Bearer " + k;\nconst header = \`Bearer \${k}\`;\nconst both = [k, "x"].join(" ");`, `p + "${B}"`),
    // Through an alias, a member and a join of a constant built elsewhere.
    once(`const k = "sk-aisa-" + "${B}";\nconst alias = k;\nconst cfg = { key: alias };\nconst auth = "Bearer " + cfg.key;`, `"sk-aisa-" + "${B}"`),
    once(`const parts = ["sk-aisa-", "${B}"];\nconst k = parts.join("");\nconst auth = "Bearer " + k;`, 'parts.join("")'),
    // A whole key in a constant, used in a template: reported once, at the literal.
    {
      code: `const k = "${K}";\nconst a = \`Bearer \${k}\`;\nconst b = k + " end";`,
      errors: [{ messageId: 'hardcodedKey', line: 1, column: 12, endColumn: 63, suggestions: [{ messageId: 'useEnv', output: `const k = ${ENV};\nconst a = \`Bearer \${k}\`;\nconst b = k + " end";` }] }],
    },
    // Imported parts: the key is made here, so it is reported here.
    once(`import { PREFIX } from "./parts";\nconst k = PREFIX + "${B}";`, `PREFIX + "${B}"`, main),
    once(`import { PREFIX, BODY } from "./parts.js";\nconst k = \`\${PREFIX}\${BODY}\`;`, '`${PREFIX}${BODY}`', main),
    once(`import { RENAMED } from "./parts";\nconst k = RENAMED + "${B}";`, `RENAMED + "${B}"`, main),
    once(`import prefix from "./parts";\nconst k = prefix.concat("${B}");`, `prefix.concat("${B}")`, main),
    once(`import { P, BODY } from "./barrel";\nconst k = [P, BODY].join("");`, '[P, BODY].join("")', main),
    once(`import { PREFIX } from "./plain.js";\nconst k = PREFIX + "${B}";`, `PREFIX + "${B}"`, main),
    once(`import { TAIL } from "./body-only";\nconst k = "sk-aisa-" + TAIL;`, `"sk-aisa-" + TAIL`, main),
    once(`import { PREFIX } from "./parts";\nimport { TAIL } from "./body-only";\nconst k = \`\${PREFIX}\${TAIL}\`;`, '`${PREFIX}${TAIL}`', main),
  ],
});
