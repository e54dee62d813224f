// Baselines end to end through the CLI: accept today's keys, fail only on new ones, and keep the file
// byte-identical whatever order files are found or created in, so it never causes merge conflicts.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fakeKey } from './helpers/keys.js';
import { runCli } from './helpers/run-cli.js';
import { cleanup, tempDir } from './helpers/git.js';
import { fingerprintOf } from '../src/detect/index.js';
import { serializeBaseline } from '../src/config/baseline.js';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) cleanup(dirs.pop()!);
});

function project(files: [string, string][]): string {
  const dir = tempDir();
  dirs.push(dir);
  for (const [name, content] of files) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const keys = { a: fakeKey('base-a'), b: fakeKey('base-b'), c: fakeKey('base-c') };
const FILES: [string, string][] = [
  ['src/app.ts', `const k = "${keys.a}";\nconst again = "${keys.a}";\n`],
  ['deploy/.env', `AISA_API_KEY=${keys.b}\n`],
  ['docs/setup.md', `Use ${keys.a} for staging.\n`],
];

describe('baseline', () => {
  it('records fingerprint, rule and path only: sorted, deduplicated, no key, no line numbers', () => {
    const dir = project(FILES);
    const run = runCli(['baseline'], { cwd: dir });
    expect(run.stdout).toBe('aisa-guard: recorded 3 findings (2 keys) in .aisa-guard-baseline.json\n');
    expect(run.code).toBe(0);
    const text = readFileSync(path.join(dir, '.aisa-guard-baseline.json'), 'utf8');
    expect(text).toBe(
      JSON.stringify(
        {
          version: 1,
          findings: [
            { fingerprint: fingerprintOf(keys.b), ruleId: 'aisa-api-key', file: 'deploy/.env' },
            { fingerprint: fingerprintOf(keys.a), ruleId: 'aisa-api-key', file: 'docs/setup.md' },
            { fingerprint: fingerprintOf(keys.a), ruleId: 'aisa-api-key', file: 'src/app.ts' },
          ],
        },
        null,
        2,
      ) + '\n',
    );
    for (const key of Object.values(keys)) expect(text).not.toContain(key.slice(8));
    expect(text).not.toMatch(/"line"/);
  });

  it('round trip: only a new key is reported; moved lines stay accepted; counts show in the summary', () => {
    const dir = project(FILES);
    expect(runCli(['baseline', 'scan', '.', '-o', 'accepted.json'], { cwd: dir }).code).toBe(0);

    const clean = runCli(['scan', '.', '--baseline', 'accepted.json', '--format', 'json'], { cwd: dir });
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout).stats.baselined).toBe(4);

    // Edits above a key move it down: still the same accepted finding.
    writeFileSync(path.join(dir, 'deploy/.env'), `# moved\n\n\nAISA_API_KEY=${keys.b}\n`);
    // A new key, and an accepted key copied into a new file: both are new.
    writeFileSync(path.join(dir, 'src/new.ts'), `export const k = '${keys.c}';\n`);
    writeFileSync(path.join(dir, 'src/copy.ts'), `export const k = '${keys.b}';\n`);
    const json = runCli(['scan', '.', '--baseline', 'accepted.json', '--format', 'json'], { cwd: dir });
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`)).toEqual(['src/copy.ts:1', 'src/new.ts:1']);
    expect(report.stats.baselined).toBe(4);
    const text = runCli(['scan', '.', '--baseline', 'accepted.json'], { cwd: dir });
    expect(text.stdout).toMatch(/✖ 2 AIsa keys found in 6 files \(.*\); 4 in baseline\.\n/);
  });

  it('rescanning an unchanged tree, or the same files created in another order, gives identical bytes', () => {
    const first = project(FILES);
    runCli(['baseline', '-o', 'b.json'], { cwd: first });
    const bytes = readFileSync(path.join(first, 'b.json'));
    runCli(['baseline', '-o', 'b.json'], { cwd: first });
    expect(readFileSync(path.join(first, 'b.json')).equals(bytes)).toBe(true);

    const reversed = project([...FILES].reverse());
    runCli(['baseline', '-o', 'b.json'], { cwd: reversed });
    expect(readFileSync(path.join(reversed, 'b.json')).equals(bytes)).toBe(true);

    // Entries in any order serialise the same way.
    const entries = JSON.parse(bytes.toString()).findings;
    expect(serializeBaseline([...entries].reverse())).toBe(bytes.toString());
    expect(serializeBaseline([...entries, ...entries])).toBe(bytes.toString());
  });

  it('a renamed file is a new finding (a baseline accepts a key where it was, not anywhere)', () => {
    const dir = project(FILES);
    runCli(['baseline'], { cwd: dir });
    renameSync(path.join(dir, 'deploy/.env'), path.join(dir, 'deploy/.env.prod'));
    const run = runCli(['scan', '.', '--baseline', '.aisa-guard-baseline.json', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(run.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['deploy/.env.prod']);
  });

  it('inline-allowed and config-allowed keys are not recorded', () => {
    const dir = project([
      ['a.ts', `// aisa-guard:allow\nconst k = "${keys.a}";\n`],
      ['b.ts', `const k = "${keys.b}";\n`],
      ['.aisa-guardrc.json', JSON.stringify({ allowFingerprints: [fingerprintOf(keys.b)] })],
    ]);
    expect(runCli(['baseline'], { cwd: dir }).stdout).toBe('aisa-guard: recorded 0 findings (0 keys) in .aisa-guard-baseline.json\n');
  });

  it('bad baseline files and flags: one line, exit 2', () => {
    const dir = project([['a.txt', 'x\n'], ['bad.json', '{"version": 1, "findings": [{"file": 1}]}'], ['broken.json', '{'], ['v2.json', '{"version": 2, "findings": []}']]);
    const missing = runCli(['scan', '.', '--baseline', 'nope.json'], { cwd: dir });
    expect(missing.stderr).toBe('aisa-guard: --baseline nope.json: no such file (create it with "aisa-guard baseline")\n');
    expect(missing.code).toBe(2);
    const bad = runCli(['scan', '.', '--baseline', 'bad.json'], { cwd: dir });
    expect(bad.stderr).toBe('aisa-guard: --baseline bad.json: not an aisa-guard baseline (expected {"version": 1, "findings": [{"fingerprint", "ruleId", "file"}]})\n');
    expect(bad.code).toBe(2);
    expect(runCli(['scan', '.', '--baseline', 'broken.json'], { cwd: dir }).stderr).toBe('aisa-guard: --baseline broken.json: not valid JSON\n');
    const future = runCli(['scan', '.', '--baseline', 'v2.json'], { cwd: dir });
    expect(future.stderr).toBe(
      'aisa-guard: --baseline v2.json: baseline version 2 is not supported (this aisa-guard reads version 1; re-record it with "aisa-guard baseline")\n',
    );
    expect(future.code).toBe(2);
    const wrongFlag = runCli(['baseline', 'scan', '--format', 'json'], { cwd: dir });
    expect(wrongFlag.stderr).toBe("aisa-guard: Unknown option '--format'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--format\"\n");
    expect(wrongFlag.code).toBe(2);
  });
});
