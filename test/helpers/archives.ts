// Archives built at test time, two ways: small writers here on node:zlib (the readers' counterparts,
// each field as the format specifies it), and the real command-line tools (zip, tar, gzip, bzip2, xz).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll } from 'vitest';
import { tempDir } from './git.js';

export interface Member {
  name: string;
  data: string | Buffer;
  /** zip: stored instead of deflated. */
  stored?: boolean;
  /** zip: already compressed bytes and the method number they are stored under (e.g. 93, zstd). */
  packed?: { method: number; bytes: Buffer };
}

const bytes = (data: string | Buffer) => (typeof data === 'string' ? Buffer.from(data) : data);

/** Deflated once per buffer: a bomb repeats the same member many times. */
const deflated = new WeakMap<Buffer, Buffer>();

/** A zip: local headers, data, central directory, end record (sizes and CRC in the headers). */
export function zipOf(members: readonly Member[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const member of members) {
    const data = bytes(member.data);
    const packed = member.packed?.bytes ?? (member.stored ? data : (deflated.get(data) ?? deflated.set(data, zlib.deflateRawSync(data)).get(data)!));
    const method = member.packed?.method ?? (member.stored ? 0 : 8);
    const name = Buffer.from(member.name);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x800, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    central.push(entry, name);
    offset += 30 + name.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A ustar archive; names longer than 100 bytes get a GNU `L` record first. */
export function tarOf(members: readonly Member[]): Buffer {
  const blocks: Buffer[] = [];
  const header = (name: string, size: number, type: string) => {
    const h = Buffer.alloc(512);
    h.write(name.slice(0, 100), 0);
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(size.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write(type, 156);
    h.write('ustar\0' + '00', 257);
    h.write('        ', 148);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    return h;
  };
  const padded = (data: Buffer) => Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
  for (const member of members) {
    const data = bytes(member.data);
    if (Buffer.byteLength(member.name) > 100) {
      const long = Buffer.from(member.name + '\0');
      blocks.push(header('././@LongLink', long.length, 'L'), padded(long));
    }
    blocks.push(header(member.name, data.length, '0'), padded(data));
  }
  return Buffer.concat([...blocks, Buffer.alloc(1024)]);
}

/** An Electron asar: pickled header (sizes, then the JSON index as a pickled string), then the files. */
export function asarOf(members: readonly Member[]): Buffer {
  const root: { files: Record<string, unknown> } = { files: {} };
  const datas: Buffer[] = [];
  let offset = 0;
  for (const member of members) {
    const data = bytes(member.data);
    const parts = member.name.split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) dir = (dir.files[part] ??= { files: {} }) as typeof root;
    dir.files[parts.at(-1)!] = { size: data.length, offset: String(offset) };
    datas.push(data);
    offset += data.length;
  }
  const json = Buffer.from(JSON.stringify(root));
  const padding = (4 - (json.length % 4)) % 4;
  const pickle = Buffer.alloc(8 + json.length + padding);
  pickle.writeUInt32LE(4 + json.length + padding, 0);
  pickle.writeUInt32LE(json.length, 4);
  json.copy(pickle, 8);
  const size = Buffer.alloc(8);
  size.writeUInt32LE(4, 0);
  size.writeUInt32LE(pickle.length, 4);
  return Buffer.concat([size, pickle, ...datas]);
}

/** A CRX3 extension: "Cr24", version 3, a header (here opaque bytes) of its stated length, then the zip. */
export function crxOf(zip: Buffer): Buffer {
  const header = Buffer.alloc(12);
  header.write('Cr24', 0);
  header.writeUInt32LE(3, 4);
  const proof = Buffer.from('0a20' + 'ab'.repeat(32), 'hex');
  header.writeUInt32LE(proof.length, 8);
  return Buffer.concat([header, proof, zip]);
}

/** Runs a real archiving tool in `cwd`; its stdout when asked for. */
export function tool(cwd: string, command: string, args: string[]): Buffer {
  return execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

/** Temp folders of files for one test file, removed after it: `const tree = treeMaker(); tree({ 'a.zip': … })`. */
export function treeMaker(): (files?: Record<string, string | Buffer>) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return (files = {}) => {
    const root = tempDir('aisa-guard-archives-');
    made.push(root);
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), content);
    }
    return root;
  };
}
