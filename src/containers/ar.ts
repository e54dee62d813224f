// Unix ar, read forward from a stream: `.deb` packages (debian-binary, control.tar.*, data.tar.*) and
// static libraries (`.a`). 60-byte member headers; GNU long names from the `//` member, BSD long names
// (`#1/<length>`) in front of the data; symbol tables skipped.
import type { ByteStream } from './bytes.js';
import { ArchiveError } from './limits.js';
import { sizedEntry, type Entry } from './entry.js';

export const AR_MAGIC = '!<arch>\n';
const HEADER = 60;
/** A long-name table or a BSD name: no real one comes near this. */
const MAX_NAMES = 1024 * 1024;

export async function* arEntries(stream: ByteStream): AsyncGenerator<Entry> {
  await stream.skip(AR_MAGIC.length);
  let longNames = '';
  for (;;) {
    const header = await stream.read(HEADER);
    if (header.length === 0) return;
    if (header.length < HEADER || header[58] !== 0x60 || header[59] !== 0x0a) throw new ArchiveError('archive-corrupt', 'corrupt ar member header');
    const sizeText = header.toString('latin1', 48, 58).trim();
    if (!/^\d+$/.test(sizeText)) throw new ArchiveError('archive-corrupt', 'bad ar member size');
    let size = Number(sizeText);
    const padding = size % 2;
    let name = header.toString('utf8', 0, 16).trimEnd();
    if (name === '//') {
      if (size > MAX_NAMES) throw new ArchiveError('archive-corrupt', 'ar name table too large');
      longNames = (await stream.read(size + padding)).toString('utf8', 0, size);
      continue;
    }
    if (name === '/' || name === '/SYM64/' || name.startsWith('__.SYMDEF')) {
      await stream.skip(size + padding);
      continue;
    }
    const bsd = /^#1\/(\d+)$/.exec(name);
    if (bsd) {
      const length = Number(bsd[1]);
      if (length > Math.min(size, MAX_NAMES)) throw new ArchiveError('archive-corrupt', 'bad ar member name');
      const raw = await stream.read(length);
      name = raw.toString('utf8', 0, raw.includes(0) ? raw.indexOf(0) : raw.length);
      size -= length;
    } else if (/^\/\d+$/.test(name)) {
      const at = Number(name.slice(1));
      const end = longNames.indexOf('/\n', at);
      name = longNames.slice(at, end === -1 ? undefined : end);
    } else if (name.endsWith('/')) {
      name = name.slice(0, -1); // GNU ends short names with a slash
    }
    const { entry, left } = sizedEntry(stream, name, size);
    yield entry;
    await stream.skip(left() + padding);
  }
}
