// `aisa-guard pre-receive` in a real bare repository, installed by `init --server`, driven by real
// `git push` over file://: what the client shows as `remote:` lines, the exit of the push, the refs
// the server ends with and the JSON decision log.
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TestRepo, cleanup, git, gitEnv, tempDir } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';
import { runCli } from '../helpers/run-cli.js';
import { fingerprintOf, redactKey } from '../../src/detect/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) cleanup(dir);
});

interface Server {
  dir: string;
  url: string;
  log(): Record<string, unknown>[];
  config(...args: string[]): void;
}

function server(): Server {
  const dir = path.join(tempDir('aisa-guard-server-'), 'origin.git');
  dirs.push(path.dirname(dir));
  git(path.dirname(dir), ['init', '-q', '--bare', '-b', 'main', dir]);
  const init = runCli(['init', '--server', dir]);
  expect(init.stderr).toBe('');
  expect(init.code).toBe(0);
  const logFile = path.join(dir, 'aisa-guard', 'decisions.jsonl');
  return {
    dir,
    url: `file://${dir}`,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : []),
    config: (...args) => void git(dir, ['config', ...args]),
  };
}

function clone(): TestRepo {
  const r = TestRepo.init();
  dirs.push(r.dir);
  return r;
}

/** `git push`, as a user runs it: its exit code and the `remote:` lines (trailing padding trimmed). */
function push(r: TestRepo, ...args: string[]): { code: number | null; remote: string[]; stderr: string } {
  return pushWith({}, r, ...args);
}

function pushWith(env: NodeJS.ProcessEnv, r: TestRepo, ...args: string[]): { code: number | null; remote: string[]; stderr: string } {
  const result = spawnSync('git', ['push', ...args], { cwd: r.dir, env: gitEnv(env), encoding: 'utf8' });
  const remote = result.stderr
    .split('\n')
    .filter((line) => line.startsWith('remote: '))
    .map((line) => line.slice('remote: '.length).trimEnd());
  return { code: result.status, remote, stderr: result.stderr };
}

const serverRef = (s: Server, ref: string) => spawnSync('git', ['rev-parse', '-q', '--verify', ref], { cwd: s.dir, encoding: 'utf8' }).stdout.trim();

const HOW_TO_FIX = [
  'aisa-guard: how to fix: take the key out of every new commit that holds it, not only the last one',
  'aisa-guard:   (git rebase -i <first commit>^, edit the file or reword the message, git commit --amend, git rebase --continue),',
  'aisa-guard:   put it in an environment variable or a secret store, then push again.',
  'aisa-guard: a key that was ever shared or pushed elsewhere must be revoked: aisa-guard history --verify --revoke',
];
const ASK_ADMIN = 'aisa-guard: a test key you mean to push: ask the server administrator to allow its fingerprint (git config --add aisa-guard.allow <fingerprint>)';
const USE_OPTION = 'aisa-guard: a test key you mean to push: git push -o aisa-guard.allow=<fingerprint>, or ask the server administrator to allow it';

describe('aisa-guard pre-receive (init --server, real git push over file://)', () => {
  it('rejects a push adding a key, naming ref, commit, file, line; the client shows it as remote: lines', () => {
    const s = server();
    const r = clone();
    const base = r.commit('init', { 'README.md': 'hello\n' });
    expect(push(r, s.url, 'main').code).toBe(0);
    const key = fakeKey('pushed');
    const commit = r.commit('add config', { 'src/config.js': `// settings\nexport const key = "${key}";\n` });
    r.commit('later work', { 'README.md': 'hello again\n' });
    const pushed = push(r, s.url, 'main');
    expect(pushed.code).not.toBe(0);
    expect(pushed.stderr).toContain('! [remote rejected] main -> main (pre-receive hook declined)');
    expect(pushed.remote).toEqual([
      'aisa-guard: push rejected: 1 AIsa API key in what this push adds',
      `aisa-guard:   refs/heads/main: commit ${commit.slice(0, 12)}: src/config.js, line 2, column 21: ${redactKey(key)}`,
      `aisa-guard:     fingerprint ${fingerprintOf(key)}`,
      ...HOW_TO_FIX,
      ASK_ADMIN,
    ]);
    expect(pushed.stderr).not.toContain(key);
    expect(serverRef(s, 'main')).toBe(base);
    const [clean, rejected] = s.log();
    expect(clean).toMatchObject({ decision: 'accepted', reason: 'clean', findings: [], refs: [{ ref: 'refs/heads/main', kind: 'create', new: base }] });
    expect(rejected).toMatchObject({
      decision: 'rejected',
      reason: 'keys',
      refs: [{ ref: 'refs/heads/main', kind: 'update', old: base, new: r.head() }],
      findings: [{ fingerprint: fingerprintOf(key), ref: 'refs/heads/main', commit, file: 'src/config.js', line: 2, kind: 'blob' }],
    });
    expect(readFileSync(path.join(s.dir, 'aisa-guard', 'decisions.jsonl'), 'utf8')).not.toContain(key);
  });

  it('accepts a clean push, and scans only what is new: a key the server already holds does not block the next push', () => {
    const s = server();
    const r = clone();
    const key = fakeKey('already-there');
    r.commit('old leak', { 'old.env': `AISA_API_KEY=${key}\n` });
    git(s.dir, ['fetch', '-q', r.dir, 'main:main']); // there before the hook saw anything
    const tip = r.commit('clean work', { 'app.js': 'console.log(1);\n' });
    const pushed = push(r, s.url, 'main');
    expect(pushed.remote).toEqual([]);
    expect(pushed.code).toBe(0);
    expect(serverRef(s, 'main')).toBe(tip);
    expect(s.log()).toEqual([expect.objectContaining({ decision: 'accepted', reason: 'clean', findings: [] })]);
  });

  it('a force push: the rewritten commits are scanned (rejected with a key), a clean rewrite is accepted', () => {
    const s = server();
    const r = clone();
    r.commit('init', { 'README.md': 'hi\n' });
    const first = r.commit('work', { 'a.txt': 'one\n' });
    expect(push(r, s.url, 'main').code).toBe(0);
    const key = fakeKey('forced');
    r.git('reset', '-q', '--hard', 'HEAD~1');
    const leaked = r.commit('rewrite', { 'a.txt': `token ${key}\n` });
    const refused = push(r, '--force', s.url, 'main');
    expect(refused.code).not.toBe(0);
    expect(refused.remote[1]).toBe(`aisa-guard:   refs/heads/main: commit ${leaked.slice(0, 12)}: a.txt, line 1, column 7: ${redactKey(key)}`);
    expect(serverRef(s, 'main')).toBe(first);
    expect(s.log()[1]).toMatchObject({ decision: 'rejected', refs: [{ kind: 'force', old: first, new: leaked }] });
    r.git('reset', '-q', '--hard', 'HEAD~1');
    const clean = r.commit('rewrite, clean', { 'a.txt': 'two\n' });
    expect(push(r, '--force', s.url, 'main').code).toBe(0);
    expect(serverRef(s, 'main')).toBe(clean);
    expect(s.log()[2]).toMatchObject({ decision: 'accepted', reason: 'clean', refs: [{ kind: 'force', new: clean }] });
  });

  it('rejects an annotated tag whose message holds a key, on a commit the server already has', () => {
    const s = server();
    const r = clone();
    const commit = r.commit('init', { 'README.md': 'hi\n' });
    expect(push(r, s.url, 'main').code).toBe(0);
    const key = fakeKey('tag-message');
    r.git('tag', '-a', 'v1.0', '-m', `release\n\ndeploy with ${key}\n`);
    const pushed = push(r, s.url, 'v1.0');
    expect(pushed.code).not.toBe(0);
    expect(pushed.remote.slice(0, 2)).toEqual([
      'aisa-guard: push rejected: 1 AIsa API key in what this push adds',
      `aisa-guard:   refs/tags/v1.0: commit ${commit.slice(0, 12)}: message of tag v1.0, line 3: ${redactKey(key)}`,
    ]);
    expect(serverRef(s, 'refs/tags/v1.0')).toBe('');
    expect(s.log()[1]).toMatchObject({ decision: 'rejected', findings: [{ kind: 'tag-message', ref: 'refs/tags/v1.0' }] });
  });

  it('rejects a key in a commit message and in a branch name', () => {
    const s = server();
    const r = clone();
    r.commit('init', { 'README.md': 'hi\n' });
    expect(push(r, s.url, 'main').code).toBe(0);
    const inMessage = fakeKey('commit-message');
    const commit = r.commit(`fix auth\n\nused ${inMessage} to test`, { 'README.md': 'hi!\n' });
    expect(push(r, s.url, 'main').remote[1]).toBe(`aisa-guard:   refs/heads/main: commit ${commit.slice(0, 12)}: commit message, line 3: ${redactKey(inMessage)}`);
    const inName = fakeKey('branch-name');
    r.git('reset', '-q', '--hard', 'HEAD~1');
    const named = push(r, s.url, `main:refs/heads/${inName}`);
    expect(named.code).not.toBe(0);
    expect(named.remote[1]).toBe(`aisa-guard:   refs/heads/${redactKey(inName)}: the ref name itself: ${redactKey(inName)}`);
    expect(JSON.stringify(s.log())).not.toContain(inName);
  });

  it('deleting a branch scans nothing and is accepted, even one that holds a key', () => {
    const s = server();
    const r = clone();
    r.commit('init', { 'README.md': 'hi\n' });
    expect(push(r, s.url, 'main').code).toBe(0);
    r.git('checkout', '-q', '-b', 'leaky');
    r.commit('leak', { 'k.txt': `${fakeKey('deleted')}\n` });
    git(s.dir, ['fetch', '-q', r.dir, 'leaky:leaky']);
    const pushed = push(r, s.url, ':leaky');
    expect(pushed.code).toBe(0);
    expect(pushed.remote).toEqual([]);
    expect(serverRef(s, 'refs/heads/leaky')).toBe('');
    expect(s.log()[1]).toMatchObject({ decision: 'accepted', reason: 'nothing-new', refs: [{ ref: 'refs/heads/leaky', kind: 'delete' }] });
  });

  it("the server's allow-list accepts a key by fingerprint; an inline allow comment in the pushed file does not", () => {
    const s = server();
    const r = clone();
    const key = fakeKey('allowed-by-server');
    r.commit('fixture', { 'test/fixture.js': `const k = "${key}"; // aisa-guard:allow\n` });
    expect(push(r, s.url, 'main').code).not.toBe(0);
    s.config('--add', 'aisa-guard.allow', fingerprintOf(key));
    const pushed = push(r, s.url, 'main');
    expect(pushed.remote).toEqual([`aisa-guard: allowed by this server's allow-list: ${redactKey(key)} (fingerprint ${fingerprintOf(key)})`]);
    expect(pushed.code).toBe(0);
    expect(s.log()[1]).toMatchObject({ decision: 'accepted', reason: 'allowed', findings: [{ fingerprint: fingerprintOf(key), allowedBy: 'server' }] });
  });

  it('the push option aisa-guard.allow=<fingerprint>: honoured when the server allows it, refused when not', () => {
    const s = server();
    s.config('receive.advertisePushOptions', 'true');
    const r = clone();
    const key = fakeKey('push-option');
    r.commit('fixture', { 'fixture.txt': `${key}\n` });
    const option = `aisa-guard.allow=${fingerprintOf(key)}`;
    const denied = push(r, '-o', option, s.url, 'main');
    expect(denied.code).not.toBe(0);
    expect(denied.remote.slice(-2)).toEqual([
      'aisa-guard: the push option aisa-guard.allow is not honoured by this server (git config aisa-guard.allowPushOption is off)',
      ASK_ADMIN,
    ]);
    expect(s.log()[0]).toMatchObject({ decision: 'rejected', pushOptionAllow: [fingerprintOf(key)] });

    s.config('aisa-guard.allowPushOption', 'true');
    const other = push(r, '-o', `aisa-guard.allow=${fingerprintOf('sk-aisa-something-else')}`, s.url, 'main');
    expect(other.code).not.toBe(0);
    expect(other.remote.at(-1)).toBe(USE_OPTION);
    const allowed = push(r, '-o', option, s.url, 'main');
    expect(allowed.remote).toEqual([`aisa-guard: allowed by push option: ${redactKey(key)} (fingerprint ${fingerprintOf(key)})`]);
    expect(allowed.code).toBe(0);
    expect(s.log()[2]).toMatchObject({ decision: 'accepted', reason: 'allowed', findings: [{ allowedBy: 'push-option' }] });

    // A server that does not advertise push options: git itself refuses the push.
    s.config('receive.advertisePushOptions', 'false');
    const unadvertised = push(r, '-o', option, s.url, 'main:other');
    expect(unadvertised.code).not.toBe(0);
    expect(unadvertised.stderr).toContain('the receiving end does not support push options');
  });

  it('the time budget: a check that runs out of time gets the configured policy, logged', () => {
    const s = server();
    s.config('aisa-guard.timeout', '0.001');
    const r = clone();
    r.commit('init', { 'README.md': 'hi\n' });
    const refused = push(r, s.url, 'main');
    expect(refused.code).not.toBe(0);
    expect(refused.remote).toEqual(["aisa-guard: push not checked within 0.001s: rejected by this server's policy (aisa-guard.onTimeout=reject)"]);
    s.config('aisa-guard.onTimeout', 'accept');
    const let_through = push(r, s.url, 'main');
    expect(let_through.remote).toEqual(["aisa-guard: push not checked within 0.001s: accepted by this server's policy (aisa-guard.onTimeout=accept)"]);
    expect(let_through.code).toBe(0);
    expect(s.log().map((e) => [e.decision, e.reason])).toEqual([['rejected', 'timeout'], ['accepted', 'timeout']]);
  });

  it('the pushed objects go through a private temp file that is gone when the hook ends, accepted, rejected or timed out', () => {
    const s = server();
    const tmp = tempDir('aisa-guard-hook-tmp-');
    dirs.push(tmp);
    const r = clone();
    r.commit('init', { 'README.md': 'hi\n' });
    expect(pushWith({ TMPDIR: tmp }, r, s.url, 'main').code).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
    r.commit('leak', { 'a.env': `A=${fakeKey('tmp-leak')}\n` });
    expect(pushWith({ TMPDIR: tmp }, r, s.url, 'main').code).not.toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
    s.config('aisa-guard.timeout', '0.001');
    expect(pushWith({ TMPDIR: tmp }, r, s.url, 'main').remote).toEqual(["aisa-guard: push not checked within 0.001s: rejected by this server's policy (aisa-guard.onTimeout=reject)"]);
    expect(readdirSync(tmp)).toEqual([]);
    expect(s.log().map((e) => [e.decision, e.reason])).toEqual([['accepted', 'clean'], ['rejected', 'keys'], ['rejected', 'timeout']]);
  });

  it('init --server refuses a non-bare repository and a foreign hook (unless --force, which keeps it)', () => {
    const r = clone();
    const work = runCli(['init', '--server', r.dir]);
    expect(work.code).toBe(2);
    expect(work.stderr).toBe(`aisa-guard: ${r.dir} is not a bare repository: --server installs the pre-receive hook of a server repository (for a clone, run "aisa-guard init")\n`);
    const s = server();
    expect(runCli(['init', '--server', s.dir]).stdout).toMatch(/^pre-receive: unchanged /);
    const hook = path.join(s.dir, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const foreign = runCli(['init', '--server', s.dir]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain('already exists and is not aisa-guard\'s: not overwriting it');
    const forced = runCli(['init', '--server', s.dir, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(`${hook}.before-aisa-guard`, 'utf8')).toBe('#!/bin/sh\nexit 0\n');
    expect(readFileSync(hook, 'utf8')).toContain('written by "aisa-guard init --server"');
  });
});
