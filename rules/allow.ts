// The allow comment, read exactly as the CLI reads it: src/detect/allow.ts is the one rule for both.
import { isAllowed } from '../src/detect/allow.js';

/** Whether the finding starting at `offset` in `text` is allowed by an `aisa-guard:allow` comment. */
export function isAllowedAt(text: string, offset: number): boolean {
  const lineStart = lineStartBefore(text, offset);
  const lineEnd = lineEndFrom(text, lineStart);
  if (lineStart === 0) return isAllowed(text.slice(0, lineEnd), undefined);
  // The line above ends where this one starts, less its line break (\n, \r\n or \r).
  const aboveEnd = text[lineStart - 1] === '\n' && text[lineStart - 2] === '\r' ? lineStart - 2 : lineStart - 1;
  return isAllowed(text.slice(lineStart, lineEnd), text.slice(lineStartBefore(text, aboveEnd), aboveEnd));
}

function lineStartBefore(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

function lineEndFrom(text: string, from: number): number {
  const ends = [text.indexOf('\n', from), text.indexOf('\r', from)].filter((i) => i !== -1);
  return ends.length ? Math.min(...ends) : text.length;
}
