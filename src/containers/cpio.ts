// cpio, read forward from a stream: the "new" ASCII format (`070701`, `070702` with checksums: initramfs
// images, RPM payloads) and the portable ASCII one (`070707`, odc). Regular files only; the archive ends
// at the `TRAILER!!!` entry.
import type { ByteStream } from './bytes.js';
import { ArchiveError } from './limits.js';
import { sizedEntry, type Entry } from './entry.js';

const TRAILER = 'TRAILER!!!';
const REGULAR = 0o100000;
const TYPE_MASK = 0o170000;
/** A path is at most a few KB; more is not a real header. */
const MAX_NAME = 64 * 1024;

interface Format {
  header: number;
  /** Header + name, and data, are padded to this many bytes. */
  align: number;
  field(header: string, index: number): number;
}

// newc: 13 fields of 8 hex digits after the magic; odc: fields of 6 octal digits, mtime and size of 11.
const NEWC: Format = { header: 110, align: 4, field: (h, i) => parseInt(h.slice(6 + 8 * i, 14 + 8 * i), 16) };
const ODC_FIELDS = [6, 6, 6, 6, 6, 6, 6, 11, 6, 11];
const ODC: Format = {
  header: 76,
  align: 1,
  field: (h, i) => {
    const start = 6 + ODC_FIELDS.slice(0, i).reduce((a, b) => a + b, 0);
    return parseInt(h.slice(start, start + ODC_FIELDS[i]), 8);
  },
};
// Field positions in each format: mode, name size, file size.
const FIELDS = { newc: { mode: 1, name: 11, size: 6 }, odc: { mode: 2, name: 8, size: 9 } };

export async function* cpioEntries(stream: ByteStream): AsyncGenerator<Entry> {
  for (;;) {
    const magic = (await stream.peek(6)).toString('latin1');
    if (magic.length === 0) return;
    const odc = magic === '070707';
    if (!odc && magic !== '070701' && magic !== '070702') throw new ArchiveError('archive-corrupt', 'corrupt cpio header');
    const format = odc ? ODC : NEWC;
    const at = odc ? FIELDS.odc : FIELDS.newc;
    const header = (await stream.read(format.header)).toString('latin1');
    if (header.length < format.header) throw new ArchiveError('archive-corrupt', 'truncated cpio header');
    const [mode, nameSize, size] = [format.field(header, at.mode), format.field(header, at.name), format.field(header, at.size)];
    if (![mode, nameSize, size].every(Number.isSafeInteger) || nameSize > MAX_NAME) throw new ArchiveError('archive-corrupt', 'bad cpio header field');
    const rawName = await stream.read(nameSize);
    await stream.skip(pad(format.header + nameSize, format.align));
    const name = rawName.toString('utf8', 0, Math.max(0, nameSize - 1)).replace(/^\.\//, '');
    if (name === TRAILER) return;
    const dataPadding = pad(size, format.align);
    if ((mode & TYPE_MASK) !== REGULAR) {
      await stream.skip(size + dataPadding);
      continue;
    }
    const { entry, left } = sizedEntry(stream, name, size);
    yield entry;
    await stream.skip(left() + dataPadding);
  }
}

function pad(length: number, align: number): number {
  return (align - (length % align)) % align;
}
