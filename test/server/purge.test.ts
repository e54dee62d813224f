// `aisa-guard purge` on a generated repository with a key in every place git keeps one: a file later
// renamed, a merge's own content, a commit message, an annotated tag's message, a note, binary content,
// a base64-encoded form and an archive member. Afterwards `history` finds nothing, every other byte of
// `git log -p` is as it was, and the report maps every commit. A live key (emulator) makes it refuse.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { TestRepo, cleanup, git, tempDir } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';
import { zipOf } from '../helpers/archives.js';
import { runCli, runHistory } from '../helpers/run-cli.js';
import { runCliAsync } from '../respond/helpers.js';
import { AisaEmulator } from '../../fixtures/aisa-emulator/server.js';
import { needsTool } from '../helpers/tools.js';

// Skipped with one line naming the package when absent; under CI (or AISA_GUARD_REQUIRE_TOOLS=1) a failure.
const describeWithFilterRepo = needsTool('git-filter-repo', 'git-filter-repo') ? describe.skip : describe;

const MARKER = 'AISA_API_KEY_REMOVED';
const NOT_VERIFIED =
  'aisa-guard: the keys were not verified: revoke them at AIsa before or right after the purge ("aisa-guard history --verify --revoke"; purge --verify checks first)\n';
const KEYS = Object.fromEntries(
  ['renamed', 'merge', 'commitMessage', 'tagMessage', 'note', 'binary', 'base64', 'archive'].map((place) => [place, fakeKey(`purge-${place}`)]),
) as Record<'renamed' | 'merge' | 'commitMessage' | 'tagMessage' | 'note' | 'binary' | 'base64' | 'archive', string>;
const secretLine = (key: string) => Buffer.from(`AISA_API_KEY=${key}\n`).toString('base64');

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) cleanup(dir);
});

function leakyRepo(): TestRepo {
  const r = TestRepo.init();
  dirs.push(r.dir);
  r.commit('init', {
    'README.md': 'project\nline two\n',
    'src/config.js': `// config\nexport const key = "${KEYS.renamed}";\nexport const other = 1;\n`,
  });
  r.git('mv', 'src/config.js', 'src/settings.js');
  r.commit('rename config', { 'src/settings.js': `// config\nexport const key = "${KEYS.renamed}";\nexport const other = 2;\n` });
  r.commit('k8s secret', { 'k8s/secret.yaml': `kind: Secret\ndata:\n  token: ${secretLine(KEYS.base64)}\n  other: b3RoZXI=\n` });
  r.commit('binary', { 'bin/app.bin': Buffer.concat([Buffer.from([0, 1, 2, 0xff, 0]), Buffer.from(KEYS.binary), Buffer.from([0, 0, 9])]) });
  r.commit('bundle', { 'dist/bundle.zip': zipOf([{ name: 'inner/config.json', data: `{"key":"${KEYS.archive}"}\n` }]) });
  r.commit(`debug login\n\nworked with ${KEYS.commitMessage}\nthanks`, { 'notes.txt': 'n\n' });
  r.git('checkout', '-q', '-b', 'feature');
  r.commit('feature', { 'feature.txt': 'feature line\n' });
  r.git('checkout', '-q', 'main');
  r.commit('main moves', { 'README.md': 'project\nline two\nline three\n' });
  r.merge('feature', 'merge feature', { 'merge.env': `# merged\nAISA_API_KEY=${KEYS.merge}\n` });
  r.git('tag', '-a', 'v1', '-m', `release v1\n\nsmoke-tested with ${KEYS.tagMessage}\n`);
  r.git('notes', 'add', '-m', `deploy key ${KEYS.note}`, 'HEAD~1');
  return r;
}

/** `git log -p` of branches and tags, without object ids, with every key (and the marker) masked. */
function maskedLog(dir: string, mask: (text: string) => string): string {
  const log = git(dir, ['log', '-p', '--no-renames', '--branches', '--tags', '--format=%an %aI %cn %cI%n%B', '--', '.', ':!bin/app.bin', ':!dist/bundle.zip']);
  return mask(log.split('\n').filter((line) => !line.startsWith('index ')).join('\n'));
}

const maskKeys = (text: string) =>
  Object.values(KEYS).reduce((t, key) => t.replaceAll(secretLine(key), '<MASKED-B64>').replaceAll(key, '<MASKED>'), text);
const maskMarker = (text: string) => text.replaceAll(secretLine(MARKER), '<MASKED-B64>').replaceAll(MARKER, '<MASKED>');

describeWithFilterRepo('aisa-guard purge (git-filter-repo)', () => {
  it('rewrites a fresh mirror so history finds nothing; every other line is byte-identical; the report maps every commit', () => {
    const r = leakyRepo();
    const before = runHistory(r.dir);
    expect(new Set(before.findings.map((f) => f.fingerprint)).size).toBe(Object.keys(KEYS).length);
    const out = path.join(tempDir('aisa-guard-purged-'), 'out.git');
    dirs.push(path.dirname(out));
    const run = runCli(['purge', '--repo', r.dir, '--out', out]);
    expect(run.stderr).toBe(NOT_VERIFIED);
    expect(run.code).toBe(0);
    const report = path.join(out, 'aisa-guard-purge-report.json');
    expect(run.stdout.split('\n').slice(0, 5)).toEqual([
      'purge: 8 keys replaced by AISA_API_KEY_REMOVED in 5 file versions and 2 messages',
      '  bin/app.bin: replaced whole by a one-line note (a key in binary content)',
      '  dist/bundle.zip: replaced whole by a one-line note (a key inside dist/bundle.zip!inner/config.json)',
      `report (old → new commit ids, refs, files): ${report}`,
      `proof: a full history scan of ${out} (every object, unreachable ones too) finds none of the purged keys`,
    ]);
    expect(run.stdout).toContain(`git -C ${out} push --force <remote> 'refs/heads/*:refs/heads/*' 'refs/tags/*:refs/tags/*' 'refs/notes/*:refs/notes/*'`);
    expect(run.stdout + run.stderr).not.toMatch(/sk-aisa-[A-Za-z0-9_-]{20,}/);

    const after = runHistory(out);
    expect(after.findings).toEqual([]);
    expect(after.code).toBe(0);
    expect(maskedLog(out, maskMarker)).toBe(maskedLog(r.dir, maskKeys));
    // The whole-file replacements, and what the note, the tag and the original repository now say.
    expect(git(out, ['show', 'main:bin/app.bin'])).toBe(`${MARKER}: "aisa-guard purge" replaced this file: it held a key in binary content.`);
    expect(git(out, ['show', 'main:dist/bundle.zip'])).toBe(`${MARKER}: "aisa-guard purge" replaced this file: it held a key inside dist/bundle.zip!inner/config.json.`);
    expect(git(out, ['cat-file', '-p', 'v1']).split('\n').slice(-3)).toEqual(['release v1', '', `smoke-tested with ${MARKER}`]);
    expect(git(out, ['notes', 'show', 'main~1'])).toBe(`deploy key ${MARKER}`); // still on its (rewritten) commit
    expect(runHistory(r.dir).findings.length).toBe(before.findings.length); // the original is untouched
    expect(git(out, ['remote'])).toBe('');

    const mapped = JSON.parse(readFileSync(report, 'utf8')) as { commits: Record<string, string>; refs: { ref: string; from: string; to: string }[] };
    const original = git(r.dir, ['rev-list', '--all']).split('\n');
    expect(Object.keys(mapped.commits).sort()).toEqual([...original].sort());
    const rewritten = new Set(git(out, ['rev-list', '--all']).split('\n'));
    for (const commit of original) expect(rewritten.has(mapped.commits[commit])).toBe(true);
    expect(mapped.commits[git(r.dir, ['rev-parse', 'main~2'])]).not.toBe(git(r.dir, ['rev-parse', 'main~2']));
    expect(mapped.refs.find((x) => x.ref === 'refs/heads/main')).toEqual({ ref: 'refs/heads/main', from: r.head(), to: git(out, ['rev-parse', 'main']) });
  });

  it('keys in author, committer and tagger idents, a branch name and a tag name are replaced too; history exits 0; every other byte is as before', () => {
    const K = { author: fakeKey('ident-author'), email: fakeKey('ident-email'), tagger: fakeKey('ident-tagger'), branch: fakeKey('ref-branch'), tag: fakeKey('ref-tag') };
    const r = TestRepo.init();
    dirs.push(r.dir);
    r.commit('init', { 'README.md': 'one\n' });
    r.write({ 'bot.txt': 'deployed\n' });
    r.git('add', 'bot.txt');
    git(r.dir, ['commit', '-q', '-m', 'by the bot', '--author', `Deploy ${K.author} <bot@example.com>`], { env: { GIT_COMMITTER_EMAIL: `${K.email}@example.com` } });
    r.git('branch', `feature-${K.branch}`);
    git(r.dir, ['tag', '-a', `rel-${K.tag}`, '-m', 'release'], { env: { GIT_COMMITTER_NAME: `Tagger ${K.tagger}` } });
    r.commit('later', { 'README.md': 'one\ntwo\n' });
    const out = path.join(tempDir('aisa-guard-purged-'), 'out.git');
    dirs.push(path.dirname(out));
    const run = runCli(['purge', '--repo', r.dir, '--out', out]);
    expect(run.stderr).toBe(NOT_VERIFIED);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      'purge: 5 keys replaced by AISA_API_KEY_REMOVED in 0 file versions and 0 messages',
      '  and in 3 author, committer or tagger idents and 2 ref names',
    ]);
    const keys = Object.values(K);
    const leaks = (text: string) => keys.filter((key) => text.includes(key));
    expect(leaks(run.stdout + run.stderr + readFileSync(path.join(out, 'aisa-guard-purge-report.json'), 'utf8'))).toEqual([]);
    expect(git(out, ['for-each-ref', '--format=%(refname)']).split('\n')).toEqual([
      `refs/heads/feature-${MARKER}`,
      'refs/heads/main',
      `refs/tags/rel-${MARKER}`,
    ]);
    expect(git(out, ['cat-file', '-p', `rel-${MARKER}`])).toMatch(new RegExp(`^tag rel-${MARKER}\ntagger Tagger ${MARKER} <committer@example.com> `, 'm'));
    expect(git(out, ['log', '-1', '--format=%an <%ae> %cn <%ce>', `feature-${MARKER}`])).toBe(`Deploy ${MARKER} <bot@example.com> Test Committer <${MARKER}@example.com>`);
    expect(runHistory(out).code).toBe(0);
    const log = (dir: string) => git(dir, ['log', '-p', '--all', '--format=%an %ae %aI %cn %ce %cI%n%B']).split('\n').filter((line) => !line.startsWith('index ')).join('\n');
    const mask = (text: string) => keys.reduce((t, key) => t.replaceAll(key, '<MASKED>'), text);
    expect(log(out).replaceAll(MARKER, '<MASKED>')).toBe(mask(log(r.dir)));
    expect(leaks(git(out, ['cat-file', '--batch-all-objects', '--batch']))).toEqual([]);
  });

  it('a Git LFS repository: stops with one line saying LFS content is not rewritten (exit 2, nothing written); --ignore-lfs purges the git side, pointers kept', () => {
    const lfsInstalled = spawnSync('git', ['lfs', 'version']).status === 0;
    const r = TestRepo.init();
    dirs.push(r.dir);
    const pointer = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n';
    r.commit('track assets', { '.gitattributes': '*.psd filter=lfs diff=lfs merge=lfs -text\n', 'art/logo.psd': pointer });
    r.commit('leak', { 'a.env': `A=${KEYS.renamed}\n` });
    const out = path.join(tempDir('aisa-guard-purged-'), 'out.git');
    dirs.push(path.dirname(out));
    const refused = runCli(['purge', '--repo', r.dir, '--out', out]);
    expect(refused.stderr).toBe(
      'aisa-guard: this repository uses Git LFS: a .gitattributes in its history sends files to LFS (filter=lfs). purge rewrites git objects only: ' +
        'LFS pointers would stay as they are and LFS objects would be neither scanned nor rewritten' +
        (lfsInstalled ? '' : ' (git-lfs is not installed here either: Debian/Ubuntu: apt-get install git-lfs)') +
        '. Check the LFS content first (git lfs fetch --all; aisa-guard scan .git/lfs/objects; a key there needs git lfs migrate), ' +
        'then run purge again with --ignore-lfs to purge the git side\n',
    );
    expect(refused.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    const run = runCli(['purge', '--repo', r.dir, '--out', out, '--ignore-lfs']);
    expect(run.stderr).toBe(`aisa-guard: --ignore-lfs: LFS pointers and LFS objects are left as they are (not scanned, not rewritten)\n${NOT_VERIFIED}`);
    expect(run.code).toBe(0);
    expect(git(out, ['show', 'main:art/logo.psd'])).toBe(pointer.trimEnd());
    expect(git(out, ['show', 'main:a.env'])).toBe(`A=${MARKER}`);
    expect(runHistory(out).code).toBe(0);
  });

  it('--drop-path removes a file from every commit instead; --in-place rewrites the repository itself', () => {
    const r = leakyRepo();
    const run = runCli(['purge', '--repo', r.dir, '--in-place', '--drop-path', 'dist/bundle.zip']);
    expect(run.stderr).toBe(NOT_VERIFIED);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  dist/bundle.zip: dropped from every commit (a key inside dist/bundle.zip!inner/config.json)\n');
    expect(git(r.dir, ['log', '--all', '--format=%H', '--', 'dist/bundle.zip'])).toBe('');
    expect(runHistory(r.dir).code).toBe(0);
    expect(git(r.dir, ['status', '--porcelain'])).toBe('');
  });

  it('a clean history: nothing to rewrite, nothing written', () => {
    const r = TestRepo.init();
    dirs.push(r.dir);
    r.commit('clean', { 'a.txt': 'a\n' });
    const run = runCli(['purge', '--repo', r.dir]);
    expect([run.code, run.stdout]).toEqual([0, "purge: no keys in this repository's history: nothing to rewrite\n"]);
    expect(existsSync(`${r.dir}-purged`)).toBe(false);
  });

  describe('revoke first', () => {
    let emulator: AisaEmulator;
    const live = fakeKey('purge-live');
    const revoked = fakeKey('purge-revoked');
    beforeAll(async () => {
      emulator = await AisaEmulator.start({ keys: [[live, 'live'], [revoked, 'revoked']] });
    });
    afterAll(async () => emulator.stop());

    it('--verify: refuses (exit 3, nothing written) while a key is live; purges once it is revoked', async () => {
      const r = TestRepo.init();
      dirs.push(r.dir);
      r.commit('leak', { 'a.env': `A=${live}\nB=${revoked}\n` });
      const out = path.join(tempDir('aisa-guard-purged-'), 'out.git');
      dirs.push(path.dirname(out));
      const env = { AISA_BASE_URL: emulator.baseUrl };
      const refused = await runCliAsync(['purge', '--repo', r.dir, '--out', out, '--verify'], { cwd: r.dir, env });
      expect(refused.code).toBe(3);
      expect(refused.stderr.trim().split('\n').at(-1)).toBe(
        `aisa-guard: purge refused: 1 key still live at AIsa (${live.slice(0, 12)}…${live.slice(-4)}): revoke first ("aisa-guard history --revoke"), or purge anyway with --allow-live`,
      );
      expect(existsSync(out)).toBe(false);
      expect(emulator.requests.filter((q) => q.route === 'verify').length).toBe(2);
      const allowed = await runCliAsync(['purge', '--repo', r.dir, '--out', out, '--verify', '--allow-live'], { cwd: r.dir, env });
      expect(allowed.code).toBe(0);
      expect(runHistory(out).code).toBe(0);
    });
  });

  it('without git-filter-repo: one line with the install command, exit 2', () => {
    const bin = tempDir('aisa-guard-no-filter-repo-');
    dirs.push(bin);
    symlinkSync(spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim(), path.join(bin, 'git'));
    mkdirSync(path.join(bin, 'empty'));
    const r = TestRepo.init();
    dirs.push(r.dir);
    r.commit('leak', { 'a.env': `A=${KEYS.renamed}\n` });
    const run = runCli(['purge', '--repo', r.dir], { env: { PATH: bin, GIT_EXEC_PATH: spawnSync('git', ['--exec-path'], { encoding: 'utf8' }).stdout.trim() } });
    expect(run.stderr).toBe(
      'aisa-guard: git-filter-repo is not installed: purge rewrites history with it (Debian/Ubuntu: apt-get install git-filter-repo; elsewhere: pip install git-filter-repo)\n',
    );
    expect(run.code).toBe(2);
  });
});
