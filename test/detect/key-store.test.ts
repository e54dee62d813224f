// Full keys are held by the scan that found them, never process-wide: two library scans running at the
// same time each see their own keys only.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintOf, scanPaths } from '../../src/index.js';
import { fakeKey } from '../helpers/keys.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tree(key: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aisa-keystore-'));
  dirs.push(dir);
  for (let i = 0; i < 50; i++) writeFileSync(path.join(dir, `f${i}.txt`), i === 25 ? `KEY=${key}\n` : `nothing ${i}\n`);
  return dir;
}

describe('per-scan key store', () => {
  it('two concurrent library scans do not see each other\'s keys', async () => {
    const [a, b] = [fakeKey('store-a'), fakeKey('store-b')];
    const [dirA, dirB] = [tree(a), tree(b)];
    const [resultA, resultB] = await Promise.all([scanPaths([dirA], { root: dirA }), scanPaths([dirB], { root: dirB })]);
    expect(resultA.findings.map((f) => f.fingerprint)).toEqual([fingerprintOf(a)]);
    expect(resultB.findings.map((f) => f.fingerprint)).toEqual([fingerprintOf(b)]);
    expect(resultA.keys!.keyFor(fingerprintOf(a))).toBe(a);
    expect(resultA.keys!.keyFor(fingerprintOf(b))).toBeUndefined();
    expect(resultB.keys!.keyFor(fingerprintOf(b))).toBe(b);
    expect(resultB.keys!.keyFor(fingerprintOf(a))).toBeUndefined();
  });

  it('never shows a key when serialised or inspected', async () => {
    const key = fakeKey('store-print');
    const dir = tree(key);
    const result = await scanPaths([dir], { root: dir });
    expect(result.keys!.keyFor(result.findings[0].fingerprint)).toBe(key);
    expect(JSON.stringify(result)).not.toContain(key);
    expect(inspect(result, { depth: 10, showHidden: true })).not.toContain(key);
  });
});
