// History on a partial clone (`--filter=blob:none` from a file:// remote): missing blobs are counted,
// named and reported, the rest is scanned, and nothing is fetched unless --fetch-missing.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { redactKey } from '../../src/detect/index.js';
import { TestRepo, git, gitEnv, perTestTemp, tempDir } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';
import { runCli } from '../helpers/run-cli.js';

const temp = perTestTemp();
const OLD = fakeKey('missing-old');
const NEW = fakeKey('missing-new');

/** A source whose first commit's blob (holding OLD) the partial clone never downloads. */
function partialClone(keyAtHead: boolean): { clone: TestRepo; oldBlob: string } {
  const source = temp.repo();
  source.git('config', 'uploadpack.allowFilter', 'true');
  source.commit('old', { 'old.env': `AISA_API_KEY=${OLD}\n` });
  const oldBlob = source.git('rev-parse', 'HEAD:old.env');
  source.commit('new', { 'old.env': 'AISA_API_KEY=\n', ...(keyAtHead ? { 'app.env': `AISA_API_KEY=${NEW}\n` } : { 'app.env': 'x\n' }) });
  const dir = temp.track(tempDir());
  execFileSync('git', ['clone', '-q', '--filter=blob:none', `file://${source.dir}`, dir], { env: gitEnv(), stdio: 'ignore' });
  return { clone: new TestRepo(dir), oldBlob };
}

const missingNow = (dir: string) =>
  git(dir, ['rev-list', '--objects', '--all', '--missing=print']).split('\n').filter((l) => l.startsWith('?'));

describe('history with missing objects', () => {
  it('counts and names the missing blob, scans the rest, exit 1 for the key it could read; fetches nothing', () => {
    const { clone, oldBlob } = partialClone(true);
    expect(missingNow(clone.dir)).toEqual([`?${oldBlob}`]);
    const run = runCli(['history', '-f', 'json'], { cwd: clone.dir, env: gitEnv() });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { file: string; redacted: string }[]; stats: { skipped: Record<string, number> }; warnings: string[] };
    expect(report.findings.map((f) => [f.file, f.redacted])).toEqual([['app.env', redactKey(NEW)]]);
    expect(report.stats.skipped.missing).toBe(1);
    expect(report.warnings.join('\n')).toContain(`1 object is missing from this repository and not scanned (${oldBlob.slice(0, 12)})`);
    expect(run.stderr).toContain('--fetch-missing');
    expect(missingNow(clone.dir)).toEqual([`?${oldBlob}`]); // no lazy fetch happened
  });

  it('nothing found but objects missing: exit 2 (incomplete), never a clean pass', () => {
    const { clone, oldBlob } = partialClone(false);
    const run = runCli(['history'], { cwd: clone.dir, env: gitEnv() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(oldBlob.slice(0, 12));
    expect(run.stderr).toContain('the scan is incomplete');
  });

  it('--fetch-missing fetches from the promisor remote and finds the old key too', () => {
    const { clone } = partialClone(false);
    const run = runCli(['history', '--fetch-missing', '-f', 'json'], { cwd: clone.dir, env: gitEnv() });
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { file: string; redacted: string }[] };
    expect(report.findings.map((f) => [f.file, f.redacted])).toEqual([['old.env', redactKey(OLD)]]);
    expect(missingNow(clone.dir)).toEqual([]);
    expect(path.isAbsolute(clone.dir)).toBe(true);
  });
});
