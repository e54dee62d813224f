// Trust row: a pull request that adds a key and, in the same change, a config (or baseline entry) that
// accepts it. A range scan reads the repository's config and baseline from the base revision, so the
// key is reported, and the output says the head's config differs.
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../src/detect/index.js';
import { serializeBaseline } from '../../src/config/baseline.js';
import { TestRepo, cleanup, tempDir } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';
import { runCli } from '../helpers/run-cli.js';

const key = fakeKey('config-range');
const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

function pullRequest(headFiles: Record<string, string>, baseFiles: Record<string, string> = {}) {
  const repo = TestRepo.init();
  dirs.push(repo.dir);
  const base = repo.commit('base', { 'README.md': 'hi\n', ...baseFiles });
  const head = repo.commit('pr', { 'deploy.env': `AISA_API_KEY=${key}\n`, ...headFiles });
  const xdg = tempDir('aisa-guard-xdg-');
  dirs.push(xdg);
  const run = (...args: string[]) => runCli(['history', '--range', `${base}..${head}`, '--format', 'json', ...args], { cwd: repo.dir, env: { XDG_CONFIG_HOME: xdg } });
  return { base, head, run };
}

const reported = (stdout: string) => (JSON.parse(stdout) as { findings: { file: string }[] }).findings.map((f) => f.file);

describe('range scans trust the base revision only', () => {
  it('a config added by the change does not accept the change\'s key; the output says so', () => {
    const { base, head, run } = pullRequest({ '.aisa-guardrc.json': JSON.stringify({ ignore: ['deploy.env'], allowFingerprints: [fingerprintOf(key)] }) });
    const result = run();
    expect({ code: result.code, files: reported(result.stdout) }).toEqual({ code: 1, files: ['deploy.env'] });
    const warning =
      `the repository config at ${head.slice(0, 12)} differs from the base revision ${base.slice(0, 12)}: ` +
      "using the base revision's (a change cannot accept its own keys)";
    expect(result.stderr).toBe(`aisa-guard: warning: ${warning}\n`);
    expect((JSON.parse(result.stdout) as { warnings: string[] }).warnings).toContain(warning);
  });

  it('a config edited by the change: the base revision\'s still applies', () => {
    const { run } = pullRequest(
      { 'aisa-guard.config.json': JSON.stringify({ ignore: ['deploy.env'] }) },
      { 'aisa-guard.config.json': JSON.stringify({ placeholderWords: ['nothing'] }) },
    );
    expect(reported(run().stdout)).toEqual(['deploy.env']);
  });

  it('what the base revision accepts stays accepted', () => {
    const { run } = pullRequest({}, { 'aisa-guard.config.json': JSON.stringify({ allowFingerprints: [fingerprintOf(key)] }) });
    const result = run();
    expect({ code: result.code, files: reported(result.stdout), stderr: result.stderr }).toEqual({ code: 0, files: [], stderr: '' });
  });

  it('a baseline entry added by the change does not accept the key', () => {
    const entry = serializeBaseline([{ fingerprint: fingerprintOf(key), ruleId: 'aisa-api-key', file: 'deploy.env' }]);
    const { run } = pullRequest({ '.aisa-guard-baseline.json': entry }, { '.aisa-guard-baseline.json': serializeBaseline([]) });
    const result = run('--baseline', '.aisa-guard-baseline.json');
    expect({ code: result.code, files: reported(result.stdout), stderr: result.stderr }).toEqual({ code: 1, files: ['deploy.env'], stderr: '' });
    const added = pullRequest({ '.aisa-guard-baseline.json': entry });
    const missing = added.run('--baseline', '.aisa-guard-baseline.json');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--baseline .aisa-guard-baseline.json: not in the base revision');
  });
});
