// Raw first: whatever a container is taken for, its own bytes are scanned as they are (a zip comment,
// text after an archive's end, a tar's padding, a gzip header's file name, a second archive appended to
// the first). The readers consume the bytes; this tap sees every one of them on the way, holds one chunk
// at a time, and scans it with the same detector entry points as any file (scanBytes, or the binary
// chunk reading once the input outgrows one chunk). No I/O.
import type { Finding } from '../types.js';
import { CHUNK_OVERLAP, CHUNK_SIZE, bytesMayContainKey, scanBinary, scanBytes, scanChunks, type ScanContext } from '../detect/index.js';
import { accessFill, type RandomAccess } from './bytes.js';

export class RawTap {
  readonly findings: Finding[] = [];
  private parts: Buffer[] = [];
  private held = 0;
  /** Offset of the first held byte in the whole input. */
  private base = 0;

  constructor(
    private readonly context: ScanContext,
    private readonly chunkSize = CHUNK_SIZE,
  ) {}

  /** Passes a stream's pieces on unchanged, keeping a copy of each for the raw scan. */
  async *tap(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const piece of source) {
      this.push(piece);
      yield piece;
    }
  }

  push(piece: Buffer): void {
    if (!piece.length) return;
    this.parts.push(Buffer.from(piece));
    this.held += piece.length;
    if (this.held >= this.chunkSize + CHUNK_OVERLAP) this.spill();
  }

  /** Bytes readable at any position (a file, a buffer): scanned where they are, never copied whole. */
  async scanAccess(access: RandomAccess): Promise<Finding[]> {
    if (access.size <= this.chunkSize) return scanBytes(access.read(0, access.size), this.context).findings;
    return (await scanChunks(accessFill(access), this.context, this.chunkSize)).findings;
  }

  /** Scans what is still held; call once, after the last byte. */
  finish(): Finding[] {
    const window = Buffer.concat(this.parts, this.held);
    this.parts = [];
    // Held whole: read as any file is (text by line and column, else by byte offset).
    if (this.base === 0) this.findings.push(...scanBytes(window, this.context).findings);
    else if (bytesMayContainKey(window)) this.findings.push(...scanBinary(window, this.context, { base: this.base, owned: window.length }));
    return this.findings;
  }

  /** One chunk is full: scan it (its look-ahead kept for the next), as the binary chunk scanner does. */
  private spill(): void {
    const window = Buffer.concat(this.parts, this.held);
    if (bytesMayContainKey(window)) this.findings.push(...scanBinary(window, this.context, { base: this.base, owned: this.chunkSize }));
    const rest = window.subarray(this.chunkSize);
    this.parts = [rest];
    this.held = rest.length;
    this.base += this.chunkSize;
  }
}
