/** Shannon entropy in bits per character. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  // Key bodies are ASCII: one small reused table instead of a Map per call (this runs once per match).
  const counts = new Map<string, number>();
  ascii.fill(0);
  let length = 0;
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && code < 128) ascii[code]++;
    else counts.set(ch, (counts.get(ch) ?? 0) + 1);
    length++;
  }
  let bits = 0;
  const add = (count: number) => {
    const p = count / length;
    bits -= p * Math.log2(p);
  };
  for (const count of ascii) if (count) add(count);
  for (const count of counts.values()) add(count);
  return Math.round(bits * 1000) / 1000;
}

const ascii = new Uint32Array(128);

/** How many of lower-case letters, upper-case letters and digits the text uses (0–3). */
export function characterClasses(text: string): number {
  return Number(/[a-z]/.test(text)) + Number(/[A-Z]/.test(text)) + Number(/[0-9]/.test(text));
}
