// tar, read forward from a stream: 512-byte headers (ustar, GNU, pax), each regular file's bytes handed
// on as a stream, padding and everything else skipped. Long names: GNU `L` records and pax `path`.
import type { ByteStream } from './bytes.js';
import { sizedEntry, type Entry } from './entry.js';
import { checksumMatches } from './magic.js';
import { ArchiveError } from './limits.js';

const BLOCK = 512;
/** A GNU long name or pax header is a few hundred bytes; more is not a real one. */
const MAX_META = 1024 * 1024;

export async function* tarEntries(stream: ByteStream): AsyncGenerator<Entry> {
  let longName: string | undefined;
  let paxPath: string | undefined;
  let paxSize: number | undefined;
  for (;;) {
    const header = await stream.read(BLOCK);
    if (header.length === 0 || isZeroBlock(header)) {
      // The end (or a tar without its end blocks); but a long name or pax record announces an entry to come.
      if (longName !== undefined || paxPath !== undefined || paxSize !== undefined) throw new ArchiveError('archive-corrupt', 'truncated tar (ends after a long-name or pax record)');
      return;
    }
    if (header.length < BLOCK) throw new ArchiveError('archive-corrupt', 'truncated tar header');
    if (!checksumMatches(header)) throw new ArchiveError('archive-corrupt', 'tar header checksum mismatch');
    const type = String.fromCharCode(header[156] || 0x30);
    const size = paxSize ?? numberField(header, 124, 12);
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L' || type === 'x') {
      if (size > MAX_META) throw new ArchiveError('archive-corrupt', 'tar metadata record too large');
      const meta = await stream.read(padded);
      if (type === 'L') longName = cString(meta.subarray(0, size));
      else ({ path: paxPath, size: paxSize } = paxRecords(meta.toString('utf8', 0, size)));
      continue;
    }
    const name = longName ?? paxPath ?? headerName(header);
    longName = paxPath = paxSize = undefined;
    // Regular files ('0', NUL, and contiguous '7'); directories, links, devices and global pax headers hold no file bytes.
    if (type === '0' || type === '7') {
      const { entry, left } = sizedEntry(stream, name, size);
      yield entry;
      await stream.skip(left() + padded - size);
    } else {
      await stream.skip(padded);
    }
  }
}

function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false;
  return true;
}

/** ustar: prefix (345, 155 bytes) + "/" + name (0, 100 bytes). */
function headerName(h: Buffer): string {
  const name = cString(h.subarray(0, 100));
  const ustar = h.toString('latin1', 257, 262) === 'ustar';
  const prefix = ustar && h[345] ? cString(h.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.toString('utf8', 0, end === -1 ? bytes.length : end);
}

/** Octal, or GNU base-256 (high bit set) for sizes of 8 GiB and more. */
function numberField(h: Buffer, start: number, length: number): number {
  if (h[start] & 0x80) {
    let value = 0;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + h[i];
    return value;
  }
  const text = h.toString('latin1', start, start + length).replace(/[\0 ]/g, '');
  const value = text ? parseInt(text, 8) : 0;
  if (!Number.isFinite(value)) throw new ArchiveError('archive-corrupt', 'bad tar size field');
  return value;
}

/** `"<length> <key>=<value>\n"` records; only `path` and `size` matter here. */
function paxRecords(text: string): { path?: string; size?: number } {
  const found: { path?: string; size?: number } = {};
  for (let at = 0; at < text.length; ) {
    const space = text.indexOf(' ', at);
    const length = parseInt(text.slice(at, space), 10);
    if (space === -1 || !(length > 0)) break;
    const record = text.slice(space + 1, at + length - 1);
    const eq = record.indexOf('=');
    const key = record.slice(0, eq);
    if (key === 'path') found.path = record.slice(eq + 1);
    if (key === 'size' && /^\d+$/.test(record.slice(eq + 1))) found.size = Number(record.slice(eq + 1));
    at += length;
  }
  return found;
}
