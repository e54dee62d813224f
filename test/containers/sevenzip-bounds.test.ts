// Forged 7z headers: every count is bounded by what is left of the header before anything is allocated
// for it. The 559-byte archive made `digests` build an array of 64 x 2^24 entries (40 s, 3.2 GB,
// V8 fatal error); now it is a one-line warning, in well under 2 s and 200 MB.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/run-cli.js';

/** A 7z NUMBER: `extra` bytes follow the first, little-endian (values below 2^32 here). */
function number(value: number): number[] {
  if (value < 0x80) return [value];
  const bytes = [0, 1, 2, 3].map((i) => Math.floor(value / 2 ** (8 * i)) & 0xff);
  return [0xf0, ...bytes];
}

function sevenZip(header: number[]): Buffer {
  const start = Buffer.alloc(32);
  Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]).copy(start);
  start.writeBigUInt64LE(0n, 12);
  start.writeBigUInt64LE(BigInt(header.length), 20);
  return Buffer.concat([start, Buffer.from(header)]);
}

/** 64 copy folders, each claiming 2^24 files, all CRCs defined: the archive. */
function forgedCounts(perFolder: number): Buffer {
  const folders = 64;
  return sevenZip([
    0x01, 0x04, // header, main streams
    0x07, 0x0b, ...number(folders), 0x00, ...Array.from({ length: folders }, () => [0x01, 0x01, 0x00]).flat(), // folders: one copy coder each
    0x0c, ...Array.from({ length: folders }, () => 0x01), 0x00, // unpack sizes
    0x08, 0x0d, ...Array.from({ length: folders }, () => number(perFolder)).flat(), 0x0a, 0x01, 0x00, // substreams: counts, CRCs all defined
    0x00, 0x00,
  ]);
}

function scan(file: Buffer) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aisa-7z-'));
  writeFileSync(path.join(dir, 'forged.7z'), file);
  // Peak memory of the child, reported by itself as it exits.
  const rss = "data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss='+process.resourceUsage().maxRSS+'\\n'))";
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', rss, CLI, 'scan', dir], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } });
  const ms = Date.now() - started;
  const maxRssMb = Number(/maxrss=(\d+)/.exec(run.stderr)?.[1] ?? Infinity) / 1024;
  return { ...run, ms, maxRssMb };
}

describe('7z header bounds', () => {
  it.each([
    ['2^24 files per folder (the issue`s archive)', 1 << 24],
    ['counts within the header, CRCs past its end', 2000],
  ])('%s: a warning and exit 2, fast and small', (_name, perFolder) => {
    const file = forgedCounts(perFolder);
    expect(file.length).toBeLessThan(700);
    const run = scan(file);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/forged\.7z.*corrupt 7z header/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.ms).toBeLessThan(2000 * (process.env.CI ? 2 : 1) + 1000); // node start-up on a loaded machine included
    expect(run.maxRssMb).toBeLessThan(200);
  });
});
