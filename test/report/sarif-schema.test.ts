// The SARIF output validated against the SARIF 2.1.0 JSON schema (vendored in fixtures/sarif), for a
// history audit and for a real scan through the CLI; plus what GitHub code scanning needs beyond it.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { sarifReporter } from '../../src/report/sarif.js';
import { historyFixture } from './fixture.js';
import { fakeKey } from '../helpers/keys.js';
import { runCli } from '../helpers/run-cli.js';
import { cleanup, tempDir } from '../helpers/git.js';

const SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/sarif/sarif-schema-2.1.0.json');

function sarifValidator() {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
  // The two upstream defects described in fixtures/sarif/README.md.
  const region = schema.definitions.region;
  region.anyOf = region.properties.anyOf;
  delete region.properties.anyOf;
  const ajv = new Ajv2020({
    allErrors: true,
    code: { regExp: (pattern: string, flags: string) => (pattern.startsWith('^(?i)') ? new RegExp(pattern.replace('(?i)', ''), `${flags}i`) : new RegExp(pattern, flags)) } as never,
  });
  ajv.addFormat('uri', (text: string) => URL.canParse(text));
  ajv.addFormat('uri-reference', (text: string) => !/\s/.test(text) && URL.canParse(text, 'file:///base/'));
  ajv.addFormat('date-time', (text: string) => !Number.isNaN(Date.parse(text)));
  return ajv.compile(schema);
}

const validate = sarifValidator();
const context = { command: 'history', root: '/repo', color: false, version: '1.2.3' };

describe('SARIF output against the SARIF 2.1.0 schema', () => {
  it('a history audit with every kind of finding is valid', () => {
    const log = JSON.parse(sarifReporter(historyFixture(), context));
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
  });

  it('the validator does reject a broken log (the schema is really applied)', () => {
    const log = JSON.parse(sarifReporter(historyFixture(), context));
    log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    log.runs[0].results[1].level = 'critical';
    delete log.runs[0].results[2].message;
    expect(validate(log)).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toEqual(
      expect.arrayContaining([
        '/runs/0/results/0/locations/0/physicalLocation/region/startLine',
        '/runs/0/results/1/level',
        '/runs/0/results/2',
      ]),
    );
  });

  it('a real scan through the CLI is valid, and clean scans too', () => {
    const dir = tempDir();
    try {
      writeFileSync(path.join(dir, 'with space & ünïcode.ts'), `const k = "${fakeKey('sarif-cli')}";\n`);
      const found = runCli(['scan', '.', '--format', 'sarif'], { cwd: dir });
      expect(found.code).toBe(1);
      const log = JSON.parse(found.stdout);
      expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
      expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({
        uri: 'with%20space%20%26%20%C3%BCn%C3%AFcode.ts',
        uriBaseId: '%SRCROOT%',
      });
      writeFileSync(path.join(dir, 'with space & ünïcode.ts'), 'clean\n');
      const clean = runCli(['scan', '.', '--format', 'sarif'], { cwd: dir });
      expect(clean.code).toBe(0);
      const cleanLog = JSON.parse(clean.stdout);
      expect(validate(cleanLog)).toBe(true);
      expect(cleanLog.runs[0].results).toEqual([]);
    } finally {
      cleanup(dir);
    }
  });

  it('a binary file and a UTF-16 key in it: byte regions, valid against the schema', () => {
    const dir = tempDir();
    try {
      const plain = fakeKey('sarif-binary');
      const wide = fakeKey('sarif-utf16');
      const bytes = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0]), Buffer.from(plain), Buffer.from([0, 7]), Buffer.from(wide, 'utf16le'), Buffer.from([0, 0, 9])]);
      writeFileSync(path.join(dir, 'lib.so'), bytes);
      const run = runCli(['scan', '.', '--format', 'sarif'], { cwd: dir });
      expect(run.code).toBe(1);
      const log = JSON.parse(run.stdout);
      expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
      const regions = log.runs[0].results.map((r: { locations: { physicalLocation: { region: object } }[] }) => r.locations[0].physicalLocation.region);
      const wideAt = 8 + plain.length + 2;
      expect(regions).toEqual([
        { startLine: 1, byteOffset: 8, byteLength: plain.length, snippet: { text: expect.stringMatching(/^sk-aisa-\S{4}…\S{4}$/) } },
        { startLine: 1, byteOffset: wideAt, byteLength: 2 * wide.length, snippet: { text: expect.stringMatching(/^sk-aisa-\S{4}…\S{4}$/) } },
      ]);
      // A byte region the schema forbids (a negative length) is caught: the binary region really is checked.
      log.runs[0].results[0].locations[0].physicalLocation.region.byteLength = -1;
      expect(validate(log)).toBe(false);
      expect(validate.errors!.map((e) => e.instancePath)).toEqual(['/runs/0/results/0/locations/0/physicalLocation/region/byteLength']);
    } finally {
      cleanup(dir);
    }
  });

  it('carries what GitHub code scanning reads: rule help, severity, region, partialFingerprints, no key', () => {
    const result = historyFixture();
    const log = JSON.parse(sarifReporter(result, context));
    const [rule, variant] = log.runs[0].tool.driver.rules;
    expect(rule).toMatchObject({
      id: 'aisa-api-key',
      defaultConfiguration: { level: 'error' },
      properties: { 'security-severity': '9.0', tags: ['security', 'secret', 'external/cwe/cwe-798'] },
    });
    expect(rule.help.markdown).toContain('revoke it');
    expect(variant).toMatchObject({ id: 'aisa-api-key-variant', defaultConfiguration: { level: 'warning' } });
    const first = log.runs[0].results[0];
    expect(first.locations[0].physicalLocation.region).toMatchObject({ startLine: 2, startColumn: 14, endLine: 2, endColumn: 65 });
    expect(first.partialFingerprints['aisaKeyFingerprint/v1']).toBe(result.findings[0].fingerprint);
    // Same key, two files: two alerts that GitHub must not merge.
    const ciResults = log.runs[0].results.filter((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['aisaKeyFingerprint/v1'] === result.findings[4].fingerprint);
    expect(ciResults).toHaveLength(2);
    expect(ciResults[0].partialFingerprints['aisaKeyLocation/v1']).not.toBe(ciResults[1].partialFingerprints['aisaKeyLocation/v1']);
  });

  it('never carries the key, not even under --no-redact', () => {
    const result = historyFixture();
    const key = fakeKey('ci-token');
    for (const f of result.findings) {
      if (f.fingerprint === result.findings[4].fingerprint) {
        f.secret = key;
        f.snippet = f.snippet.replace(f.redacted, key);
      }
    }
    const out = sarifReporter(result, context);
    expect(out).not.toContain(key.slice(8));
  });
});
