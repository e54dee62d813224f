// Reads a small file the scanned repository may have planted (a config, a baseline) without letting it
// block or exhaust us: opened with O_NONBLOCK (a FIFO cannot hang the open), accepted only when it is a
// regular file (not a FIFO, a device such as /dev/zero, a socket), and never beyond a size cap.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { UsageError, messageOf } from '../errors.js';

export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
export const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

/**
 * The file's text, or undefined when it does not exist (ENOENT, ENOTDIR, a folder). Anything else that
 * stops us reading it whole is a UsageError naming `shown`: one line, exit 2.
 */
export function readRegularFile(file: string, shown: string, maxBytes: number): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw new UsageError(`${shown}: cannot read (${code ?? messageOf(error)})`);
  }
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) return undefined;
    if (!info.isFile()) throw new UsageError(`${shown}: not a regular file (${kindOf(info)}): refusing to read it`);
    if (info.size > maxBytes) throw new UsageError(`${shown}: ${info.size} bytes, larger than the ${maxBytes}-byte limit: refusing to read it`);
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    for (let read = 1; read > 0 && length < buffer.length; length += read) read = readSync(fd, buffer, length, buffer.length - length, null);
    // It grew while we read it: still not more than the cap.
    if (length > maxBytes) throw new UsageError(`${shown}: larger than the ${maxBytes}-byte limit: refusing to read it`);
    return buffer.subarray(0, length).toString('utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${shown}: cannot read (${(error as NodeJS.ErrnoException).code ?? messageOf(error)})`);
  } finally {
    closeSync(fd);
  }
}

function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a file';
}
