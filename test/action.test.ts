// The GitHub Action's steps (action/scan.sh, action/verdict.sh), run with the environment GitHub sets
// for pull_request and push events, from this checkout (github.action_path), and with a failing install.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gitEnv, perTestTemp, tempDir } from './helpers/git.js';
import { fakeKey } from './helpers/keys.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const temp = perTestTemp();
const KEY = fakeKey('action');

interface StepRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** The job summary the step wrote. */
  summary: string;
  /** How many times the CLI was started to scan (its --version probe aside), and the wall time. */
  scans: number;
  ms: number;
}

/** A `node` first on PATH that counts the CLI's scan runs, then runs the real node. */
function countingNode(runner: string): { bin: string; log: string } {
  const bin = path.join(runner, 'bin');
  mkdirSync(bin);
  const log = path.join(runner, 'scans.log');
  writeFileSync(log, '');
  const script = `#!/bin/sh\ncase "$*" in *aisa-guard.js*--version*) ;; *aisa-guard.js*) echo "$*" >> '${log}' ;; esac\nexec '${process.execPath}' "$@"\n`;
  writeFileSync(path.join(bin, 'node'), script);
  chmodSync(path.join(bin, 'node'), 0o755);
  return { bin, log };
}

/** Runs a step script as the runner would: GITHUB_* variables, an event file, an output file. */
function step(script: string, workspace: string, event: { name: string; payload: object; sha: string; ref: string }, env: NodeJS.ProcessEnv = {}): StepRun {
  const runner = temp.track(tempDir('aisa-guard-runner-'));
  const eventPath = path.join(runner, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event.payload));
  const outputFile = path.join(runner, 'output');
  writeFileSync(outputFile, '');
  mkdirSync(path.join(runner, 'temp'));
  const counter = countingNode(runner);
  const started = Date.now();
  const run = spawnSync('bash', [path.join(ROOT, 'action', script)], {
    cwd: workspace,
    encoding: 'utf8',
    env: gitEnv({
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_SHA: event.sha,
      GITHUB_REF: event.ref,
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: path.join(runner, 'summary.md'),
      GITHUB_ACTION_PATH: ROOT,
      RUNNER_TEMP: path.join(runner, 'temp'),
      INPUT_VERSION: '',
      INPUT_SCOPE: 'auto',
      INPUT_STATE: '',
      INPUT_BASELINE: '',
      INPUT_ARGS: '',
      INPUT_UPLOAD_SARIF: 'true',
      NO_COLOR: '1',
      PATH: `${counter.bin}${path.delimiter}${process.env.PATH ?? ''}`,
      ...env,
    }),
  });
  const ms = Date.now() - started;
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const summaryFile = path.join(runner, 'summary.md');
  const summary = existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '';
  const scans = readFileSync(counter.log, 'utf8').split('\n').filter(Boolean).length;
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, outputs, summary, scans, ms };
}

/** main: a clean commit and the default branch; feature: one more commit adding a key. */
function workspace() {
  const r = temp.repo();
  const base = r.commit('base', { 'README.md': 'hi\n' });
  r.git('checkout', '-q', '-b', 'feature');
  const head = r.commit('key', { 'app.env': `AISA_API_KEY=${KEY}\n` });
  return { r, base, head };
}

describe('the Action, from its own checkout', () => {
  it('pull_request: scans base..head, annotates the diff, publishes an existing SARIF file, exit-code 1', () => {
    const { r, base, head } = workspace();
    const payload = { pull_request: { base: { sha: base }, head: { sha: head } }, repository: { default_branch: 'main' } };
    const run = step('scan.sh', r.dir, { name: 'pull_request', payload, sha: head, ref: 'refs/pull/1/merge' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^::error file=app\.env,line=1,col=14,endColumn=65,title=AIsa API key \(aisa-api-key\)::/m);
    expect(run.outputs['exit-code']).toBe('1');
    expect(existsSync(run.outputs.sarif)).toBe(true);
    expect(JSON.parse(readFileSync(run.outputs.sarif, 'utf8')).runs[0].results).toHaveLength(1);
    // One scan wrote the annotations, the summary and the SARIF file; the summary names what was scanned.
    expect(run.scans).toBe(1);
    expect(run.summary).toMatch(/^## aisa-guard\n\n❌ 1 AIsa key found/);
    expect(run.summary).toContain(`Scanned: pull request (refs/pull/1/merge): the commits ${base.slice(0, 12)}..${head.slice(0, 12)}.`);
    const verdict = spawnSync('bash', [path.join(ROOT, 'action', 'verdict.sh')], { env: { ...process.env, CODE: '1' }, encoding: 'utf8' });
    expect(verdict.status).toBe(1);
    expect(verdict.stdout).toContain('aisa-guard found AIsa keys (exit 1)');
  });

  it('push to a feature branch scans before..sha; push to the default branch scans what that branch reaches', () => {
    const { r, base, head } = workspace();
    const payload = { before: base, repository: { default_branch: 'main' } };
    const feature = step('scan.sh', r.dir, { name: 'push', payload, sha: head, ref: 'refs/heads/feature' });
    expect(feature.outputs['exit-code']).toBe('1');
    r.git('checkout', '-q', 'main');
    r.commit('clean', { 'notes.txt': 'n\n' });
    // Only main's new commit is pushed: clean. The whole history (the default branch) has the key on feature.
    const pushed = step('scan.sh', r.dir, { name: 'push', payload: { before: base, repository: { default_branch: 'trunk' } }, sha: r.head(), ref: 'refs/heads/main' });
    expect(pushed.outputs['exit-code']).toBe('0');
    expect(pushed.stdout).toContain('aisa-guard: 0 AIsa keys found');
    // The default branch: all that main reaches, not the feature branch's key (issue 22).
    const full = step('scan.sh', r.dir, { name: 'push', payload: { before: base, repository: { default_branch: 'main' } }, sha: r.head(), ref: 'refs/heads/main' });
    expect(full.outputs['exit-code']).toBe('0');
    expect(full.stdout).not.toContain('app.env');
    expect(full.scans).toBe(1);
    expect(full.summary).toContain(`Scanned: push to refs/heads/main: every commit ${r.head().slice(0, 12)} reaches.`);
    expect(pushed.summary).toContain(`Scanned: push to refs/heads/main: the pushed commits ${base.slice(0, 12)}..${r.head().slice(0, 12)}.`);
  });

  it('push to the default branch: a key anywhere in what main reaches fails it, a key only on another branch does not', () => {
    const { r } = workspace();
    r.git('checkout', '-q', 'main');
    const old = r.commit('old key', { 'old.env': `AISA_API_KEY=${fakeKey('action-old')}\n` });
    const clean = r.commit('removed', { 'old.env': null });
    const payload = { before: old, repository: { default_branch: 'main' } };
    const run = step('scan.sh', r.dir, { name: 'push', payload, sha: clean, ref: 'refs/heads/main' });
    expect(run.code).toBe(0);
    expect(run.outputs['exit-code']).toBe('1');
    expect(run.stdout).toMatch(/^::error file=old\.env,line=1,col=14,/m);
    expect(run.stdout).not.toContain('app.env');
    expect(JSON.parse(readFileSync(run.outputs.sarif, 'utf8')).runs[0].results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri)).toEqual(['old.env']);
    // The committed bundle: no install, no build, no network; one scan process.
    expect(run.scans).toBe(1);
    expect(run.ms).toBeLessThan(10_000);
    console.log(`Action step, push event, bundled CLI: ${run.ms} ms wall`);
  });

  it('upload-sarif false: no SARIF file is written or published', () => {
    const { r, base, head } = workspace();
    const payload = { pull_request: { base: { sha: base }, head: { sha: head } } };
    const run = step('scan.sh', r.dir, { name: 'pull_request', payload, sha: head, ref: 'refs/pull/1/merge' }, { INPUT_UPLOAD_SARIF: 'false' });
    expect(run.outputs).toEqual({ 'exit-code': '1' });
    expect(run.scans).toBe(1);
    expect(run.stdout).toMatch(/^::error file=app\.env,line=1,/m);
  });

  it('a scan that cannot run (a bad argument) is exit-code 2 and publishes no SARIF', () => {
    const { r, base, head } = workspace();
    const payload = { pull_request: { base: { sha: base }, head: { sha: head } } };
    const run = step('scan.sh', r.dir, { name: 'pull_request', payload, sha: head, ref: 'refs/pull/1/merge' }, { INPUT_ARGS: '--format-typo' });
    expect(run.outputs).toEqual({ 'exit-code': '2' });
    expect(run.scans).toBe(1);
  });

  it('state: the first sweep finds the key and records the tips; the next night, with nothing new, is clean', () => {
    const { r, head } = workspace();
    const state = path.join(temp.track(tempDir('aisa-guard-cache-')), 'nested', 'state.json');
    const night = () => step('scan.sh', r.dir, { name: 'schedule', payload: {}, sha: head, ref: 'refs/heads/main' }, { INPUT_STATE: state });
    const first = night();
    expect(first.outputs['exit-code']).toBe('1');
    expect(JSON.parse(readFileSync(first.outputs.sarif, 'utf8')).runs[0].results).toHaveLength(1);
    expect(Object.keys(JSON.parse(readFileSync(state, 'utf8')).refs).sort()).toEqual(['refs/heads/feature', 'refs/heads/main']);
    const second = night();
    expect(second.outputs['exit-code']).toBe('0');
    expect(JSON.parse(readFileSync(second.outputs.sarif, 'utf8')).runs[0].results).toHaveLength(0);
  });

  it('a failing install is exit-code 2, "could not scan", and no SARIF is published', () => {
    const { r, base, head } = workspace();
    const payload = { pull_request: { base: { sha: base }, head: { sha: head } } };
    const npm = step('scan.sh', r.dir, { name: 'pull_request', payload, sha: head, ref: 'refs/pull/1/merge' }, {
      INPUT_VERSION: '0.0.0-does-not-exist',
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_fetch_retries: '0',
      npm_config_cache: temp.track(tempDir('aisa-guard-npm-cache-')),
    });
    expect(npm.code).toBe(0);
    expect(npm.stdout).toContain('::error title=aisa-guard::could not install aisa-guard@0.0.0-does-not-exist from npm: nothing was scanned');
    expect(npm.outputs).toEqual({ 'exit-code': '2' });
    // The action's own checkout, broken (no bundle).
    const broken = temp.track(tempDir('aisa-guard-action-'));
    writeFileSync(path.join(broken, 'package.json'), JSON.stringify({ name: 'aisa-guard', version: '0.0.0' }));
    const checkout = step('scan.sh', r.dir, { name: 'pull_request', payload, sha: head, ref: 'refs/pull/1/merge' }, { GITHUB_ACTION_PATH: broken });
    expect(checkout.stdout).toContain(`::error title=aisa-guard::the action's checkout (${broken}) has no action/aisa-guard.js: nothing was scanned`);
    expect(checkout.outputs).toEqual({ 'exit-code': '2' });
    const verdict = spawnSync('bash', [path.join(ROOT, 'action', 'verdict.sh')], { env: { ...process.env, CODE: '2', FAIL_ON_FINDINGS: 'false' }, encoding: 'utf8' });
    expect(verdict.status).toBe(1);
    expect(verdict.stdout).toContain('could not scan (exit 2)');
    expect(verdict.stdout).not.toContain('found');
  });
});
