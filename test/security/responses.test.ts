// Rows "verify endpoint answers 500 {"error":{"code":"oops_<key>"}}, or a 3 GB body" and "AISA_ADMIN_KEY
// with an inner newline": what a server says is bounded, checked and escaped before it is printed or
// logged; a credential that cannot be a header value is refused before any request, and never echoed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fakeKey } from '../helpers/keys.js';
import { tempDir } from '../helpers/git.js';
import { runCliAsync } from '../respond/helpers.js';
import { expectInert } from './helpers.js';

const key = fakeKey('responses');
const adminHalves = [fakeKey('responses-admin-1'), fakeKey('responses-admin-2')];
const dir = tempDir('aisa-sec-responses-');
writeFileSync(path.join(dir, 'app.env'), `AISA_API_KEY=${key}\n`);

type Mode = 'echo-key' | 'huge-body';
let mode: Mode = 'echo-key';
let requests = 0;
let bytesSent = 0;
const server = http.createServer((req, res) => {
  requests++;
  const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
  if (mode === 'echo-key') {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: `oops_${bearer}`, message: `\u001b[2J::error::${bearer}` } }));
    return;
  }
  // 3 GB, one megabyte at a time, for as long as the client keeps reading.
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(1 << 20, 'a');
  let left = 3 * 1024;
  const pump = () => {
    while (left > 0) {
      left--;
      bytesSent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end();
  };
  res.on('close', () => (left = 0));
  pump();
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  requests = 0;
  bytesSent = 0;
});

describe('server answers are bounded and sanitised', () => {
  it('an error code carrying the key is not repeated: stderr and the audit log hold no key', async () => {
    mode = 'echo-key';
    const audit = path.join(dir, 'audit-echo.jsonl');
    const run = await runCliAsync(['scan', '.', '--verify', '--audit-log', audit], { cwd: dir, env: { AISA_BASE_URL: base } });
    expect(run.code).toBe(1);
    expect(requests).toBe(3); // 500 is retried, then the status stays unknown
    expect(run.stderr).toMatch(/could not verify sk-aisa-\S{4}…\S{4}: HTTP 500 after 3 attempts/);
    expect(run.stderr).not.toContain('oops_');
    expectInert(run, [key]);
    const log = readFileSync(audit, 'utf8');
    expect(log).not.toContain(key);
    expect(log).not.toContain('oops_');
  });

  it('a 3 GB body is read up to 64 KiB, then dropped', async () => {
    mode = 'huge-body';
    const run = await runCliAsync(['scan', '.', '--verify'], { cwd: dir, env: { AISA_BASE_URL: base } });
    expect(run.code).toBe(3); // 200: the key is live
    expect(requests).toBe(1);
    expect(bytesSent).toBeLessThan(64 * 1024 * 1024);
    expectInert(run, [key]);
  });
});

describe('AISA_ADMIN_KEY must be a header value', () => {
  it('an inner newline: refused before any request, in one line that does not echo it', async () => {
    mode = 'echo-key';
    const audit = path.join(dir, 'audit-admin.jsonl');
    const run = await runCliAsync(['scan', '.', '--revoke', '--yes', '--audit-log', audit], {
      cwd: dir,
      env: { AISA_BASE_URL: base, AISA_REVOKE_AUTH: 'admin', AISA_ADMIN_KEY: adminHalves.join('\n') },
    });
    expect(run.code).toBe(2);
    expect(requests).toBe(0);
    expect(run.stderr.trim().split('\n')).toEqual(['aisa-guard: AISA_ADMIN_KEY holds spaces, line breaks or other characters an HTTP header cannot carry']);
    expectInert(run, [key, ...adminHalves]);
  });
});
