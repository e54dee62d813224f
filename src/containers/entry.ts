// One entry of a container, as every reader hands it to the walk: its name, its bytes as a stream, and a
// fast path for small ones.
import type { ByteStream } from './bytes.js';
import { ArchiveError } from './limits.js';

export interface Entry {
  name: string;
  /** The entry's bytes as they are stored in the container (inflated where needed). */
  content: () => AsyncIterable<Buffer>;
  /**
   * The fast path for small entries (nearly all): the bytes in one piece, or undefined to take
   * `content()` instead (too large, or anything unusual, which the stream then reports exactly).
   */
  whole?: () => Buffer | undefined | Promise<Buffer | undefined>;
}

/** The archive ended inside an entry (said unless what ended it, a corrupt stream or a limit, was said already). */
export class EntryCut extends ArchiveError {
  constructor() {
    super('archive-corrupt', 'truncated archive (the entry ends early)');
  }
}

/** Entries up to this size are read in one piece (Entry.whole). */
export const WHOLE_ENTRY = 4 * 1024 * 1024;

/**
 * The entry of `size` bytes at the stream's position, for the archives read forward (tar, ar, cpio, a 7z folder).
 * `left()`: what the reader did not take of it (it may stop early), to be skipped before the next header.
 */
export function sizedEntry(stream: ByteStream, name: string, size: number): { entry: Entry; left: () => number } {
  let read = 0;
  async function* content() {
    for await (const piece of stream.take(size - read)) {
      read += piece.length;
      yield piece;
    }
    // The archive ended inside this entry: what came is scanned, and the cut is said.
    if (read < size) throw new EntryCut();
  }
  const whole = async () => {
    if (size > WHOLE_ENTRY) return undefined;
    const bytes = await stream.peek(size);
    if (bytes.length < size) return undefined; // cut short: content() reads what there is and says so
    await stream.skip(size);
    read = size;
    return Buffer.from(bytes);
  };
  return { entry: { name, content, whole }, left: () => size - read };
}
