// The rules' allow check is the CLI's rule (src/detect/allow.ts) located by offset, for every line ending.
import { describe, expect, it } from 'vitest';
import { isAllowedAt } from '../../rules/allow.js';

describe('isAllowedAt', () => {
  it.each(['\n', '\r\n', '\r'])('reads the line and the one above it with %j line ends', (eol) => {
    const text = ['# aisa-guard:allow fixture', 'key: A', 'x: 1 # aisa-guard:allow', 'key: B', 'key: C # aisa-guard:allow'].join(eol);
    expect(isAllowedAt(text, text.indexOf('A'))).toBe(true); // comment-only line above
    expect(isAllowedAt(text, text.indexOf('B'))).toBe(false); // the marker above trails code
    expect(isAllowedAt(text, text.indexOf('C'))).toBe(true); // on the line itself
    expect(isAllowedAt(text, 0)).toBe(true);
  });

  it('says no on the first line without a marker', () => {
    expect(isAllowedAt('key: A', 5)).toBe(false);
  });
});
