// The two shapes bytes reach the container readers in: random access (a file on disk, a buffer) for
// formats indexed from their end (zip, asar), and a forward-only stream (gzip output, a tar entry, a
// large git blob) with a little look-ahead for magic numbers and 512-byte tar headers.
import { readSync } from 'node:fs';
import type { Fill } from '../detect/index.js';

/** Bytes that can be read at any position: a buffer, or an open file. */
export interface RandomAccess {
  readonly size: number;
  /** Up to `length` bytes at `position` (fewer only at the end). */
  read(position: number, length: number): Buffer;
}

export function bufferAccess(bytes: Buffer): RandomAccess {
  return { size: bytes.length, read: (position, length) => bytes.subarray(position, Math.min(bytes.length, position + length)) };
}

export function fileAccess(fd: number, size: number): RandomAccess {
  return {
    size,
    read(position, length) {
      const buffer = Buffer.allocUnsafe(Math.max(0, Math.min(length, size - position)));
      let filled = 0;
      while (filled < buffer.length) {
        const read = readSync(fd, buffer, filled, buffer.length - filled, position + filled);
        if (read === 0) break;
        filled += read;
      }
      return buffer.subarray(0, filled);
    },
  };
}

/** The chunk scanner's Fill over bytes readable at any position. */
export function accessFill(access: RandomAccess): Fill {
  return async (buffer, position) => {
    const piece = access.read(position, buffer.length);
    piece.copy(buffer);
    return piece.length;
  };
}

const PIECE = 1 << 20;

/** `length` bytes from `start` as a stream of pieces, so a large stored entry is never held whole. */
export async function* slices(access: RandomAccess, start: number, length: number): AsyncGenerator<Buffer> {
  const end = Math.min(access.size, start + length);
  for (let at = start; at < end; at += PIECE) {
    const piece = access.read(at, Math.min(PIECE, end - at));
    if (!piece.length) return;
    yield piece;
  }
}

/** A forward-only byte stream with look-ahead: peek, read, skip, or hand on a part as its own stream. */
export class ByteStream {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private ended = false;
  private readonly source: AsyncIterator<Buffer>;

  constructor(source: AsyncIterable<Buffer>) {
    this.source = source[Symbol.asyncIterator]();
  }

  /** Up to `n` bytes ahead, not consumed (fewer only at the end). */
  async peek(n: number): Promise<Buffer> {
    await this.fill(n);
    if (this.held.length > 1) this.held = [Buffer.concat(this.held)];
    return (this.held[0] ?? Buffer.alloc(0)).subarray(0, n);
  }

  /** Exactly `n` bytes, or fewer at the end. */
  async read(n: number): Promise<Buffer> {
    const bytes = Buffer.from(await this.peek(n));
    this.drop(bytes.length);
    return bytes;
  }

  async skip(n: number): Promise<void> {
    for await (const piece of this.take(n)) void piece;
  }

  /** The next `n` bytes as a stream of pieces (fewer at the end); consumed as they are read. */
  async *take(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (!this.heldBytes) await this.fill(1);
      if (!this.heldBytes) return;
      const first = this.held[0];
      const piece = first.length <= left ? first : first.subarray(0, left);
      this.drop(piece.length);
      left -= piece.length;
      yield piece;
    }
  }

  /** Everything left. */
  async *rest(): AsyncGenerator<Buffer> {
    yield* this.take(Infinity);
  }

  /** Lets the source go (a reader that stops early). */
  async close(): Promise<void> {
    this.held = [];
    this.heldBytes = 0;
    if (!this.ended) await this.source.return?.();
    this.ended = true;
  }

  private async fill(n: number): Promise<void> {
    while (this.heldBytes < n && !this.ended) {
      const next = await this.source.next();
      if (next.done) this.ended = true;
      else if (next.value.length) {
        this.held.push(next.value);
        this.heldBytes += next.value.length;
      }
    }
  }

  private drop(n: number): void {
    this.heldBytes -= n;
    while (n > 0) {
      const first = this.held[0];
      if (first.length <= n) {
        this.held.shift();
        n -= first.length;
      } else {
        this.held[0] = first.subarray(n);
        n = 0;
      }
    }
  }
}

/**
 * A Fill over a stream (git cat-file's output): the look-ahead a chunk read is kept and handed out again,
 * since a stream cannot seek back.
 */
export function streamFill(stream: AsyncIterable<Buffer>): Fill {
  const source = stream[Symbol.asyncIterator]();
  let held: Buffer = Buffer.alloc(0); // bytes from heldAt onwards, already taken from the stream
  let heldAt = 0;
  let ended = false;
  return async (buffer, position) => {
    held = position < heldAt + held.length ? held.subarray(position - heldAt) : Buffer.alloc(0);
    heldAt = position;
    const parts: Buffer[] = [held];
    let size = held.length;
    while (size < buffer.length && !ended) {
      const next = await source.next();
      if (next.done) ended = true;
      else {
        parts.push(next.value);
        size += next.value.length;
      }
    }
    if (parts.length > 1) held = Buffer.concat(parts, size);
    return held.copy(buffer, 0, 0, Math.min(held.length, buffer.length));
  };
}
