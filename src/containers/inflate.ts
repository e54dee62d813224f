// The decompressors as pull streams with the budget in the loop: output is counted as it is produced,
// so a bomb is stopped after at most one chunk past the limit, and memory stays at the decoder's buffers.
// node:zlib for deflate, gzip and brotli; zstd through fzstd (zstd.ts); our own decoders for xz and .lzma
// (xz.ts, on lzma.ts), lz4 (lz4.ts) and bzip2 (bzip2.ts).
import zlib from 'node:zlib';
import { once } from 'node:events';
import { ArchiveError, type Budget } from './limits.js';
import { unzstd } from './zstd.js';
import { unlz4 } from './lz4.js';
import { unlzma, unxzStream } from './xz.js';
import { Bzip2Error, bunzip2 } from './bzip2.js';

export type Compression = 'deflate-raw' | 'gzip' | 'brotli' | 'xz' | 'lzma' | 'zstd' | 'lz4' | 'bzip2';

const OUT_CHUNK = 256 * 1024;

export async function* inflate(source: AsyncIterable<Buffer>, compression: Compression, budget: Budget): AsyncGenerator<Buffer> {
  if (compression === 'xz') return yield* unxzStream(source, budget);
  if (compression === 'lzma') return yield* unlzma(source, budget);
  if (compression === 'zstd') return yield* unzstd(source, budget);
  if (compression === 'lz4') return yield* unlz4(source, budget);
  if (compression === 'bzip2') return yield* unbzip2(source, budget);
  // Gunzip reads every member of a multi-member file (`cat a.gz b.gz`), as gzip -d does.
  const z = { gzip: zlib.createGunzip, brotli: zlib.createBrotliDecompress, 'deflate-raw': zlib.createInflateRaw }[compression]({ chunkSize: OUT_CHUNK });
  let produced = 0;
  let stop = false;
  const feed = (async () => {
    for await (const piece of source) {
      if (stop) return;
      if (!z.write(piece)) await Promise.race([once(z, 'drain'), once(z, 'close')]);
    }
    z.end();
  })();
  feed.catch((error: unknown) => z.destroy(error as Error));
  try {
    for await (const out of z as AsyncIterable<Buffer>) {
      produced += out.length;
      // bytesWritten: compressed bytes the engine has taken, not those queued for it (the ratio's divisor).
      budget.inflate(out.length, produced, z.bytesWritten);
      yield out;
    }
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ArchiveError('archive-corrupt', `corrupt compressed data (${code === 'Z_BUF_ERROR' ? 'truncated' : (error as Error).message || code})`);
  } finally {
    stop = true;
    z.destroy();
  }
}

async function* unbzip2(source: AsyncIterable<Buffer>, budget: Budget): AsyncGenerator<Buffer> {
  // The decoder tells how much compressed input it has decoded: the ratio's divisor, exactly.
  const progress = { consumed: 0 };
  let produced = 0;
  try {
    for await (const out of bunzip2(source, { pieceSize: OUT_CHUNK, progress })) {
      produced += out.length;
      budget.inflate(out.length, produced, progress.consumed);
      yield out;
    }
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    if (error instanceof Bzip2Error && error.unsupported) throw new ArchiveError('archive-unsupported', `bzip2 ${error.message}, not decompressed`);
    throw new ArchiveError('archive-corrupt', `corrupt bzip2 data (${error instanceof Bzip2Error ? error.message : `decoder error: ${(error as Error).message}`})`);
  }
}
