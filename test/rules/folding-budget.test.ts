// Folding is bounded: each expression is cut within a step and text budget and static values within a
// size budget, so inputs built to double at every line lint in linear time and memory (on main: the
// `+` form ran 54 s to `RangeError: Invalid string length`, the join and template forms aborted at 6 GB).
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../rules/index.js';
import rule from '../../rules/no-hardcoded-key.js';
import clientRule from '../../rules/no-client-exposed-key.js';
import envFileRule from '../../rules/no-unignored-env-file.js';
import { fakeKey } from '../helpers/keys.js';
import { ruleTester, testerRule } from './tester.js';

const B = fakeKey('budget:split').slice('sk-aisa-'.length);
const LINES = 27;

/** `const a0 = "sk-aisa-"` then LINES lines, each doubling the one before in the given form. */
function doubling(form: (previous: string) => string, start = '"sk-aisa-"'): string {
  const lines = [`const a0 = ${start};`];
  for (let n = 1; n <= LINES; n++) lines.push(`const a${n} = ${form(`a${n - 1}`)};`);
  return lines.join('\n');
}
const FORMS: Record<string, (previous: string) => string> = {
  plus: (a) => `${a} + ${a}`,
  join: (a) => `[${a}, ${a}].join("")`,
  template: (a) => `\`\${${a}}\${${a}}\``,
  concat: (a) => `${a}.concat(${a})`,
  // Not a string builder: only ESLint's getStaticValue would expand it.
  logical: (a) => `(${a} || "") + (${a} || "")`,
  member: (a) => `{ x: ${a}.x + ${a}.x }`,
};
/** A key after the hostile lines, so the rule is shown to still work in the same file. */
const TAIL = `\nconst key = a0 + "${B}";`;
const tailError = { messageId: 'hardcodedKey' as const, line: LINES + 2, column: 13, suggestions: [{ messageId: 'useEnv' as const, output: '' }] };

ruleTester.run('no-hardcoded-key on hostile input', testerRule(rule), {
  valid: [
    ...Object.values(FORMS).map((form) => doubling(form)),
    doubling(FORMS.member, '{ x: "sk-aisa-" }'),
    // Growing calls are not evaluated.
    'const k = "sk-aisa-".padStart(1e9) + "x";',
    'const n = 1e9;\nconst k = "x".padEnd(n, "sk-aisa-") + "y";',
    `const p = "sk-aisa-";\nconst k = (p || "").repeat(1e9) + "${B}";`,
  ],
  invalid: Object.values(FORMS).map((form) => {
      const code = doubling(form) + TAIL;
    return { code, errors: [{ ...tailError, suggestions: [{ ...tailError.suggestions[0], output: code.replace(`a0 + "${B}"`, 'process.env.AISA_API_KEY') }] }] };
  }),
});

ruleTester.run('no-client-exposed-key on hostile input', testerRule(clientRule), {
  valid: [
    `${doubling(FORMS.plus, '"VITE_AISA_"')}\nconst key = process.env[a${LINES}];`,
    // Client code (it reads import.meta.env) under a header of empty comments: the 'use client' check
    // skips comments by index (a regular expression backtracked exponentially: 60 of them never ended).
    `${'/**/'.repeat(60)}\nconst url = import.meta.env.VITE_AISA_URL;`,
  ],
  invalid: [],
});

// The env file a dotenv call loads, named by a doubling constant: not evaluated (on main: `+` 54 s to a
// RangeError, `.padStart(1e9)` a gigabyte), so the path is unknown and nothing is reported.
ruleTester.run('no-unignored-env-file on hostile input', testerRule(envFileRule), {
  valid: [
    ...Object.values(FORMS).map((form) => `${doubling(form, '".env"')}\nrequire("dotenv").config({ path: a${LINES} });`),
    `${doubling(FORMS.plus, '".env"')}\nprocess.loadEnvFile(require("node:path").join(__dirname, a${LINES}));`,
    `import { fileURLToPath } from "node:url";\n${doubling(FORMS.plus, '"../.env"')}\nrequire("dotenv").config({ path: fileURLToPath(new URL(a${LINES}, import.meta.url)) });`,
    'require("dotenv").config({ path: ".env".padStart(1e9) });',
  ],
  invalid: [],
});

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

describe('hostile files through ESLint', () => {
  const linter = new Linter({ configType: 'flat' });
  const config = [...plugin.configs.recommended, { files: ['**/*.js'], rules: { 'aisa-guard/no-client-exposed-key': 'error' } }] as never;

  it.each(Object.keys(FORMS))('the doubling file (%s) lints in under a second, its key still found', (name) => {
    const code = doubling(FORMS[name]) + TAIL;
    const started = process.cpuUsage();
    const messages = linter.verify(code, config, { filename: 'hostile.js' });
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([['aisa-guard/no-hardcoded-key', LINES + 2]]);
    expect(cpuMs(started)).toBeLessThan(1000); // CPU time: the shared machine's load does not count
  });

  it('work grows linearly: 4x the lines take far less than 4x squared', () => {
    const time = (lines: number) => {
      const code = Array.from({ length: lines }, (_, n) => (n ? `const a${n} = a${n - 1} + a${n - 1} + a${n - 1};` : 'const a0 = "sk-aisa-";')).join('\n');
      const started = process.cpuUsage();
      linter.verify(code, config, { filename: 'grow.js' });
      return cpuMs(started);
    };
    time(25); // warm up
    const small = Math.min(time(100), time(100));
    const large = Math.min(time(400), time(400));
    expect(large / small).toBeLessThan(8);
  });
});
