// Row "core.fsmonitor in .git/config": a repository delivered as a folder (or a nested vendor/x/.git)
// sets every git setting that runs a program. No command of aisa-guard may run any of them. A control
// test first proves each planted program is reachable by plain git, so the assertions can fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fakeKey } from '../helpers/keys.js';
import { runCli } from '../helpers/run-cli.js';
import { needsTool } from '../helpers/tools.js';
import { git, gitEnv, tempDir, TestRepo } from '../helpers/git.js';
import { envFileStatus } from '../../rules/git-status.js';
import { expectInert, Markers } from './helpers.js';

const key = fakeKey('git-config-programs');
const stagedKey = fakeKey('git-config-programs-staged');
const root = tempDir('aisa-sec-gitcfg-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const HOOKS = ['pre-commit', 'pre-push', 'post-checkout', 'post-index-change', 'reference-transaction', 'pre-auto-gc', 'fsmonitor-watchman'];

/** Every setting that makes git start a program, each pointing at its own marker. */
function plantPrograms(repo: TestRepo, markers: Markers): void {
  const p = (name: string) => markers.program(name);
  const set = (name: string, value: string) => repo.git('config', name, value);
  set('core.fsmonitor', p('core.fsmonitor'));
  set('core.pager', p('core.pager'));
  set('pager.log', p('pager.log'));
  set('diff.external', p('diff.external'));
  set('diff.evil.textconv', p('diff.textconv'));
  set('diff.evil.command', p('diff.command'));
  set('filter.evil.clean', p('filter.clean'));
  set('filter.evil.smudge', p('filter.smudge'));
  set('credential.helper', `!${p('credential.helper')}`);
  set('core.askPass', p('core.askPass'));
  set('core.sshCommand', p('core.sshCommand'));
  set('gpg.program', p('gpg.program'));
  set('log.showSignature', 'true');
  set('remote.origin.url', 'ssh://attacker.invalid/repo.git');
  const hooks = path.join(repo.dir, '.git', 'evil-hooks');
  for (const hook of HOOKS) {
    markers.program(`hook.${hook}`, hooks, hook);
    markers.program(`hook.${hook}`, path.join(repo.dir, '.git', 'hooks'), hook);
  }
  set('core.hooksPath', hooks);
}

/** A repository with a key in history, a signed commit on top, another key staged, and every program planted. */
function hostileRepo(dir: string, markers: Markers): TestRepo {
  const repo = TestRepo.init({ dir });
  repo.commit('add config', { 'config.env': `AISA_API_KEY=${key}\n`, '.env': 'DEBUG=1\n', '.gitattributes': '*.env diff=evil filter=evil\n', 'README.md': 'readme\n' });
  // A commit carrying a (fake) signature: `log --show-signature` would hand it to gpg.program.
  const parent = repo.head();
  const tree = repo.git('rev-parse', 'HEAD^{tree}');
  const signed = [
    `tree ${tree}`,
    `parent ${parent}`,
    'author Test Author <author@example.com> 1704110400 +0000',
    'committer Test Committer <committer@example.com> 1704110400 +0000',
    'gpgsig -----BEGIN PGP SIGNATURE-----',
    ' ',
    ' iQEzBAABCAAdFiEE',
    ' -----END PGP SIGNATURE-----',
    '',
    'signed',
    '',
  ].join('\n');
  const oid = git(repo.dir, ['hash-object', '-t', 'commit', '-w', '--stdin'], { input: signed });
  repo.git('update-ref', 'refs/heads/main', oid);
  repo.write({ 'new.env': `AISA_API_KEY=${stagedKey}\n` });
  repo.git('add', 'new.env');
  plantPrograms(repo, markers);
  return repo;
}

interface Layout {
  name: string;
  /** The hostile repository: commands that work on a repository run here. */
  repo: string;
  /** What `scan` is pointed at. */
  scanRoot: string;
  markers: Markers;
}

const layouts: Layout[] = [];
beforeAll(() => {
  const folder = path.join(root, 'folder');
  const folderMarkers = new Markers(path.join(folder, 'markers'));
  hostileRepo(path.join(folder, 'repo'), folderMarkers);
  layouts.push({ name: 'repository delivered as a folder', repo: path.join(folder, 'repo'), scanRoot: path.join(folder, 'repo'), markers: folderMarkers });

  const nested = path.join(root, 'nested');
  const nestedMarkers = new Markers(path.join(nested, 'markers'));
  const outer = TestRepo.init({ dir: path.join(nested, 'outer') });
  outer.commit('outer', { 'README.md': 'outer\n' });
  hostileRepo(path.join(outer.dir, 'vendor', 'x'), nestedMarkers);
  layouts.push({ name: 'nested vendor/x/.git', repo: path.join(outer.dir, 'vendor', 'x'), scanRoot: outer.dir, markers: nestedMarkers });
});

const cli = (args: string[], cwd: string, input = '') => runCli(args, { cwd, env: gitEnv(), input });

describe('control: plain git runs every planted program', () => {
  it('each marker fires when git itself is asked to', () => {
    const markers = new Markers(path.join(root, 'control', 'markers'));
    const repo = hostileRepo(path.join(root, 'control', 'repo'), markers);
    const quiet = (args: string[], input = '') => {
      try {
        execFileSync('git', args, { cwd: repo.dir, env: gitEnv(), input, stdio: ['pipe', 'ignore', 'ignore'], timeout: 10_000 });
      } catch {
        // many of these fail once the program ran: only the marker matters
      }
    };
    quiet(['status']);
    writeFileSync(path.join(repo.dir, 'config.env'), 'changed\n');
    quiet(['diff']);
    writeFileSync(path.join(repo.dir, 'README.md'), 'changed\n');
    quiet(['diff', '--', 'README.md']);
    quiet(['diff', '--no-ext-diff']);
    quiet(['log', '-1']);
    quiet(['credential', 'fill'], 'protocol=https\nhost=example.invalid\n\n');
    quiet(['-c', 'credential.helper=', 'credential', 'fill'], 'protocol=https\nhost=example.invalid\n\n');
    quiet(['ls-remote', 'origin']);
    quiet(['add', 'config.env']);
    quiet(['checkout', '--', '.env']);
    rmSync(path.join(repo.dir, '.env'));
    quiet(['checkout', '--', '.env']);
    quiet(['commit', '-qm', 'x']);
    // Pagers only start on a terminal: `script` gives git one (without it, the pager marker is not checked).
    const terminal = !needsTool('script', 'bsdutils');
    if (terminal) execFileSync('script', ['-qec', 'git log -1 >/dev/null; git log -1', '/dev/null'], { cwd: repo.dir, env: gitEnv(), stdio: 'ignore' });
    const fired = markers.fired();
    for (const name of [
      'core.askPass', 'core.fsmonitor', 'core.sshCommand', 'credential.helper', 'diff.external', 'diff.textconv',
      'filter.clean', 'filter.smudge', 'gpg.program', 'hook.pre-commit', ...(terminal ? ['pager.log'] : []), 'diff.command', 'hook.post-checkout',
    ]) expect(fired, name).toContain(name);
  });
});

describe.each([0, 1])('no program from repository config runs (layout %i)', (index) => {
  const layout = () => {
    layouts[index].markers.reset();
    return layouts[index];
  };

  it('scan', () => {
    const { scanRoot, markers } = layout();
    const run = cli(['scan', scanRoot, '--format', 'json'], scanRoot);
    expect(run.code).toBe(1);
    expectInert(run, [key, stagedKey]);
    expect(markers.fired()).toEqual([]);
  });

  it('staged', () => {
    const { repo, markers } = layout();
    const run = cli(['staged', '--format', 'json'], repo);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file)).toEqual(['new.env']);
    expect(markers.fired()).toEqual([]);
  });

  it('history', () => {
    const { repo, markers } = layout();
    const run = cli(['history', '--format', 'json'], repo);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file)).toEqual(['config.env']);
    expect(markers.fired()).toEqual([]);
  });

  it('pre-push', () => {
    const { repo, markers } = layout();
    const head = git(repo, ['rev-parse', 'HEAD']);
    const run = cli(['pre-push', 'origin', 'ssh://attacker.invalid/repo.git'], repo, `refs/heads/main ${head} refs/heads/main ${'0'.repeat(40)}\n`);
    expect(run.code).toBe(1);
    expectInert(run, [key, stagedKey]);
    expect(markers.fired()).toEqual([]);
  });

  it('the ESLint rule asking git about an env file', () => {
    const { repo, markers } = layout();
    expect(envFileStatus(path.join(repo, '.env'))).toBe('tracked');
    expect(envFileStatus(path.join(repo, 'missing', '.env.local'))).toBe('unignored');
    expect(markers.fired()).toEqual([]);
  });

  it('init', () => {
    const { repo, markers } = layout();
    const run = cli(['init'], repo);
    expect(run.code).toBe(0);
    expect(markers.fired()).toEqual([]);
  });
});

describe('a partial clone whose lazy fetch would run core.sshCommand', () => {
  it('history reports the missing object and never contacts the remote', () => {
    const markers = new Markers(path.join(root, 'lazy', 'markers'));
    const repo = TestRepo.init({ dir: path.join(root, 'lazy', 'repo') });
    repo.commit('add', { 'config.env': `AISA_API_KEY=${key}\n`, 'README.md': 'readme\n' });
    const blob = repo.git('rev-parse', 'HEAD:README.md');
    unlinkSync(path.join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
    repo.git('config', 'core.repositoryformatversion', '1');
    repo.git('config', 'extensions.partialClone', 'origin');
    repo.git('config', 'remote.origin.url', 'ssh://attacker.invalid/repo.git');
    repo.git('config', 'remote.origin.promisor', 'true');
    repo.git('config', 'core.sshCommand', markers.program('core.sshCommand'));
    mkdirSync(path.join(repo.dir, 'ignored'), { recursive: true });
    // Control: git itself would fetch the missing blob over ssh.
    try {
      execFileSync('git', ['cat-file', '-p', blob], { cwd: repo.dir, env: gitEnv(), stdio: 'ignore' });
    } catch {
      // the fake ssh returns nothing
    }
    expect(markers.fired()).toEqual(['core.sshCommand']);
    markers.reset();
    const run = cli(['history', '--format', 'json'], repo.dir);
    expect(markers.fired()).toEqual([]);
    expect([1, 2]).toContain(run.code);
    expectInert(run, [key]);
  });
});
