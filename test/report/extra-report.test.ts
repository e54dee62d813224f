// `--report FORMAT=FILE`: a second report of the same run (the Action writes annotations and SARIF in
// one scan). Both reports hold the same findings; a malformed value is a usage error before scanning.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { perTestTemp, tempDir } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';
import { runCli } from '../helpers/run-cli.js';

const temp = perTestTemp();

describe('--report FORMAT=FILE', () => {
  it('writes SARIF and JSON beside the github annotations, from one run', () => {
    const dir = temp.track(tempDir('aisa-guard-extra-'));
    writeFileSync(path.join(dir, 'app.env'), `AISA_API_KEY=${fakeKey('extra')}\n`);
    const run = runCli(['scan', '.', '--format', 'github', '--report', 'sarif=out.sarif', '--report', 'json=out.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error file=app\.env,line=1,col=14,/m);
    const sarif = JSON.parse(readFileSync(path.join(dir, 'out.sarif'), 'utf8'));
    expect(sarif.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0].physicalLocation.artifactLocation.uri)).toEqual(['app.env']);
    const json = JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8'));
    expect(json.findings.map((f: { file: string; line: number }) => [f.file, f.line])).toEqual([['app.env', 1]]);
  });

  it('a value without FORMAT= or with an unknown format is exit 2, one line', () => {
    const dir = temp.track(tempDir('aisa-guard-extra-'));
    for (const value of ['sarif', 'xml=out.xml', '=out', 'sarif=']) {
      const run = runCli(['scan', '.', '--report', value], { cwd: dir });
      expect([run.code, run.stderr]).toEqual([2, `aisa-guard: --report takes FORMAT=FILE with FORMAT one of text, json, sarif, github, junit, codequality, html (got "${value}")\n`]);
    }
  });
});
