// Row "a key inside a file name": the name is shown redacted in every format, and the key is reported
// (`location: path`) by scan, history (tree paths) and staged.
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { fakeKey } from '../helpers/keys.js';
import { runCli } from '../helpers/run-cli.js';
import { gitEnv, tempDir, TestRepo } from '../helpers/git.js';
import { redactKey } from '../../src/detect/index.js';
import { expectInert } from './helpers.js';

const fileKey = fakeKey('name-file');
const dirKey = fakeKey('name-dir');
const contentKey = fakeKey('name-content');
const keys = [fileKey, dirKey, contentKey];
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Report {
  findings: { file: string; line: number; location?: string; commit?: string; fingerprint: string; redacted: string }[];
}

function repoWithNames(): TestRepo {
  const repo = TestRepo.init({ dir: tempDir('aisa-sec-names-') });
  dirs.push(repo.dir);
  repo.commit('names', {
    [`backup-${fileKey}.txt`]: 'nothing secret here\n',
    [`${dirKey}/config.env`]: `AISA_API_KEY=${contentKey}\n`,
  });
  return repo;
}

const cli = (args: string[], cwd: string) => runCli(args, { cwd, env: gitEnv() });
const shown = (report: Report) => report.findings.map((f) => [f.file, f.location ?? 'content', f.redacted]).sort();

const EXPECTED = [
  [`backup-${redactKey(fileKey)}.txt`, 'path', redactKey(fileKey)],
  [`${redactKey(dirKey)}/config.env`, 'content', redactKey(contentKey)],
  [`${redactKey(dirKey)}/config.env`, 'path', redactKey(dirKey)],
];

describe('a key in a path', () => {
  it('scan reports it, with the name redacted', () => {
    const repo = repoWithNames();
    const run = cli(['scan', '.', '--format', 'json'], repo.dir);
    expect(run.code).toBe(1);
    expect(shown(JSON.parse(run.stdout) as Report)).toEqual(EXPECTED);
    expectInert(run, keys);
  });

  it('history reports it at the commit that added the name', () => {
    const repo = repoWithNames();
    const run = cli(['history', '--format', 'json'], repo.dir);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(shown(report)).toEqual(EXPECTED);
    expect(new Set(report.findings.map((f) => f.commit))).toEqual(new Set([repo.head()]));
    expectInert(run, keys);
  });

  it('staged reports a name the commit adds, not one already in HEAD', () => {
    const repo = repoWithNames();
    const newKey = fakeKey('name-staged');
    repo.write({ [`notes-${newKey}.md`]: 'hello\n', [`backup-${fileKey}.txt`]: 'edited\n' });
    repo.git('add', '-A');
    const run = cli(['staged', '--format', 'json'], repo.dir);
    expect(run.code).toBe(1);
    expect(shown(JSON.parse(run.stdout) as Report)).toEqual([[`notes-${redactKey(newKey)}.md`, 'path', redactKey(newKey)]]);
    expectInert(run, [...keys, newKey]);
  });

  it('every format shows the name redacted', () => {
    const repo = repoWithNames();
    for (const format of ['text', 'sarif', 'github', 'junit', 'codequality', 'html']) {
      const run = cli(['history', '--format', format], repo.dir);
      expect(run.code).toBe(1);
      expectInert(run, keys);
      expect(run.stdout).toContain(`backup-${format === 'sarif' ? encodeURIComponent(redactKey(fileKey)) : redactKey(fileKey)}.txt`);
    }
  });
});
