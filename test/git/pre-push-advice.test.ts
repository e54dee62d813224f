// Issue 22: the pre-push hook `init` installs runs with --quiet; its refusal still says how to fix a push
// (rewrite the commits, then revoke), never only "remove the key from the file" (a new commit that
// deletes the key leaves it in the commits being pushed, and the push is refused again).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fakeKey } from '../helpers/keys.js';
import { gitEnv, perTestTemp, TestRepo } from '../helpers/git.js';
import { runCli } from '../helpers/run-cli.js';

const temp = perTestTemp();
const KEY = fakeKey('pre-push-advice');

describe('pre-push advice', () => {
  it('a real push through the installed hook is refused with the rewrite-and-revoke advice', () => {
    const remote = TestRepo.init({ bare: true, dir: temp.track(temp.repo().dir + '-remote') });
    const r = temp.repo();
    r.commit('init', { 'README.md': 'hi\n' });
    r.git('remote', 'add', 'origin', remote.dir);
    r.git('push', '-q', 'origin', 'main');
    const init = runCli(['init'], { cwd: r.dir, env: gitEnv() });
    expect(init.code, init.stdout + init.stderr).toBe(0);
    r.write({ 'app.env': `AISA_API_KEY=${KEY}\n` });
    r.git('add', 'app.env');
    r.git('commit', '-q', '--no-verify', '-m', 'key');
    r.git('rm', '-q', 'app.env');
    r.git('commit', '-q', '-m', 'remove the key again');
    const push = spawnSync('git', ['push', 'origin', 'main'], { cwd: r.dir, env: gitEnv({ AISA_GUARD_BIN: '' }), encoding: 'utf8' });
    expect(push.status).not.toBe(0);
    const said = push.stdout + push.stderr;
    expect(said).toContain('app.env:1:14');
    expect(said).toContain('Fix: remove the key from the commits being pushed (git rebase -i <remote>/<branch> and edit each commit that adds it, or git commit --amend');
    expect(said).toContain('aisa-guard: push refused: a key is in commits not yet on origin. Rewrite those commits (git rebase -i, git commit --amend)');
    expect(said).toContain('revoke');
    expect(said).not.toContain('remove the key from the file');
    expect(said).not.toContain(KEY);
  });
});
