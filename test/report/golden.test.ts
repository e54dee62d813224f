// Golden files: every reporter's exact output for one history audit (pure), and for a real directory
// scan through the CLI (timings normalised). UPDATE_GOLDEN=1 rewrites them; review the diff.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORMATS, loadReporter, type Format } from '../../src/report/index.js';
import { githubSummary } from '../../src/report/github.js';
import { historyFixture } from './fixture.js';
import { fakeKey } from '../helpers/keys.js';
import { runCli } from '../helpers/run-cli.js';
import { cleanup, tempDir } from '../helpers/git.js';

const EXPECTED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../expected');
const EXTENSION: Record<Format, string> = {
  text: 'txt',
  json: 'json',
  sarif: 'sarif.json',
  github: 'github.txt',
  junit: 'junit.xml',
  codequality: 'codequality.json',
  html: 'html',
};

function matchesGolden(name: string, actual: string): void {
  const file = path.join(EXPECTED, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  expect(existsSync(file), `${name} missing: run with UPDATE_GOLDEN=1`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** Timings differ on every run; nothing else may. */
function normaliseTimings(text: string): string {
  return text
    .replace(/\b\d+ ms\b/g, '<ms> ms')
    .replace(/"ms": \d+/g, '"ms": "<ms>"')
    .replace(/time="\d+\.\d{3}"/g, 'time="<s>"');
}

const context = { command: 'history', root: '/repo', color: false, version: '0.0.0-test', date: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)) };

describe('reporters on a history audit (pure)', () => {
  const result = historyFixture();
  it('has a golden file for every registered format', () => {
    expect(Object.keys(EXTENSION).sort()).toEqual([...FORMATS].sort());
  });
  for (const format of FORMATS) {
    it(`${format}`, async () => {
      matchesGolden(`history.${EXTENSION[format]}`, (await loadReporter(format))(result, context));
    });
  }
  it('github job summary (Markdown)', () => {
    matchesGolden('history.github-summary.md', githubSummary(result));
  });
  it('never contains a full key in any format', async () => {
    const keys = result.findings.map((f) => f.redacted.slice(0, 12));
    for (const format of FORMATS) {
      const out = (await loadReporter(format))(result, context);
      expect(out).not.toMatch(/sk-aisa-[A-Za-z0-9_-]{30,}/);
      for (const prefix of keys) expect(out).toContain(prefix);
    }
  });
});

describe('reporters through the CLI on a real directory scan', () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'app.ts'), `export const client = { apiKey: "${fakeKey('golden-app')}" };\n`);
  writeFileSync(path.join(dir, '.env'), `AISA_API_KEY=${fakeKey('golden-env')}\n`);
  writeFileSync(path.join(dir, 'clean.md'), 'Use sk-aisa-your-key-here in examples.\n');
  afterAll(() => cleanup(dir));

  for (const format of ['sarif', 'github', 'junit', 'codequality'] as const) {
    it(`${format}`, () => {
      const run = runCli(['scan', '.', '--format', format], { cwd: dir });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      matchesGolden(`scan.${EXTENSION[format]}`, normaliseTimings(run.stdout).replaceAll(dir, '<dir>'));
    });
  }

  it('junit when clean: one passing test case', () => {
    const run = runCli(['scan', path.join(dir, 'clean.md'), '--format', 'junit']);
    expect(run.code).toBe(0);
    matchesGolden('scan-clean.junit.xml', normaliseTimings(run.stdout));
  });
});
