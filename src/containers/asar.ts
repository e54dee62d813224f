// Electron asar: a pickled header (u32 4, u32 header size; then u32 payload size, u32 JSON length, the
// JSON index), then the files' bytes back to back. The index is a tree of
// `{"files": {name: {"files": …} | {"offset": "n", "size": n, "unpacked"?: true} | {"link": …}}}`.
import { slices, type RandomAccess } from './bytes.js';
import { ArchiveError } from './limits.js';
import type { Entry } from './entry.js';

interface Node {
  files?: Record<string, Node>;
  offset?: string;
  size?: number;
  unpacked?: boolean;
}

export function asarEntries(access: RandomAccess): Entry[] {
  const head = access.read(0, 16);
  const headerSize = head.readUInt32LE(4);
  const jsonLength = head.readUInt32LE(12);
  if (16 + jsonLength > access.size || jsonLength + 8 > headerSize) throw new ArchiveError('archive-corrupt', 'asar header out of bounds');
  let index: Node;
  try {
    index = JSON.parse(access.read(16, jsonLength).toString('utf8')) as Node;
  } catch {
    throw new ArchiveError('archive-corrupt', 'asar index is not valid JSON');
  }
  const dataStart = 8 + headerSize;
  const entries: Entry[] = [];
  // A list, not recursion: the index is untrusted and may nest deeper than the stack.
  const pending: [string, Node][] = [['', index]];
  while (pending.length) {
    const [prefix, node] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (node.files && typeof node.files === 'object') {
      for (const [name, child] of Object.entries(node.files).reverse()) pending.push([prefix ? `${prefix}/${name}` : name, child]);
      continue;
    }
    // Unpacked files sit beside the archive (app.asar.unpacked/) and are scanned as files there.
    if (node.unpacked || typeof node.offset !== 'string' || typeof node.size !== 'number') continue;
    const start = dataStart + Number(node.offset);
    const size = node.size;
    const inBounds = Number.isSafeInteger(start) && start + size <= access.size;
    entries.push({ name: prefix, content: () => (inBounds ? slices(access, start, size) : outOfBounds()) });
  }
  return entries;
}

// eslint-disable-next-line require-yield -- an entry whose bytes cannot be read
async function* outOfBounds(): AsyncGenerator<Buffer> {
  throw new ArchiveError('archive-corrupt', 'asar entry out of bounds');
}
