// Which container a file is, from its first bytes (not its name: a renamed .apk is still a zip). Run on
// every file a scan reads, so each test is a few byte compares on the head. Brotli and LZMA-alone are the
// exceptions: they have no magic number, so a file named `*.br` whose first bytes decode as brotli is one,
// and a file named `*.lzma` / `*.tlz` whose 13-byte header is plausible is LZMA.
import zlib from 'node:zlib';

/** `rar`, `cab`, `compress`: recognised, not read (see UNREAD_KINDS). */
export type ContainerKind = 'rar' | 'cab' | 'compress' | 'zip' | 'crx' | '7z' | 'tar' | 'ar' | 'cpio' | 'rpm' | 'gzip' | 'bzip2' | 'xz' | 'lzma' | 'zstd' | 'lz4' | 'brotli' | 'asar';

/** Enough bytes to tell every kind apart (a tar header is one 512-byte block). */
export const HEAD_BYTES = 512;

/** `name`, where known, lets a `*.br` file be tried as brotli and a `*.lzma` file as LZMA. */
export function containerKind(head: Uint8Array, name?: string): ContainerKind | undefined {
  const kind = kindFromMagic(head);
  if (kind || name === undefined) return kind;
  if (/\.br$/i.test(name)) return isBrotliStart(head) ? 'brotli' : undefined;
  if (/\.(lzma|tlz)$/i.test(name)) return isLzmaHeader(head) ? 'lzma' : undefined;
  return undefined;
}

/** LZMA-alone: properties (lc/lp/pb) below 225, a dictionary of 2^n or 3·2^(n-1) bytes, a size or all ones. */
function isLzmaHeader(b: Uint8Array): boolean {
  if (b.length < 13 || b[0] >= 225) return false;
  const dictionary = (b[1] | (b[2] << 8) | (b[3] << 16) | (b[4] << 24)) >>> 0;
  const power = dictionary > 0 && (dictionary & (dictionary - 1)) === 0;
  const threeHalves = dictionary > 0 && dictionary % 3 === 0 && ((dictionary / 3) & (dictionary / 3 - 1)) === 0;
  const unknownSize = b.subarray(5, 13).every((x) => x === 0xff);
  return (power || threeHalves || dictionary === 0xffffffff) && (unknownSize || b[12] === 0);
}

/** The head decodes as brotli, as far as it goes: no format error (running out of input is fine). */
function isBrotliStart(head: Uint8Array): boolean {
  try {
    zlib.brotliDecompressSync(head, { maxOutputLength: 1 << 20 });
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'Z_BUF_ERROR' || code === 'ERR_BUFFER_TOO_LARGE';
  }
}

function kindFromMagic(b: Uint8Array): ContainerKind | undefined {
  if (b.length < 4) return undefined;
  // PK\3\4 a local file header; PK\5\6 an empty archive's end record.
  if (b[0] === 0x50 && b[1] === 0x4b && ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6))) return 'zip';
  if (b[0] === 0x43 && b[1] === 0x72 && b[2] === 0x32 && b[3] === 0x34) return 'crx'; // "Cr24"
  if (startsWith(b, '7z\xbc\xaf\x27\x1c')) return '7z';
  if (startsWith(b, 'Rar!\x1a\x07')) return 'rar';
  if (startsWith(b, 'MSCF\0\0\0\0')) return 'cab';
  if (b[0] === 0x1f && b[1] === 0x9d) return 'compress'; // `.Z`, LZW
  if (b[0] === 0x1f && b[1] === 0x8b && b[2] === 8) return 'gzip';
  // "BZh" + block size 1-9 + the block magic 0x314159265359, or the end-of-stream magic of an empty one.
  if (b[0] === 0x42 && b[1] === 0x5a && b[2] === 0x68 && b[3] >= 0x31 && b[3] <= 0x39 && b.length >= 10 && ((b[4] === 0x31 && b[5] === 0x41) || (b[4] === 0x17 && b[5] === 0x72))) return 'bzip2';
  if (b[0] === 0xfd && b[1] === 0x37 && b[2] === 0x7a && b[3] === 0x58 && b[4] === 0x5a && b[5] === 0) return 'xz';
  const word = (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  // A zstd frame, or a skippable frame first (pzstd and seekable zstd write one; lz4 shares the format).
  if (word === 0xfd2fb528 || isSkippableFrame(word)) return 'zstd';
  if (word === 0x184d2204 || word === 0x184c2102) return 'lz4'; // an LZ4 frame, or the legacy one of `lz4 -l`
  if (startsWith(b, '!<arch>\n')) return 'ar';
  // cpio's ASCII formats: "070701" new, "070702" new with checksums, "070707" portable (odc).
  if (startsWith(b, '07070') && (b[5] === 0x31 || b[5] === 0x32 || b[5] === 0x37)) return 'cpio';
  if (b[0] === 0xed && b[1] === 0xab && b[2] === 0xee && b[3] === 0xdb) return 'rpm';
  if (isAsar(b)) return 'asar';
  if (isTarHeader(b)) return 'tar';
  return undefined;
}

/** zstd's and lz4's skippable frames: magic 0x184D2A50-0x184D2A5F (little-endian), a u32 length, that many bytes. */
export function isSkippableFrame(word: number): boolean {
  return (word & 0xfffffff0) >>> 0 === 0x184d2a50;
}

function startsWith(b: Uint8Array, ascii: string): boolean {
  if (b.length < ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (b[i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/** Electron asar: a pickle of the header size (u32 4, u32 size), then a pickled JSON string `{"files":`. */
function isAsar(b: Uint8Array): boolean {
  if (b.length < 24 || b[0] !== 4 || b[1] !== 0 || b[2] !== 0 || b[3] !== 0) return false;
  return String.fromCharCode(...b.subarray(16, 24)) === '{"files"';
}

/** A tar header: "ustar" at 257 (POSIX and GNU), or a valid checksum (pre-POSIX v7 archives). */
export function isTarHeader(b: Uint8Array): boolean {
  if (b.length < 512) return false;
  const ustar = b[257] === 0x75 && b[258] === 0x73 && b[259] === 0x74 && b[260] === 0x61 && b[261] === 0x72;
  if (!ustar && !(b[0] !== 0 && b[155] !== undefined && isOctalField(b, 148, 8))) return false;
  return checksumMatches(b);
}

function isOctalField(b: Uint8Array, start: number, length: number): boolean {
  let digits = 0;
  for (let i = start; i < start + length; i++) {
    const c = b[i];
    if (c >= 0x30 && c <= 0x37) digits++;
    else if (c !== 0x20 && c !== 0) return false;
  }
  return digits > 0;
}

/** The header's byte sum with the checksum field read as spaces, against the octal number stored there. */
export function checksumMatches(b: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : b[i];
  const stored = parseInt(String.fromCharCode(...b.subarray(148, 156)).replace(/[\0 ]+/g, ' ').trim(), 8);
  return stored === sum;
}
