// The allow comment, read exactly as the CLI reads it (one rule for both): `aisa-guard:allow` on the
// finding's line, or on a comment-only line right above it.
import { isAllowed } from '../src/detect/index.js';

/** Whether the finding starting at `offset` in `text` is allowed by an `aisa-guard:allow` comment. */
export function isAllowedAt(text: string, offset: number): boolean {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  return isAllowed(text, lineStart);
}
