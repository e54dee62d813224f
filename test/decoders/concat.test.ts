import { describe, expect, it } from 'vitest';
import { concatDecoder } from '../../src/decoders/concat.js';
import { fakeKey } from '../helpers/keys.js';
import { decodeAll, holdsNoKey, texts } from './helpers.js';

const key = fakeKey('concat-decoder');

describe('string concatenation decoder', () => {
  const splits = [1, 3, 4, 7, 8, 20];
  it.each([
    ['Python/C adjacent literals', (a: string, b: string) => `KEY = ("${a}" "${b}")`],
    ['adjacent across a line break', (a: string, b: string) => `key = (\n    "${a}"\n    "${b}"\n)`],
    ['JavaScript +', (a: string, b: string) => `const k = '${a}' + '${b}';`],
    ['+ across lines, mixed quotes', (a: string, b: string) => `const k = "${a}" +\n  \`${b}\`;`],
    ['PHP .', (a: string, b: string) => `$k = '${a}' . '${b}';`],
    ['Lua ..', (a: string, b: string) => `local k = "${a}" .. "${b}"`],
    ['VB & with continuation', (a: string, b: string) => `k = "${a}" & _\n    "${b}"`],
    ['Python f-string and \\ continuation', (a: string, b: string) => `k = "${a}" \\\n    f"${b}"`],
  ])('joins %s at every split', (_name, write) => {
    for (const cut of splits) {
      const [a, b] = [key.slice(0, cut), key.slice(cut)];
      const input = write(a, b);
      const spans = decodeAll(concatDecoder, input);
      expect(texts(spans), `${cut}`).toEqual([key]);
      // From the first literal's opening quote to the last one's closing quote.
      expect(spans[0].start).toBe(input.search(/["'`]/));
      expect(spans[0].end).toBe(Math.max(...['"', "'", '`'].map((q) => input.lastIndexOf(q))) + 1);
    }
  });

  it('joins many pieces and stops at the budget', () => {
    const pieces = key.match(/.{1,5}/g)!;
    const input = `k = ${pieces.map((p) => `"${p}"`).join(' +\n    ')};`;
    expect(texts(decodeAll(concatDecoder, input))).toEqual([key]);
    expect(decodeAll(concatDecoder, input, 9)[0].bytes.length).toBe(9);
  });

  it('does not join separate arguments, calls or one literal', () => {
    expect(decodeAll(concatDecoder, `f("${key.slice(0, 8)}", "${key.slice(8)}")`)).toEqual([]);
    expect(decodeAll(concatDecoder, `"${key.slice(0, 8)}" + x + "${key.slice(8)}"`)).toEqual([]);
    expect(decodeAll(concatDecoder, `k = "${key}"`)).toEqual([]);
    expect(holdsNoKey(concatDecoder, `k = "sk-aisa-" + "YOUR_KEY_HERE_PLEASE_REPLACE_ME_xxxxxxxx"`)).toBe(true);
    expect(holdsNoKey(concatDecoder, `msg = "task-a" + "done"; "aisa-guard" "report"`)).toBe(true);
  });
});
