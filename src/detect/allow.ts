// The one allow-comment rule, shared by the CLI's detector and the ESLint rules.
export const ALLOW_MARKER = 'aisa-guard:allow';

/** A line holding nothing but a comment, in any of the usual syntaxes. */
const COMMENT_ONLY_LINE = /^\s*(\/\/|#|\/\*|\*|<!--|--|;|%|'|rem\b|\{\/\*)/i;

/**
 * `aisa-guard:allow` on the key's line, or on a comment-only line right above it. A marker trailing code
 * on the line above covers that line only, so a key pasted below an allowed one is still reported.
 */
export function isAllowed(line: string, lineAbove: string | undefined): boolean {
  if (line.includes(ALLOW_MARKER)) return true;
  return lineAbove !== undefined && lineAbove.includes(ALLOW_MARKER) && COMMENT_ONLY_LINE.test(lineAbove);
}
