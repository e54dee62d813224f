// zstd streams (`.zst`, `.tar.zst`, OCI `tar+zstd` layers, .deb and .rpm payloads) through fzstd (pure
// JavaScript, one package, streaming), loaded only when a zstd stream is met. node:zlib has no zstd
// before Node 22.15.
//
// A zstd frame names its window size in its header and fzstd allocates that window up front: a 20-byte
// frame may claim 2 GB. So every frame header is read here before fzstd sees it, and a window over
// MAX_WINDOW (the zstd tool's own default decoder limit) is refused.
import { ArchiveError, type Budget } from './limits.js';
import { isSkippableFrame } from './magic.js';

export const MAX_WINDOW = 128 * 1024 * 1024;
/** Fed in small pieces: at most ratio × piece bytes come out before the budget is asked. */
const PIECE = 16 * 1024;

export async function* unzstd(source: AsyncIterable<Buffer>, budget: Budget): AsyncGenerator<Buffer> {
  const { Decompress } = await import('fzstd');
  const frames = new FrameHeaders();
  let consumed = 0;
  let produced = 0;
  let ready: Buffer[] = [];
  const decoder = new Decompress((data) => {
    if (!data.length) return;
    produced += data.length;
    // Throws out of push() at a limit, before more is decoded.
    budget.inflate(data.length, produced, consumed);
    ready.push(Buffer.from(data)); // a copy: fzstd may hand out views of its window
  });
  const drain = () => {
    const out = ready;
    ready = [];
    return out;
  };
  try {
    for await (const piece of source) {
      for (let at = 0; at < piece.length; at += PIECE) {
        const part = piece.subarray(at, at + PIECE);
        frames.check(part);
        consumed += part.length;
        decoder.push(part);
        yield* drain();
      }
    }
    decoder.push(new Uint8Array(0), true);
    yield* drain();
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    const message = (error as Error).message;
    throw new ArchiveError('archive-corrupt', `corrupt zstd data (${/unexpected EOF/i.test(message) ? 'truncated' : message})`);
  }
}

const FRAME_MAGIC = 0xfd2fb528;

/**
 * Follows the frame structure of a zstd stream (frame headers, block headers, checksums, skippable
 * frames) as it flows, only to read each frame's window size. Anything it does not recognise ends its
 * checking: fzstd rejects such data itself.
 */
export class FrameHeaders {
  private state: 'magic' | 'skippable' | 'header' | 'block' | 'done' = 'magic';
  private held: number[] = [];
  private skip = 0;
  private checksum = false;

  check(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length && this.state !== 'done'; ) {
      if (this.skip) {
        const n = Math.min(this.skip, bytes.length - at);
        this.skip -= n;
        at += n;
        continue;
      }
      this.held.push(bytes[at++]);
      if (this.held.length === this.wanted()) this.step();
    }
  }

  /** Bytes the current state needs before it can decide. */
  private wanted(): number {
    if (this.state === 'magic' || this.state === 'skippable') return 4;
    if (this.state === 'block') return 3;
    return this.held.length ? headerLength(this.held[0]) : 1;
  }

  private step(): void {
    const b = this.held;
    this.held = [];
    const u32 = (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
    switch (this.state) {
      case 'magic':
        if (u32 === FRAME_MAGIC) this.state = 'header';
        else if (isSkippableFrame(u32)) this.state = 'skippable';
        else this.state = 'done';
        return;
      case 'skippable':
        this.skip = u32;
        this.state = 'magic';
        return;
      case 'header': {
        const window = windowSize(b);
        if (window > MAX_WINDOW) {
          throw new ArchiveError('archive-limit', `zstd frame window of ${Math.round(window / 2 ** 20)} MB (over ${MAX_WINDOW / 2 ** 20} MB), not decompressed`);
        }
        this.checksum = (b[0] & 4) !== 0;
        this.state = 'block';
        return;
      }
      case 'block': {
        const header = b[0] | (b[1] << 8) | (b[2] << 16);
        const type = (header >> 1) & 3;
        if (type === 3) {
          this.state = 'done';
          return;
        }
        this.skip = type === 1 ? 1 : header >>> 3; // an RLE block stores one byte
        if (header & 1) {
          this.skip += this.checksum ? 4 : 0;
          this.state = 'magic';
        }
      }
    }
  }
}

/** Frame header length after the magic: descriptor, window byte, dictionary id, content size. */
function headerLength(descriptor: number): number {
  const singleSegment = (descriptor >> 5) & 1;
  const sizeFlag = descriptor >> 6;
  const dictionary = [0, 1, 2, 4][descriptor & 3];
  const contentSize = sizeFlag ? 1 << sizeFlag : singleSegment;
  return 1 + (singleSegment ? 0 : 1) + dictionary + contentSize;
}

/** The window a decoder must hold: from the window byte, or the content size of a single-segment frame. */
function windowSize(header: number[]): number {
  const descriptor = header[0];
  if (!((descriptor >> 5) & 1)) {
    const base = 2 ** (10 + (header[1] >> 3));
    return base + (base / 8) * (header[1] & 7);
  }
  const sizeFlag = descriptor >> 6;
  const start = 1 + [0, 1, 2, 4][descriptor & 3];
  const length = sizeFlag ? 1 << sizeFlag : 1;
  let size = 0;
  for (let i = length - 1; i >= 0; i--) size = size * 256 + header[start + i];
  return sizeFlag === 1 ? size + 256 : size;
}
