// Reads one file and runs the detector over it. Small files in one read; large ones in overlapping
// chunks so memory stays flat and no key across a chunk boundary is lost.
import { open, stat } from 'node:fs/promises';
import type { Finding } from '../types.js';
import { scanBytes, scanText, decodeUtf8, type ScanContext, bytesMayContainKey } from '../detect/index.js';
import { sniffEncoding, decodeUtf16 } from '../detect/codecs.js';
import type { TextOrigin } from '../detect/findings.js';

export const CHUNK_SIZE = 16 * 1024 * 1024;
/** Longer than any encoded key (percent-encoding of prefix + 129 body chars is under 420 bytes). */
export const CHUNK_OVERLAP = 4096;

export type FileOutcome =
  | { kind: 'scanned'; findings: Finding[]; bytes: number }
  | { kind: 'skipped'; reason: 'binary' | 'too-large' | 'not-a-file' | 'unreadable'; message?: string; bytes: number };

export interface ReadOptions {
  maxFileSize?: number;
}

export async function scanFile(fullPath: string, context: ScanContext, options: ReadOptions = {}): Promise<FileOutcome> {
  let size: number;
  try {
    const info = await stat(fullPath);
    // FIFOs, sockets and devices would block or never end: never open them.
    if (!info.isFile()) return { kind: 'skipped', reason: 'not-a-file', message: 'not a regular file', bytes: 0 };
    size = info.size;
  } catch (error) {
    return { kind: 'skipped', reason: 'unreadable', message: errnoText(error), bytes: 0 };
  }
  if (options.maxFileSize !== undefined && size > options.maxFileSize) {
    return { kind: 'skipped', reason: 'too-large', message: `${size} bytes > --max-file-size`, bytes: 0 };
  }
  try {
    const handle = await open(fullPath, 'r');
    try {
      if (size <= CHUNK_SIZE) {
        const bytes = await handle.readFile();
        const verdict = scanBytes(bytes, context);
        return verdict.skipped
          ? { kind: 'skipped', reason: 'binary', bytes: bytes.length }
          : { kind: 'scanned', findings: verdict.findings, bytes: bytes.length };
      }
      return await scanChunked(handle, context);
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { kind: 'skipped', reason: 'unreadable', message: errnoText(error), bytes: 0 };
  }
}

type Handle = Awaited<ReturnType<typeof open>>;

async function scanChunked(handle: Handle, context: ScanContext): Promise<FileOutcome> {
  const head = Buffer.alloc(8192);
  const { bytesRead: headRead } = await handle.read(head, 0, head.length, 0);
  const encoding = sniffEncoding(head.subarray(0, headRead));
  if (encoding === 'binary') return { kind: 'skipped', reason: 'binary', bytes: 0 };
  const findings: Finding[] = [];
  const buffer = Buffer.alloc(CHUNK_SIZE + CHUNK_OVERLAP);
  const origin: TextOrigin = { line: 1, column: 1 };
  let position = encoding === 'utf8' ? 0 : 2 * Number(head[0] === 0xff || head[0] === 0xfe); // skip a UTF-16 BOM
  let total = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    const last = bytesRead < buffer.length;
    // Own everything up to the chunk size, cut on a character boundary; the rest is look-ahead.
    const owned = last ? bytesRead : characterBoundary(buffer, CHUNK_SIZE, encoding);
    const window = buffer.subarray(0, bytesRead);
    if (encoding !== 'utf8' || bytesMayContainKey(window)) {
      const text = encoding === 'utf8' ? decodeUtf8(window) : decodeUtf16(window, encoding);
      const ownedChars = encoding === 'utf8' ? decodeUtf8(window.subarray(0, owned)).length : owned / 2;
      const inChunk = scanText(text, { ...context, origin: { ...origin }, ...(encoding !== 'utf8' && { encoding }) });
      findings.push(...inChunk.filter((f) => offsetOf(text, f, origin) < ownedChars));
    }
    advanceOrigin(origin, encoding === 'utf8' ? window.subarray(0, owned).toString('utf8') : decodeUtf16(window.subarray(0, owned), encoding));
    total += owned;
    position += owned;
    if (last) break;
  }
  return { kind: 'scanned', findings, bytes: total };
}

/** Back off so the owned part never ends inside a multi-byte character. */
function characterBoundary(buffer: Buffer, at: number, encoding: 'utf8' | 'utf16le' | 'utf16be'): number {
  if (encoding !== 'utf8') return at & ~1;
  let cut = at;
  while (cut > at - 4 && (buffer[cut] & 0xc0) === 0x80) cut--;
  return cut;
}

/** Character offset inside the chunk text of a finding reported relative to `origin`. */
function offsetOf(text: string, finding: Finding, origin: TextOrigin): number {
  let line = origin.line;
  let offset = 0;
  while (line < finding.line) {
    const next = text.indexOf('\n', offset);
    if (next === -1) break;
    offset = next + 1;
    line++;
  }
  return offset + finding.column - (finding.line === origin.line ? origin.column : 1);
}

function advanceOrigin(origin: TextOrigin, text: string): void {
  let lines = 0;
  let lastBreak = -1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
    lines++;
    lastBreak = at;
  }
  if (lines === 0) origin.column += text.length;
  else {
    origin.line += lines;
    origin.column = text.length - lastBreak;
  }
}

function errnoText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'ELOOP') return 'symlink loop';
  if (e.code === 'ENOENT') return 'no such file';
  if (e.code === 'EISDIR') return 'is a directory';
  return e.code ?? (e.message || 'read error');
}
