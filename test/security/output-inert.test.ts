// Row "file names / commit messages / authors with ESC sequences, newlines, `::error …`, Markdown links":
// whatever the repository names things, every format shows it inert: escaped control characters, no
// workflow command of its own, no link or HTML in the job summary or the HTML page.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fakeKey } from '../helpers/keys.js';
import { runCli } from '../helpers/run-cli.js';
import { gitEnv, tempDir, TestRepo } from '../helpers/git.js';
import { expectInert, foreignWorkflowCommands } from './helpers.js';
import { tarOf, zipOf } from '../helpers/archives.js';

const key = fakeKey('output-inert');
const messageKey = fakeKey('output-inert-message');
const NAME = 'x\u001b[2J\u001b]8;;evil.example\u0007link\u001b]8;;\u0007\n::error file=a::injected\u202egnp.env <img src=x onerror=alert(1)> [click](evil.example)';
const AUTHOR = 'Mallory \u001b[31m::warning::fake [click](evil.example) **bold**';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function hostileRepo(): TestRepo {
  const repo = TestRepo.init({ dir: tempDir('aisa-sec-inert-') });
  dirs.push(repo.dir);
  repo.write({ [NAME]: `AISA_API_KEY=${key} \u001b[1m\r::error::from the snippet\n` });
  repo.git('add', '-A');
  repo.git('-c', `user.name=${AUTHOR}`, 'commit', '-q', '--author', `${AUTHOR} <m@example.com>`, '-m', `deploy\n\n::error::message ${messageKey}\n`);
  return repo;
}

const cli = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => runCli(args, { cwd, env: gitEnv(env) });

describe('hostile names, messages and authors are shown inert', () => {
  it('text: scan and history escape every control character', () => {
    const repo = hostileRepo();
    for (const args of [['scan', '.'], ['history']]) {
      const run = cli(args, repo.dir);
      expect(run.code).toBe(1);
      expectInert(run, [key, messageKey]);
      expect(run.stdout).toContain('x\\x1b[2J\\x1b]8;;evil.example\\x07link\\x1b]8;;\\x07\\n::error file=a::injected\\u202egnp.env');
    }
    const history = cli(['history'], repo.dir);
    expect(history.stdout).toContain('by Mallory \\x1b[31m::warning::fake');
  });

  it('github: only our own annotations, and a job summary with no link, HTML or command', () => {
    const repo = hostileRepo();
    const summary = path.join(repo.dir, '..', `summary-${path.basename(repo.dir)}.md`);
    writeFileSync(summary, '');
    dirs.push(summary);
    const run = cli(['history', '--format', 'github'], repo.dir, { GITHUB_STEP_SUMMARY: summary });
    expect(run.code).toBe(1);
    expectInert(run, [key, messageKey]);
    const annotations = run.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).toHaveLength(2);
    for (const line of annotations) expect(line).toMatch(/^::error file=[^\n:,]*,line=\d+,col=\d+,endColumn=\d+,title=AIsa API key \(aisa-api-key\)::[^\n]*$/);
    const text = readFileSync(summary, 'utf8');
    expect(text.includes('\u001b')).toBe(false);
    expect(foreignWorkflowCommands(text)).toEqual([]);
    const rows = text.split('\n').filter((l) => l.startsWith('| aisa-api-key'));
    expect(rows).toHaveLength(2);
    // Every untrusted cell is a code span: Markdown shows it literally (no link, no <img>, no bold).
    for (const row of rows) {
      const cells = row.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()).slice(1);
      for (const cell of cells) expect(cell === '' || /^(`+) ?[\s\S]*? ?\1$/.test(cell), cell).toBe(true);
    }
    expect(text).toContain('`Mallory \\x1b[31m::warning::fake [click](evil.example) **bold**`');
  });

  it('junit and html: markup escaped, control characters visible, the CSP kept', () => {
    const repo = hostileRepo();
    for (const format of ['junit', 'html']) {
      const out = path.join(repo.dir, '..', `${path.basename(repo.dir)}.${format}`);
      dirs.push(out);
      const run = cli(['history', '--format', format, '--output', out], repo.dir);
      expect(run.code).toBe(1);
      expectInert(run, [key, messageKey]);
      const text = readFileSync(out, 'utf8');
      expect(text.includes('\u001b')).toBe(false);
      expect(text).not.toContain('<img');
      expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(text).toContain('\\x1b[2J');
      if (format === 'html') expect(text).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    }
  });

  it('json and sarif hold no raw control character either', () => {
    const repo = hostileRepo();
    for (const format of ['json', 'sarif']) {
      const run = cli(['history', '--format', format], repo.dir);
      expect(run.code).toBe(1);
      expectInert(run, [key, messageKey]);
      expect(() => JSON.parse(run.stdout)).not.toThrow();
    }
  });

  it('archive entry names (findings, and the warnings on stderr) are shown inert in every format', () => {
    const dir = tempDir('aisa-sec-inert-archive-');
    dirs.push(dir);
    // One entry holding a key, one the reader cannot read (a warning naming it), one cut short (another warning).
    const zip = zipOf([
      { name: NAME, data: `AISA_API_KEY=${key}\n` },
      { name: `${NAME}.lzma-ish`, data: 'x', packed: { method: 95, bytes: Buffer.from('not read') } },
    ]);
    writeFileSync(path.join(dir, 'release.zip'), zip);
    // The name is long: a GNU long-name record (2 blocks), the header, then the data, cut inside it.
    writeFileSync(path.join(dir, 'cut.tar'), tarOf([{ name: NAME, data: 'y'.repeat(4000) }]).subarray(0, 2048));
    for (const format of ['text', 'github', 'json', 'sarif', 'junit']) {
      const run = cli(['scan', '--format', format, 'release.zip', 'cut.tar'], dir);
      expect(run.code).toBe(1);
      expectInert(run, [key]);
      expect(run.stderr.split('\n').filter(Boolean)).toEqual([
        'aisa-guard: warning: release.zip!x\\x1b[2J\\x1b]8;;evil.example\\x07link\\x1b]8;;\\x07\\n::error file=a::injected\\u202egnp.env <img src=x onerror=alert(1)> [click](evil.example).lzma-ish: compression method 95 entry, not scanned',
        'aisa-guard: warning: cut.tar!x\\x1b[2J\\x1b]8;;evil.example\\x07link\\x1b]8;;\\x07\\n::error file=a::injected\\u202egnp.env <img src=x onerror=alert(1)> [click](evil.example): truncated archive (the entry ends early)',
      ]);
    }
  });
});
