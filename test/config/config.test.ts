// The config file: found upward from the scan root (nearest wins), validated against the shipped JSON
// Schema, applied to real scans; every kind of mistake is one exact line and exit code 2.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/settings/index.js';
import { FORMATS } from '../../src/report/index.js';
import { fingerprintOf } from '../../src/detect/index.js';
import { fakeKey } from '../helpers/keys.js';
import { runCli } from '../helpers/run-cli.js';
import { cleanup, git, tempDir } from '../helpers/git.js';

const dirs: string[] = [];
/** A project folder; a git repository, since config lookup stops at the repository root. */
function workspace(files: Record<string, string>): string {
  const dir = tempDir();
  dirs.push(dir);
  git(dir, ['init', '-q']);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}
afterEach(() => {
  while (dirs.length) cleanup(dirs.pop()!);
});

const json = (value: unknown) => JSON.stringify(value, null, 2);

describe('finding the config file', () => {
  it('takes the nearest of aisa-guard.config.json, .aisa-guardrc.json, package.json#aisa-guard', () => {
    const dir = workspace({
      'aisa-guard.config.json': json({ format: 'json' }),
      'a/package.json': json({ name: 'a', 'aisa-guard': { format: 'sarif' } }),
      'a/b/.aisa-guardrc.json': json({ format: 'junit' }),
      'a/b/c/package.json': json({ name: 'no-config-here' }),
      'a/b/c/d/.keep': '',
    });
    expect(loadConfig(path.join(dir, 'a/b/c/d'))).toEqual({
      config: { format: 'junit' },
      file: path.join(dir, 'a/b/.aisa-guardrc.json'),
      dir: path.join(dir, 'a/b'),
      origin: 'repository',
    });
    expect(loadConfig(path.join(dir, 'a')).config).toEqual({ format: 'sarif' });
    expect(loadConfig(dir).file).toBe(path.join(dir, 'aisa-guard.config.json'));
  });

  it('an explicit --config wins; no file at all is an empty config', () => {
    const dir = workspace({ 'x/custom.json': json({ minConfidence: 'high' }), '.aisa-guardrc.json': json({ format: 'json' }) });
    expect(loadConfig(dir, path.join(dir, 'x/custom.json')).config).toEqual({ minConfidence: 'high' });
    const empty = workspace({});
    expect(loadConfig(empty)).toEqual({ config: {}, dir: empty, origin: 'none' });
  });

  it('the schema knows exactly the formats the CLI has', () => {
    const schema = JSON.parse(readFileSync(new URL('../../schema/aisa-guard.schema.json', import.meta.url), 'utf8'));
    expect(schema.properties.format.enum).toEqual(FORMATS);
  });

  it('the repository root config validates against its own schema and keeps the demo keys out of our scan', () => {
    const root = new URL('../../', import.meta.url).pathname;
    const loaded = loadConfig(root);
    expect(loaded.file).toBe(path.join(root, 'aisa-guard.config.json'));
    expect(loaded.config.allowFingerprints).toHaveLength(3);
    // The demo's own (empty) config is nearer when the demo is scanned directly.
    expect(loadConfig(path.join(root, 'fixtures/demo'))).toMatchObject({ config: {}, file: path.join(root, 'fixtures/demo/.aisa-guardrc.json') });
  });
});

describe('config mistakes: one exact line, exit code 2', () => {
  const cases: [string, string, string][] = [
    ['unknown key', json({ ignores: ['dist'] }), '/ignores: unknown key (known: ignore, allowFingerprints, placeholderWords, minConfidence, maxFileSize, archives, maxArchiveDepth, maxArchiveBytes, maxArchiveEntries, maxArchiveRatio, format, aisa, revoke)'],
    ['unknown nested key', json({ revoke: { token: 'x' } }), '/revoke/token: unknown key (known: url, auth)'],
    ['wrong type', json({ ignore: 'dist' }), '/ignore: must be an array'],
    ['wrong item type', json({ placeholderWords: ['ok', 7] }), '/placeholderWords/1: must be a string'],
    ['value not allowed', json({ format: 'xml' }), `/format: must be one of ${FORMATS.map((f) => `"${f}"`).join(', ')}`],
    ['bad fingerprint', json({ allowFingerprints: ['ABC'] }), '/allowFingerprints/0: must be a sha256 fingerprint (64 lowercase hex characters)'],
    ['bad size', json({ maxFileSize: '10 parsecs' }), '/maxFileSize: must be a size like 500KB, 10MB or 1GB'],
    ['bad url', json({ aisa: { baseUrl: 'api.aisa.one' } }), '/aisa/baseUrl: must be an http(s) URL'],
    ['bad glob', json({ ignore: ['dist', '['] }), '/ignore/1: "[" is not a valid glob'],
    ['bad glob brace', json({ ignore: ['src/**/*.{js,ts'] }), '/ignore/0: "src/**/*.{js,ts" is not a valid glob'],
    ['not JSON', '{ "ignore": ["dist"] ', 'not valid JSON (line 1, column 22)'],
    ['empty file', '', 'not valid JSON (unexpected end of file)'],
    ['not an object', '["dist"]', '/: must be an object'],
  ];
  for (const [name, content, problem] of cases) {
    it(name, () => {
      const dir = workspace({ '.aisa-guardrc.json': content, 'a.txt': 'nothing\n' });
      const run = runCli(['scan', '.'], { cwd: dir });
      expect(run.stderr).toBe(`aisa-guard: .aisa-guardrc.json: ${problem}\n`);
      expect(run.stdout).toBe('');
      expect(run.code).toBe(2);
    });
  }

  it('in package.json the path points inside the "aisa-guard" key', () => {
    const dir = workspace({ 'package.json': json({ name: 'x', 'aisa-guard': { minConfidence: 'medium' } }) });
    const run = runCli(['scan', '.'], { cwd: dir });
    expect(run.stderr).toBe('aisa-guard: package.json: /aisa-guard/minConfidence: must be one of "high", "low"\n');
    expect(run.code).toBe(2);
  });

  it('a missing --config file', () => {
    const dir = workspace({ 'a.txt': '' });
    const run = runCli(['scan', '.', '--config', 'nope.json'], { cwd: dir });
    expect(run.stderr).toBe('aisa-guard: nope.json: config file not found\n');
    expect(run.code).toBe(2);
  });
});

describe('config options applied to a scan', () => {
  const keys = { app: fakeKey('cfg-app'), gen: fakeKey('cfg-gen'), accepted: fakeKey('cfg-accepted') };
  const files = {
    'src/app.ts': `const k = "${keys.app}";\n`,
    'generated/out.js': `var k = "${keys.gen}";\n`,
    'old/revoked.env': `AISA_API_KEY=${keys.accepted}\n`,
  };
  const reported = (stdout: string) => (JSON.parse(stdout).findings as { file: string }[]).map((f) => f.file);

  it('ignore, allowFingerprints and format; the flag beats the config', () => {
    const dir = workspace({
      ...files,
      'aisa-guard.config.json': json({ $schema: './node_modules/aisa-guard/schema/aisa-guard.schema.json', ignore: ['generated/'], allowFingerprints: [fingerprintOf(keys.accepted)], format: 'json' }),
    });
    const run = runCli(['scan', '.'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(reported(run.stdout)).toEqual(['src/app.ts']);
    expect(JSON.parse(run.stdout).stats.suppressed).toBe(1);
    const text = runCli(['scan', '.', '--format', 'text'], { cwd: dir });
    expect(text.stdout).toMatch(/1 AIsa key found in \d+ files .*; 1 suppressed\./);
  });

  it('ignore globs also apply to files named on the command line and are relative to the config file', () => {
    const dir = workspace({ ...files, 'aisa-guard.config.json': json({ ignore: ['generated/**'], format: 'json' }) });
    const run = runCli(['scan', 'generated/out.js', 'src/app.ts'], { cwd: path.join(dir) });
    expect(reported(run.stdout)).toEqual(['src/app.ts']);
    const fromSub = runCli(['scan', '.'], { cwd: path.join(dir, 'generated') });
    expect(fromSub.code).toBe(0);
  });

  it('placeholderWords, minConfidence and maxFileSize', () => {
    const staged = 'sk-aisa-' + 'staging' + fakeKey('cfg-staging').slice(8 + 7);
    const variant = 'sk-aisa-' + fakeKey('cfg-variant').slice(8, 44);
    const dir = workspace({ 'a.env': `A=${staged}\nB=${variant}\n`, 'big.txt': `${keys.app}\n${'x'.repeat(4096)}\n` });
    const before = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(reported(before.stdout)).toEqual(['a.env', 'a.env', 'big.txt']);
    writeFileSync(path.join(dir, '.aisa-guardrc.json'), json({ placeholderWords: ['staging'], minConfidence: 'high', maxFileSize: '2KB', format: 'json' }));
    const after = runCli(['scan', '.'], { cwd: dir });
    expect(after.code).toBe(2); // big.txt left out by maxFileSize: nothing found, but incomplete
    expect(reported(after.stdout)).toEqual([]);
    expect(after.stderr).toContain('big.txt');
    const flagWins = runCli(['scan', '.', '--max-file-size', '1MB', '--min-confidence', 'low'], { cwd: dir });
    expect(reported(flagWins.stdout)).toEqual(['a.env', 'big.txt']);
  });
});
