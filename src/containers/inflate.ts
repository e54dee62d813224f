// node:zlib as a pull stream with the budget in the loop: output is counted as it is produced, so a
// bomb is stopped after at most one zlib chunk past the limit, and memory stays at zlib's buffers.
import zlib from 'node:zlib';
import { once } from 'node:events';
import { ArchiveError, type Budget } from './limits.js';

export type Compression = 'deflate-raw' | 'gzip';

const OUT_CHUNK = 256 * 1024;

export async function* inflate(source: AsyncIterable<Buffer>, compression: Compression, budget: Budget): AsyncGenerator<Buffer> {
  // Gunzip reads every member of a multi-member file (`cat a.gz b.gz`), as gzip -d does.
  const z = compression === 'gzip' ? zlib.createGunzip({ chunkSize: OUT_CHUNK }) : zlib.createInflateRaw({ chunkSize: OUT_CHUNK });
  let consumed = 0;
  let produced = 0;
  let stop = false;
  const feed = (async () => {
    for await (const piece of source) {
      if (stop) return;
      consumed += piece.length;
      if (!z.write(piece)) await Promise.race([once(z, 'drain'), once(z, 'close')]);
    }
    z.end();
  })();
  feed.catch((error: unknown) => z.destroy(error as Error));
  try {
    for await (const out of z as AsyncIterable<Buffer>) {
      produced += out.length;
      budget.inflate(out.length, produced, consumed);
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
