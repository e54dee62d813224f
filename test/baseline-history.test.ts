// `baseline history` records what `history` reports (delegating to that command), and `history
// --baseline` then reports only keys committed afterwards.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fingerprintOf } from '../src/detect/index.js';
import { fakeKey } from './helpers/keys.js';
import { runCli } from './helpers/run-cli.js';
import { TestRepo, cleanup } from './helpers/git.js';

describe('baseline history', () => {
  const repo = TestRepo.init();
  const old = fakeKey('hist-base-old');
  repo.commit('leak', { 'config.env': `AISA_API_KEY=${old}\n` });
  repo.commit('remove it', { 'config.env': 'AISA_API_KEY=\n' });
  afterAll(() => cleanup(repo.dir));

  it('records the keys anywhere in history, then reports only keys committed later', () => {
    const record = runCli(['baseline', 'history', '--repo', repo.dir, '--output', 'accepted.json'], { cwd: repo.dir });
    expect(record.stderr).toBe('');
    expect(record.stdout).toBe('aisa-guard: recorded 1 finding (1 key) in accepted.json\n');
    expect(JSON.parse(readFileSync(path.join(repo.dir, 'accepted.json'), 'utf8'))).toEqual({
      version: 1,
      findings: [{ fingerprint: fingerprintOf(old), ruleId: 'aisa-api-key', file: 'config.env' }],
    });

    const accepted = runCli(['history', '--repo', repo.dir, '--baseline', path.join(repo.dir, 'accepted.json'), '--format', 'json']);
    expect(accepted.code).toBe(0);
    expect(JSON.parse(accepted.stdout).stats.baselined).toBe(1);

    const fresh = fakeKey('hist-base-new');
    const sha = repo.commit('new leak', { 'src/client.ts': `export const key = "${fresh}";\n` });
    const after = runCli(['history', '--repo', repo.dir, '--baseline', path.join(repo.dir, 'accepted.json'), '--format', 'json']);
    expect(after.code).toBe(1);
    const report = JSON.parse(after.stdout);
    expect(report.findings.map((f: { file: string; commit: string }) => [f.file, f.commit])).toEqual([['src/client.ts', sha]]);
    expect(report.stats.baselined).toBe(1);
  });

  it('rejects options of the other scan', () => {
    const run = runCli(['baseline', 'history', '--no-ignore'], { cwd: repo.dir });
    expect(run.stderr).toBe('aisa-guard: --no-ignore is not an option of "baseline history"\n');
    expect(run.code).toBe(2);
  });
});
