// ESLint hands every file to a language as UTF-8 text. A UTF-16 file (PowerShell and Windows tools
// write them) then reads as its characters with NULs between them, where no key matches; the CLI
// decodes such files, so the text checks read them with the NULs taken out and map offsets back.

export interface ReadableText {
  text: string;
  /** Offset in ESLint's text of an offset in `text`. */
  offsetOf(offset: number): number;
  /** Note for the message: ` (UTF-16 file)` or ''. */
  encoding: string;
}

const SAMPLE = 8192;

export function readableText(text: string): ReadableText {
  const sample = text.slice(0, SAMPLE);
  const nuls = sample.split('\u0000').length - 1;
  if (nuls < sample.length * 0.3) return { text, offsetOf: (offset) => offset, encoding: '' };
  const kept: number[] = [];
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\u0000' || c === '\ufffd' || c === '\ufeff') continue; // NULs, and a BOM read as UTF-8
    kept.push(i);
    out += c;
  }
  kept.push(text.length);
  return { text: out, offsetOf: (offset) => kept[offset], encoding: ' (UTF-16 file)' };
}
