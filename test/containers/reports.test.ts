// How a finding inside an archive is reported: the `!` path in text and JSON; SARIF's artifact is the
// archive with the inner path as a logical location; GitHub annotations point at the archive; baselines
// and the config file's settings apply to the full path.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeKey } from '../helpers/keys.js';
import { treeMaker, zipOf } from '../helpers/archives.js';
import { runCli } from '../helpers/run-cli.js';

const tree = treeMaker();

function project(): string {
  const root = tree();
  mkdirSync(path.join(root, 'dist'));
  const bundle = zipOf([{ name: 'assets/index.android.bundle', data: `var a=1;\nvar k="${fakeKey('report')}";\n` }]);
  writeFileSync(path.join(root, 'dist/app.apk'), zipOf([{ name: 'base.zip', data: bundle }]));
  return root;
}

const INNER = 'dist/app.apk!base.zip!assets/index.android.bundle';

describe('reports', () => {
  it('text shows the path through the containers with line and column', () => {
    const run = runCli(['scan', 'dist'], { cwd: project() });
    expect(run.stdout).toContain(`${INNER}:2:8  aisa-api-key  high`);
    expect(run.code).toBe(1);
  });

  it('SARIF: artifactLocation is the archive, a logical location names the path inside it', () => {
    const run = runCli(['scan', 'dist', '-f', 'sarif'], { cwd: project() });
    const [result] = JSON.parse(run.stdout).runs[0].results;
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('dist/app.apk');
    expect(result.locations[0].physicalLocation.region.startLine).toBe(2);
    expect(result.message.text).toContain(` in ${INNER}.`);
    expect(result.locations[0].logicalLocations).toEqual([{ name: 'base.zip!assets/index.android.bundle', fullyQualifiedName: INNER, kind: 'resource' }]);
  });

  it('GitHub annotations point at the archive and name the path inside it', () => {
    const run = runCli(['scan', 'dist', '-f', 'github'], { cwd: project() });
    const annotation = run.stdout.split('\n')[0];
    expect(annotation).toMatch(/^::error file=dist\/app\.apk,line=2,col=8,/);
    expect(annotation).toContain(`AIsa API key sk-aisa-`);
    expect(annotation).toContain(` in ${INNER}.`);
  });

  it('GitLab code quality points at the archive', () => {
    const run = runCli(['scan', 'dist', '-f', 'codequality'], { cwd: project() });
    const [issue] = JSON.parse(run.stdout) as { location: { path: string; lines: { begin: number } }; description: string }[];
    expect([issue.location.path, issue.location.lines.begin]).toEqual(['dist/app.apk', 2]);
    expect(issue.description).toContain(` in ${INNER}.`);
  });

  it('a baseline records and matches the full path through the containers', () => {
    const root = project();
    expect(runCli(['baseline'], { cwd: root }).code).toBe(0);
    const baseline = JSON.parse(readFileSync(path.join(root, '.aisa-guard-baseline.json'), 'utf8')) as { findings: { file: string }[] };
    expect(baseline.findings.map((f) => f.file)).toEqual([INNER]);
    const run = runCli(['scan', 'dist', '--baseline', '.aisa-guard-baseline.json'], { cwd: root });
    expect(run.code).toBe(0);
  });

  it('the config file sets the same settings as the flags: archives false, maxArchiveDepth', () => {
    const root = project();
    writeFileSync(path.join(root, 'aisa-guard.config.json'), JSON.stringify({ maxArchiveDepth: 1 }));
    const shallow = runCli(['scan'], { cwd: root });
    expect(shallow.stderr).toContain('dist/app.apk!base.zip: archive nested more than 1 deep (--max-archive-depth), not opened');
    expect(shallow.code).toBe(2);
    writeFileSync(path.join(root, 'aisa-guard.config.json'), JSON.stringify({ archives: false }));
    expect(runCli(['scan'], { cwd: root }).code).toBe(0);
    writeFileSync(path.join(root, 'aisa-guard.config.json'), JSON.stringify({ maxArchiveDepth: 'deep' }));
    const bad = runCli(['scan'], { cwd: root });
    expect(bad.stderr).toContain('/maxArchiveDepth: must be an integer');
    expect(bad.code).toBe(2);
  });
});
