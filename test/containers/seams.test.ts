// Raw first: a file taken for a container is still scanned as the bytes it is. Each case below hides a
// key where no archive reader looks (a zip comment, a tar's padding, a gzip header's file name, a second
// archive appended to the first...): found through the CLI with its exact place, exit 1.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { fakeKey } from '../helpers/keys.js';
import { tarOf, treeMaker, zipOf } from '../helpers/archives.js';
import { runCli } from '../helpers/run-cli.js';

const tree = treeMaker();

/** Scans `name` (holding `content`) through the CLI: exit code and findings as `file@offset` or `file:line:column`. */
function scan(name: string, content: Buffer) {
  const root = tree({ [name]: content });
  const run = runCli(['scan', name, '--format', 'json'], { cwd: root });
  const findings = (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
  const at = findings.map((f) => (f.offset !== undefined ? `${f.file}@${f.offset}` : `${f.file}:${f.line}:${f.column}`));
  return { code: run.code, at, findings, stderr: run.stderr };
}

const line = (seed: string) => `AISA_API_KEY=${fakeKey(seed)}\n`;
const keyAt = (bytes: Buffer, seed: string) => bytes.indexOf(fakeKey(seed));

/** A tar header block with `fields` written at their offsets, its checksum set. */
function tarHeader(name: string, size: number, type: string, fields: Record<number, string> = {}): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0);
  h.write('0000644\0', 100);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write(type, 156);
  h.write('ustar\x0000', 257);
  for (const [at, text] of Object.entries(fields)) h.write(text, Number(at));
  h.write('        ', 148);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}
const pad = (data: Buffer) => Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);

describe('zip: bytes outside every entry', () => {
  const plainZip = () => zipOf([{ name: 'README.md', data: 'nothing here\n'.repeat(20) }]);

  it('a key in the end record comment', () => {
    const zip = plainZip();
    const comment = Buffer.from(`release notes: ${line('zip-comment')}`);
    zip.writeUInt16LE(comment.length, zip.length - 2);
    const file = Buffer.concat([zip, comment]);
    const { code, at, findings } = scan('app.zip', file);
    expect(at).toEqual([`app.zip@${keyAt(file, 'zip-comment')}`]);
    expect(findings[0].container).toBeUndefined();
    expect(code).toBe(1);
  });

  it('a key in a local header extra field', () => {
    const data = gzipSync('x'); // any entry; the key is in the header, not the data
    const extra = Buffer.from(`\x99\x99${String.fromCharCode(line('zip-extra').length)}\0${line('zip-extra')}`, 'latin1');
    const zip = zipOf([{ name: 'a.bin', data, stored: true }]);
    // Rebuild the local header with the extra field, moving the central directory's offsets along.
    const localEnd = 30 + 'a.bin'.length;
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 1, 2]));
    const local = Buffer.from(zip.subarray(0, localEnd));
    local.writeUInt16LE(extra.length, 28);
    const rest = Buffer.from(zip.subarray(central));
    rest.writeUInt32LE(rest.readUInt32LE(rest.length - 6) + extra.length, rest.length - 6);
    const file = Buffer.concat([local, extra, zip.subarray(localEnd, central), rest]);
    const { code, at } = scan('extra.zip', file);
    expect(at).toEqual([`extra.zip@${keyAt(file, 'zip-extra')}`]);
    expect(code).toBe(1);
  });

  it('text after the end of central directory record', () => {
    const file = Buffer.concat([plainZip(), Buffer.from(`\n${line('after-eocd')}`)]);
    const { code, at } = scan('trailing.zip', file);
    expect(at).toEqual([`trailing.zip@${keyAt(file, 'after-eocd')}`]);
    expect(code).toBe(1);
  });

  it('a stored local entry the central directory does not list', () => {
    const listed = zipOf([{ name: 'listed.txt', data: 'nothing\n' }]);
    const hidden = zipOf([{ name: 'hidden.env', data: line('orphan'), stored: true }]);
    const localOfHidden = hidden.subarray(0, hidden.indexOf(Buffer.from([0x50, 0x4b, 1, 2])));
    const file = Buffer.concat([localOfHidden, listed]);
    // The listed archive's offsets are relative to its own start: shift them by what was put before it.
    const directoryOffsetAt = file.length - 6;
    file.writeUInt32LE(file.readUInt32LE(directoryOffsetAt) + localOfHidden.length, directoryOffsetAt);
    const central = file.indexOf(Buffer.from([0x50, 0x4b, 1, 2]));
    file.writeUInt32LE(localOfHidden.length, central + 42);
    const { code, at } = scan('orphan.zip', file);
    expect(at).toEqual([`orphan.zip@${keyAt(file, 'orphan')}`]);
    expect(code).toBe(1);
  });
});

describe('tar: bytes outside every entry', () => {
  it('the second tar of `cat a.tar b.tar`', () => {
    const file = Buffer.concat([tarOf([{ name: 'a.txt', data: 'nothing\n' }]), tarOf([{ name: 'b.env', data: line('second-tar') }])]);
    const { code, at } = scan('both.tar', file);
    expect(at).toEqual([`both.tar@${keyAt(file, 'second-tar')}`]);
    expect(code).toBe(1);
  });

  it("a key in an entry's padding, in a link target, and in a pax comment", () => {
    const data = Buffer.from('nothing\n');
    const padded = pad(data);
    Buffer.from(line('padding')).copy(padded, data.length + 1);
    const pax = Buffer.from(`${(`comment=${line('pax')}`.length + 4).toString()} comment=${line('pax')}`);
    const link = fakeKey('linkname');
    const file = Buffer.concat([
      tarHeader('a.txt', data.length, '0'),
      padded,
      tarHeader('link', 0, '2', { 157: link }),
      tarHeader('PaxHeaders/b', pax.length, 'x'),
      pad(pax),
      tarHeader('b.txt', data.length, '0'),
      pad(data),
      Buffer.alloc(1024),
    ]);
    const { code, at } = scan('hidden.tar', file);
    expect(at).toEqual([
      `hidden.tar@${keyAt(file, 'padding')}`,
      `hidden.tar@${keyAt(file, 'linkname')}`,
      `hidden.tar@${keyAt(file, 'pax')}`,
    ]);
    expect(code).toBe(1);
  });
});

describe('gzip and magic numbers', () => {
  it("a key in a gzip header's file name (FNAME)", () => {
    const body = gzipSync('nothing here\n');
    const name = Buffer.from(`${fakeKey('fname')}.txt\0`);
    const head = Buffer.from(body.subarray(0, 10));
    head[3] |= 0x08; // FNAME
    const file = Buffer.concat([head, name, body.subarray(10)]);
    const { code, at } = scan('named.gz', file);
    expect(at).toEqual([`named.gz@${keyAt(file, 'fname')}`]);
    expect(code).toBe(1);
  });

  it.each([
    ['zip', 'PK\x03\x04'],
    ['gzip', '\x1f\x8b\x08'],
    ['7z', '7z\xbc\xaf\x27\x1c'],
    ['xz', '\xfd7zXZ\0'],
  ])('a file starting with the %s magic number, then plain text', (_kind, magic) => {
    const file = Buffer.concat([Buffer.from(magic, 'latin1'), Buffer.from(`\nnot an archive at all\n${line('magic-' + _kind)}`)]);
    const { code, at, stderr } = scan('notes.txt', file);
    expect(at).toHaveLength(1);
    expect(at[0]).toMatch(/^notes\.txt(@|:)/);
    const finding = at[0];
    expect(finding === `notes.txt@${keyAt(file, 'magic-' + _kind)}` || finding === 'notes.txt:3:14').toBe(true);
    expect(code).toBe(1);
    expect(stderr).toMatch(/notes\.txt/); // the archive that could not be read is still named
  });
});

describe('streams and nesting', () => {
  it('standard input: text after a gzip stream (read as it flows)', () => {
    const input = Buffer.concat([gzipSync('nothing here\n'), Buffer.from(`\n${line('stdin-trailer')}`)]);
    const run = runCli(['scan', '-', '--format', 'json'], { input });
    const findings = (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
    expect(findings.map((f) => `${f.file}@${f.offset}`)).toEqual([`<stdin>@${keyAt(input, 'stdin-trailer')}`]);
    expect(run.code).toBe(1);
  });

  it('a tar in a tgz with a second tar appended: the key at its offset in the tar, inside the gzip', () => {
    const tar = Buffer.concat([tarOf([{ name: 'a.txt', data: 'nothing\n' }]), tarOf([{ name: 'b.env', data: line('nested-second') }])]);
    const { code, at, findings } = scan('pkg.tgz', gzipSync(tar));
    expect(at).toEqual([`pkg.tgz!pkg.tar@${keyAt(tar, 'nested-second')}`]);
    expect(findings[0].container).toBe('pkg.tgz');
    expect(code).toBe(1);
  });
});
