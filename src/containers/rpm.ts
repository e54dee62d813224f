// RPM packages: a 96-byte lead, a signature header (padded to 8 bytes), the main header, then the
// payload, a cpio archive, usually compressed (gzip, xz, zstd, bzip2). The headers hold package metadata
// and digests, no file contents: they are skipped and the payload is read as the package's entries.
import type { ByteStream } from './bytes.js';
import { ArchiveError } from './limits.js';

const LEAD = 96;
const HEADER_MAGIC = 0x8eade801;
/** Index entries and data of one header: real packages stay far below. */
const MAX_HEADER = 256 * 1024 * 1024;

/** Moves `stream` past the lead and both headers, to the payload's first byte. */
export async function skipRpmHeaders(stream: ByteStream): Promise<void> {
  await stream.skip(LEAD);
  for (const padded of [true, false]) {
    const intro = await stream.read(16);
    if (intro.length < 16 || intro.readUInt32BE(0) !== HEADER_MAGIC) throw new ArchiveError('archive-corrupt', 'corrupt rpm header');
    const length = intro.readUInt32BE(8) * 16 + intro.readUInt32BE(12);
    if (length > MAX_HEADER) throw new ArchiveError('archive-corrupt', 'rpm header too large');
    await stream.skip(length + (padded ? (8 - ((16 + length) % 8)) % 8 : 0));
  }
}
