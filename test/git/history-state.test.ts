// `history --state FILE`: a nightly sweep reads only what is new since the recorded tips; a force push
// falls back to a full scan of that ref; a deleted ref leaves the state; an incomplete scan keeps it.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { redactKey } from '../../src/detect/index.js';
import { gitEnv, perTestTemp } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';
import { runCli } from '../helpers/run-cli.js';

const temp = perTestTemp();
const [K1, K2, K3] = ['state-1', 'state-2', 'state-3'].map((seed) => fakeKey(seed));

interface Report {
  findings: { file: string; redacted: string }[];
  stats: { objects: number; commits: number };
}

function sweep(dir: string, state: string) {
  const run = runCli(['history', '--state', state, '-f', 'json'], { cwd: dir, env: gitEnv() });
  return { code: run.code, stderr: run.stderr, report: JSON.parse(run.stdout) as Report };
}
const keys = (r: Report) => r.findings.map((f) => f.redacted).sort();

describe('history --state', () => {
  it('scans only new objects, records every ref tip, rescans a force-pushed ref in full, drops deleted refs', () => {
    const r = temp.repo();
    const state = path.join(temp.track(`${r.dir}-state`) + '.json');
    temp.track(state);
    r.commit('one', { 'a.env': `AISA_API_KEY=${K1}\n`, 'b.txt': 'b\n' });
    const first = sweep(r.dir, state);
    expect(first.code).toBe(1);
    expect(keys(first.report)).toEqual([redactKey(K1)]);
    expect(JSON.parse(readFileSync(state, 'utf8'))).toEqual({ version: 1, refs: { 'refs/heads/main': r.head() } });
    expect(first.stderr).toContain('0 ref(s) unchanged, 0 scanned from their last tip, 1 in full');

    const unchanged = sweep(r.dir, state);
    expect(unchanged.code).toBe(0);
    expect(unchanged.report.stats.objects).toBe(0);

    r.commit('two', { 'c.env': `AISA_API_KEY=${K2}\n` });
    r.git('branch', 'feature');
    const second = sweep(r.dir, state);
    expect(second.code).toBe(1);
    expect(keys(second.report)).toEqual([redactKey(K2)]); // K1 was reported by the first sweep
    expect(second.report.stats.commits).toBe(1);
    expect(second.report.stats.objects).toBe(2); // one commit, one new blob
    expect(second.stderr).toContain('0 ref(s) unchanged, 1 scanned from their last tip, 1 in full');

    // A force push of main onto a rewritten history; feature deleted.
    r.git('branch', '-D', 'feature');
    r.git('reset', '-q', '--hard', 'HEAD~1');
    r.git('commit', '-q', '--amend', '-m', 'one, rewritten');
    r.commit('three', { 'd.env': `AISA_API_KEY=${K3}\n` });
    const rewritten = sweep(r.dir, state);
    expect(rewritten.code).toBe(1);
    // Full scan of the rewritten ref: the old key in its new commits is reported again, with the new one.
    expect(keys(rewritten.report)).toEqual([redactKey(K1), redactKey(K3)].sort());
    expect(rewritten.stderr).toContain('0 scanned from their last tip, 1 in full (new or rewritten), 1 deleted');
    expect(Object.keys(JSON.parse(readFileSync(state, 'utf8')).refs)).toEqual(['refs/heads/main']);
  });

  it('refuses a broken state file and flags that do not mix, with one line', () => {
    const r = temp.repo();
    r.commit('one', { 'a.txt': 'a\n' });
    const state = temp.track(`${r.dir}.state.json`);
    writeFileSync(state, '{"refs": 3}');
    const bad = runCli(['history', '--state', state], { cwd: r.dir, env: gitEnv() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`aisa-guard: --state ${state}: not an aisa-guard state file (expected {"version": 1, "refs": {"<ref>": "<sha>"}})\n`);
    const mixed = runCli(['history', '--state', state, '--range', 'HEAD~1..HEAD'], { cwd: r.dir, env: gitEnv() });
    expect(mixed.stderr).toBe('aisa-guard: --state covers every ref: it cannot be combined with --range, --since or --branch\n');
  });
});
