// `aisa-guard scan` as users run it: the built CLI in a child process, exit codes, output formats.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf } from '../src/detect/index.js';
import { VERSION } from '../src/version.js';
import { CLI, runCli } from './helpers/run-cli.js';
import { git, tempDir } from './helpers/git.js';
import { fakeKey } from './helpers/keys.js';
import { needsTool } from './helpers/tools.js';

const KEY = fakeKey('cli-1');
const KEY2 = fakeKey('cli-2');
const REDACTED = `sk-aisa-${KEY.slice(8, 12)}…${KEY.slice(-4)}`;
const ANSI = '\u001b[';
const made: string[] = [];

beforeAll(() => {
  // `npm test` builds first; build here only when run on its own without a dist.
  if (!existsSync(CLI)) execFileSync('npm', ['run', 'build'], { stdio: 'ignore' });
});
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const dir = tempDir('aisa-guard-cli-');
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const leaky = () =>
  tree({
    'src/config.ts': `export const config = {\n  apiKey: "${KEY}",\n};\n`,
    '.env': `AISA_API_KEY=${KEY2}\n`,
    'README.md': 'Set AISA_API_KEY=sk-aisa-your-key-here\n',
  });

describe('exit codes', () => {
  it('0 when clean, with a one-line summary', () => {
    const dir = tree({ 'a.ts': 'export const x = "sk-aisa-...";\n' });
    const run = runCli(['scan', '.'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^✔ 0 AIsa keys found in 1 file \(\d+ B, \d+ ms\)\.\n$/);
    expect(run.stderr).toBe('');
  });

  it('1 when keys are found: path:line:col, rule, confidence, redacted key, code frame', () => {
    const dir = leaky();
    const run = runCli(['scan'], { cwd: dir });
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`.env:1:14  aisa-api-key  high  sk-aisa-${KEY2.slice(8, 12)}…${KEY2.slice(-4)}`);
    expect(lines[2]).toBe(`src/config.ts:2:12  aisa-api-key  high  ${REDACTED}`);
    expect(lines[3]).toBe(`    2 | apiKey: "${REDACTED}",`);
    expect(run.stdout).toContain('✖ 2 AIsa keys found in 3 files');
    expect(run.stdout + run.stderr).not.toContain(KEY);
    expect(run.stdout + run.stderr).not.toContain(KEY2);
  });

  it('2 for a path that does not exist: one line, no stack trace', () => {
    const run = runCli(['scan', '/nonexistent/aisa-guard-test']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('aisa-guard: /nonexistent/aisa-guard-test: no such file or directory\n');
    expect(run.stdout).toBe('');
  });

  it.each([
    [['scan', '--bogus'], /^aisa-guard: .*--bogus.*\n$/],
    [['scan', '--format', 'xml', '.'], /^aisa-guard: --format must be one of .*\(got "xml"\)\n$/],
    [['scan', '--max-file-size', 'lots', '.'], /^aisa-guard: --max-file-size takes a size like .*\n$/],
    [['frobnicate'], /^aisa-guard: unknown command "frobnicate".*\n$/],
  ])('2 for bad usage %j: one line on stderr', (args, message) => {
    const run = runCli(args, { cwd: tree({}) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('output', () => {
  it('--format json has the documented shape and no full key', () => {
    const dir = leaky();
    const run = runCli(['scan', '--format', 'json', '.'], { cwd: dir });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report).sort()).toEqual(['findings', 'stats', 'warnings']);
    expect(report.findings).toHaveLength(2);
    expect(report.findings[1]).toMatchObject({
      ruleId: 'aisa-api-key',
      confidence: 'high',
      file: 'src/config.ts',
      line: 2,
      column: 12,
      endLine: 2,
      endColumn: 63,
      redacted: REDACTED,
      fingerprint: fingerprintOf(KEY),
    });
    expect(report.findings[1].secret).toBeUndefined();
    expect(report.stats).toMatchObject({ files: 3, bytes: expect.any(Number), ms: expect.any(Number) });
    expect(report.stats.bytes).toBeGreaterThan(100);
    expect(run.stdout).not.toContain(KEY);
  });

  it('--output writes the report to a file and nothing to stdout', () => {
    const dir = leaky();
    const out = path.join(tempDir('aisa-guard-out-'), 'report.json');
    made.push(path.dirname(out));
    const run = runCli(['scan', '-f', 'json', '--output', out, '.'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).findings.map((f: { file: string }) => f.file)).toEqual([
      '.env',
      'src/config.ts',
    ]);
  });

  it('--output to an unwritable place is exit 2', () => {
    const run = runCli(['scan', '--output', '/nonexistent/dir/report.txt', leaky()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^aisa-guard: cannot write \/nonexistent\/dir\/report.txt: .*\n$/);
  });

  it('--quiet prints nothing when clean, and no warnings', () => {
    const dir = tree({ 'a.txt': 'hello\n', 'big.txt': 'x'.repeat(5000) });
    const loud = runCli(['scan', '--max-file-size', '1KB', '.'], { cwd: dir });
    expect(loud.stderr).toBe('aisa-guard: warning: big.txt: 5000 bytes > --max-file-size, skipped\naisa-guard: 1 input could not be read: the scan is incomplete\n');
    // A file left out is not clean: even --quiet says so in one line (exit 2).
    const quiet = runCli(['scan', '--quiet', '--max-file-size', '1KB', '.'], { cwd: dir });
    expect([quiet.code, quiet.stdout, quiet.stderr]).toEqual([2, '', 'aisa-guard: 1 input could not be read: the scan is incomplete\n']);
    const clean = runCli(['scan', '--quiet', '.'], { cwd: dir });
    expect([clean.code, clean.stdout, clean.stderr]).toEqual([0, '', '']);
  });

  it('--quiet still prints the findings when there are some', () => {
    const run = runCli(['scan', '-q', leaky()]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(REDACTED);
  });

  it('--no-redact is the only way a full key is printed', () => {
    const dir = leaky();
    const text = runCli(['scan', '--no-redact', '.'], { cwd: dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`src/config.ts:2:12  aisa-api-key  high  ${KEY}`);
    expect(text.stdout).toContain(`apiKey: "${KEY}"`);
    const json = JSON.parse(runCli(['scan', '--no-redact', '-f', 'json', '.'], { cwd: dir }).stdout);
    expect(json.findings[1].secret).toBe(KEY);
  });

  it('files named on the command line are scanned even when .gitignore ignores them', () => {
    const dir = tree({ '.gitignore': '.env\n', '.env': `AISA_API_KEY=${KEY}\n`, 'a.ts': '\n' });
    git(dir, ['init', '-q']);
    expect(runCli(['scan'], { cwd: dir }).code).toBe(0);
    const named = runCli(['scan', '.env', 'a.ts'], { cwd: dir });
    expect(named.code).toBe(1);
    expect(named.stdout.split('\n')[0]).toBe(`.env:1:14  aisa-api-key  high  ${REDACTED}`);
  });

  it('an unreadable file is a warning and makes a clean scan incomplete: exit 2 (without the root permission bypass)', () => {
    const dir = tree({ 'locked.env': `AISA_API_KEY=${KEY}\n`, 'open.txt': 'hello\n' });
    chmodSync(path.join(dir, 'locked.env'), 0o000);
    const run = runCli(['scan', '.'], { cwd: dir, unprivileged: true });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'aisa-guard: warning: locked.env: permission denied, skipped\n' +
        'aisa-guard: 1 input could not be read: the scan is incomplete\n',
    );
    expect(run.stdout).toContain('0 AIsa keys found in 1 file');
  });
});

describe('standard input', () => {
  it('"-" scans standard input as <stdin>, alone or with files', () => {
    const diff = `diff --git a/app.env b/app.env\n+++ b/app.env\n+AISA_API_KEY=${KEY}\n`;
    const run = runCli(['scan', '-', '--format', 'json'], { input: diff });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.findings.map((f: { file: string; line: number; column: number }) => [f.file, f.line, f.column])).toEqual([['<stdin>', 3, 15]]);
    const dir = tree({ 'b.txt': `k=${KEY2}\n` });
    const both = runCli(['scan', '-', path.join(dir, 'b.txt'), '--format', 'json'], { input: 'nothing here\n' });
    expect(both.code).toBe(1);
    expect(JSON.parse(both.stdout).findings.map((f: { line: number }) => f.line)).toEqual([1]);
    expect(runCli(['scan', '-'], { input: '' }).code).toBe(0);
  });

  it('streams large input in chunks: a key past 16 MB is found at its line', () => {
    const filler = 'x'.repeat(99) + '\n';
    const input = filler.repeat(200_000) + `tail ${KEY}\n`;
    const run = runCli(['scan', '-', '--format', 'json'], { input });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).findings.map((f: { line: number; column: number }) => [f.line, f.column])).toEqual([[200_001, 6]]);
  });
});

describe('help, version and colour', () => {
  it('--version prints the package version', () => {
    const run = runCli(['--version']);
    expect([run.code, run.stdout]).toEqual([0, `${VERSION}\n`]);
    expect(VERSION).toBe(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
  });

  it('--help lists scan; scan --help lists its flags', () => {
    const top = runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^ {2}scan\s+scan files and directories/m);
    const scan = runCli(['scan', '--help']);
    expect(scan.code).toBe(0);
    for (const flag of ['--format', '--output', '--quiet', '--no-redact', '--no-ignore', '--max-file-size']) {
      expect(scan.stdout).toContain(flag);
    }
  });

  it('no ANSI colour when stdout is not a TTY, even without NO_COLOR', () => {
    const run = runCli(['scan', leaky()], { env: { NO_COLOR: undefined } });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(ANSI);
  });

  it.skipIf(needsTool('script', 'bsdutils'))('colour on a TTY, none on a TTY with NO_COLOR set', () => {
    const dir = leaky();
    // `script` gives the CLI a pseudo-terminal as stdout.
    const onTty = (noColor: boolean) =>
      spawnSync('script', ['-qec', `${process.execPath} ${CLI} scan ${dir}`, '/dev/null'], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: noColor ? '1' : '', TERM: 'xterm' },
      });
    const coloured = onTty(false);
    expect(coloured.status).toBe(1);
    expect(coloured.stdout).toMatch(ANSI);
    const plain = onTty(true);
    expect(plain.status).toBe(1);
    expect(plain.stdout).toContain(REDACTED);
    expect(plain.stdout).not.toMatch(ANSI);
  });
});
