// Each config key through every scanning command: the same file, the same key, the same verdict. Before
// one settings builder, `placeholderWords` and `maxFileSize` applied to `scan` only (history and
// pre-push reported what scan suppressed).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../src/detect/index.js';
import { TestRepo, cleanup } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

const plain = fakeKey('every-command');
const staging = 'sk-aisa-staging' + fakeKey('every-command-staging').slice(8 + 7);
const variant = 'sk-aisa-' + fakeKey('every-command-variant').slice(8, 44);

/** Config key → [file content, config]: without the config the key is reported, with it not. */
const CASES: [string, string, object][] = [
  ['placeholderWords', `KEY=${staging}\n`, { placeholderWords: ['staging'] }],
  ['maxFileSize', `KEY=${plain}\n${'x'.repeat(4096)}\n`, { maxFileSize: '2KB' }],
  ['ignore', `KEY=${plain}\n`, { ignore: ['app.env'] }],
  ['allowFingerprints', `KEY=${plain}\n`, { allowFingerprints: [fingerprintOf(plain)] }],
  ['minConfidence', `KEY=${variant}\n`, { minConfidence: 'high' }],
];

const COMMANDS = ['scan', 'staged', 'history', 'pre-push'] as const;

/**
 * One repository per case: a base commit holding the config (a range scan trusts the base revision's
 * config only), then app.env staged (for scan and staged), then committed (for history and pre-push).
 */
function runAll(content: string, config: object | undefined, json = ['--format', 'json']): Record<string, CliRun> {
  const repo = TestRepo.init();
  dirs.push(repo.dir);
  if (config) writeFileSync(path.join(repo.dir, 'aisa-guard.config.json'), JSON.stringify(config));
  const base = repo.commit('base', { 'README.md': 'hello\n' });
  repo.write({ 'app.env': content });
  repo.git('add', 'app.env');
  const runs: Record<string, CliRun> = {};
  runs.scan = runCli(['scan', '.', ...json], { cwd: repo.dir });
  runs.staged = runCli(['staged', ...json], { cwd: repo.dir });
  repo.git('commit', '-q', '-m', 'add app.env');
  const head = repo.head();
  runs.history = runCli(['history', '--range', `${base}..${head}`, ...json], { cwd: repo.dir });
  runs['pre-push'] = runCli(['pre-push', 'origin', ...json], { cwd: repo.dir, input: `refs/heads/main ${head} refs/heads/main ${base}\n` });
  return runs;
}

const outcome = (run: CliRun) => ({ code: run.code, files: (JSON.parse(run.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file) });

describe('every config key applies to every command', () => {
  it.each(CASES)('%s', (key, content, config) => {
    const without = runAll(content, undefined);
    for (const command of COMMANDS) expect({ command, ...outcome(without[command]) }).toEqual({ command, code: 1, files: ['app.env'] });
    const withConfig = runAll(content, config);
    // A file maxFileSize left out is not read: nothing reported, and the run is incomplete (exit 2).
    const code = key === 'maxFileSize' ? 2 : 0;
    for (const command of COMMANDS) expect({ command, ...outcome(withConfig[command]) }).toEqual({ command, code, files: [] });
  }, 120_000);

  it('format: the config chooses the report for every command', () => {
    const runs = runAll(`KEY=${plain}\n`, { format: 'junit' }, []);
    for (const command of COMMANDS) {
      expect(runs[command].stdout, command).toMatch(/^<\?xml/);
      expect(runs[command].code, command).toBe(1);
    }
  }, 120_000);
});
