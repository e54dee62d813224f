// Row "--no-redact with SARIF / JUnit": an encoded key is never shown encoded in full. --no-redact shows
// the key itself (decoded); CI formats keep every key redacted; a report holding keys is mode 0600.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fakeKey } from '../helpers/keys.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/git.js';
import { expectInert } from './helpers.js';

const plain = fakeKey('no-redact-plain');
const b64 = fakeKey('no-redact-base64');
const pct = fakeKey('no-redact-percent');
const base64Form = Buffer.from(b64).toString('base64');
const percentForm = [...Buffer.from(pct)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
const encodedForms = [base64Form, base64Form.replace(/=+$/, ''), percentForm, Buffer.from(pct).toString('base64')];
const dir = tempDir('aisa-sec-noredact-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, 'secret.yaml'), `data:\n  token: ${base64Form}\n`);
writeFileSync(path.join(dir, 'url.txt'), `https://api.example/?key=${percentForm}&x=1 and ${plain}\n`);

const run = (args: string[]) => runCli(['scan', dir, ...args], { cwd: dir });

describe('--no-redact never prints an encoded copy of a key', () => {
  it('text: the decoded keys in full, no encoded full key', () => {
    const result = run(['--no-redact']);
    expect(result.code).toBe(1);
    for (const key of [plain, b64, pct]) expect(result.stdout).toContain(key);
    for (const form of encodedForms) expect(result.stdout.includes(form), form).toBe(false);
    expectInert(result);
  });

  for (const format of ['sarif', 'junit', 'json', 'github', 'codequality', 'html']) {
    it(`${format}: no encoded full key; CI formats no full key at all`, () => {
      const out = path.join(dir, `report.${format}`);
      const result = run(['--no-redact', '--format', format, '--output', out]);
      expect(result.code).toBe(1);
      const text = readFileSync(out, 'utf8');
      for (const form of encodedForms) expect(text.includes(form), form).toBe(false);
      if (format !== 'json') for (const key of [plain, b64, pct]) expect(text.includes(key), key).toBe(false);
      expect(statSync(out).mode & 0o777).toBe(0o600);
    });
  }

  it('a report without full keys keeps the umask; an existing file written with --no-redact becomes 0600', () => {
    const out = path.join(dir, 'plain.sarif');
    expect(run(['--format', 'sarif', '--output', out]).code).toBe(1);
    expect(statSync(out).mode & 0o777).toBe(0o666 & ~process.umask());
    expect(run(['--no-redact', '--format', 'json', '--output', out]).code).toBe(1);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });
});
