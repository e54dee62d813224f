// `npm run emulator` by hand: the built main.js registers keys from a file and the environment,
// prints its URL, and answers the CLI.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { fakeKey } from '../helpers/keys.js';
import { cleanup, tempDir } from '../helpers/git.js';
import { runCliAsync } from './helpers.js';

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/fixtures/aisa-emulator/main.js');
const dir = tempDir('aisa-guard-emulator-main-');
afterAll(() => cleanup(dir));

it('serves the keys it was given and logs requests with redacted keys only', async () => {
  const [live, revoked, capped] = ['live', 'revoked', 'capped'].map((s) => fakeKey(`emulator-main-${s}`));
  writeFileSync(path.join(dir, 'keys.txt'), `# by hand\n${live}\nrevoked ${revoked}\n`);
  writeFileSync(path.join(dir, 'app.ts'), [live, revoked, capped].map((k, i) => `const k${i} = "${k}";`).join('\n') + '\n');
  const emulator = spawn(process.execPath, [MAIN, 'keys.txt'], {
    cwd: dir,
    env: { ...process.env, AISA_EMULATOR_KEYS: `capped ${capped}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  emulator.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  try {
    const baseUrl = await new Promise<string>((resolve, reject) => {
      emulator.stdout.on('data', () => {
        const match = /^AIsa emulator listening on (http:\/\/127\.0\.0\.1:\d+\/v1) with 3 registered key\(s\)\.$/m.exec(output);
        if (match) resolve(match[1]);
      });
      emulator.once('exit', () => reject(new Error(`emulator exited: ${output}`)));
    });
    const run = await runCliAsync(['scan', 'app.ts', '--verify', '--format', 'json'], { cwd: dir, env: { AISA_BASE_URL: baseUrl } });
    const statuses = (JSON.parse(run.stdout) as { findings: Array<{ status: string }> }).findings.map((f) => f.status);
    expect(statuses).toEqual(['live', 'revoked', 'live']);
    expect(run.code).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(output.match(/^GET \/v1\/models sk-aisa-\S{4}…\S{4} → (200|401|429)$/gm)?.map((l) => l.slice(-3)).sort()).toEqual(['200', '401', '429']);
    for (const key of [live, revoked, capped]) expect(output).not.toContain(key);
  } finally {
    emulator.kill('SIGTERM');
  }
});
