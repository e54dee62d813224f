// Constant folding in no-hardcoded-key: keys built with join/concat/fromCharCode, templates of constants,
// and members of constant objects and arrays anywhere in the file. Each case is one error (never two).
import rule from '../../rules/no-hardcoded-key.js';
import { fakeKey } from '../helpers/keys.js';
import { ruleTester, testerRule } from './tester.js';

const K = fakeKey('fold:whole');
const B = fakeKey('fold:split').slice('sk-aisa-'.length);
const ENV = 'process.env.AISA_API_KEY';
const codes = (text: string) => [...text].map((c) => c.charCodeAt(0)).join(', ');
/** A case whose one error spans `expression` (its first occurrence in `code`) and whose fix replaces it. */
function reported(code: string, expression: string, output = code.replace(expression, ENV)) {
  const start = code.indexOf(expression);
  const before = code.slice(0, start).split('\n');
  const line = before.length;
  const column = before[before.length - 1].length + 1;
  const error = { messageId: 'hardcodedKey' as const, line, column, endColumn: column + expression.length, suggestions: [{ messageId: 'useEnv' as const, output }] };
  return { code, errors: [error] };
}

ruleTester.run('no-hardcoded-key folding', testerRule(rule), {
  valid: [
    // join's default separator is a comma: no key.
    `const k = ["sk-aisa-", "${B}"].join();`,
    // A `let` written again is not a constant.
    `let p = "x";\np = "sk-aisa-";\nconst k = p + "${B}";`,
    // Not the method of a string: unknown result.
    `const k = ["sk-aisa-", "${B}"].map(String).join(sep);`,
    // A spread before the property may replace it.
    `const o = { a: "sk-aisa-", ...other };\nconst k = o.a + "${B}";`,
  ],
  invalid: [
    reported(`const k = ["sk-aisa-", "${B}"].join("");`, `["sk-aisa-", "${B}"].join("")`),
    reported(`const k = ["sk", "aisa", "${B}"].join("-");`, `["sk", "aisa", "${B}"].join("-")`),
    reported(`const k = String.fromCharCode(${codes('sk-aisa-')}) + "${B}";`, `String.fromCharCode(${codes('sk-aisa-')}) + "${B}"`),
    reported(`const k = String.fromCodePoint(...[${codes(K)}]);`, `String.fromCodePoint(...[${codes(K)}])`),
    reported(`const k = "sk-aisa-".concat("${B}");`, `"sk-aisa-".concat("${B}")`),
    reported(`const P = ["sk-aisa-", "${B}"] as const;\nconst k = P[0] + P[1];`, 'P[0] + P[1]'),
    reported(`const cfg = { prefix: "sk-aisa-", "body": "${B}" };\nexport const key = \`\${cfg.prefix}\${cfg["body"]}\`;`, '`${cfg.prefix}${cfg["body"]}`'),
    reported(`let p = "sk-aisa-";\nconst k = p + "${B}";`, `p + "${B}"`),
    // Used before it is written in the file: constants are resolved by scope, not by order.
    reported(`function key() { return parts.join(""); }\nconst parts = ["sk-aisa-", "${B}"];`, 'parts.join("")'),
    reported(`const nested = { a: { b: ["sk-aisa-"] } };\nconst k = nested.a.b[0] + "${B}";`, `nested.a.b[0] + "${B}"`),
    // A whole key in one element: reported on the literal, once.
    reported(`const k = ["${K}"].join("");`, K, `const k = [${ENV}].join("");`),
    // ...also when the array is a constant joined elsewhere: at its definition, once.
    reported(`const parts = ["${K}"];\nconst k = parts.join("");`, K, `const parts = [${ENV}];\nconst k = parts.join("");`),
  ],
});
