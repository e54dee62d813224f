// GitHub Actions workflow commands: escaping exactly as the runner unescapes, and the job summary
// appended (never overwritten) to $GITHUB_STEP_SUMMARY.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { githubReporter } from '../../src/report/github.js';
import { workflowData as escapeData, workflowProperty as escapeProperty } from '../../src/report/escape.js';
import { scanText } from '../../src/detect/index.js';
import { fakeKey } from '../helpers/keys.js';
import { runCli } from '../helpers/run-cli.js';
import { cleanup, tempDir } from '../helpers/git.js';

const context = { command: 'scan', root: '/r', color: false, version: '0' };

describe('github workflow commands', () => {
  it('escapes % in messages, and also : and , in properties; CR and LF never reach the log raw', () => {
    expect(escapeData('100% done\r\nnext: a,b')).toBe('100%25 done\\r\\nnext: a,b');
    expect(escapeProperty('dir:a,b/50%\nx')).toBe('dir%3Aa%2Cb/50%25\\nx');
  });

  it('one ::error per high-confidence finding with file, line, col and endColumn; ::warning for variants', () => {
    const key = fakeKey('gh-1');
    const variant = 'sk-aisa-' + fakeKey('gh-2').slice(8, 44);
    const findings = [
      ...scanText(`a\nconst k = "${key}";\n`, { file: 'weird, name:1.ts' }),
      ...scanText(`x ${variant}\n`, { file: 'notes.md' }),
    ];
    const out = githubReporter({ findings, stats: { files: 2, bytes: 1, ms: 1 }, warnings: [] }, context).split('\n');
    expect(out[0]).toBe(
      `::error file=weird%2C name%3A1.ts,line=2,col=12,endColumn=63,title=AIsa API key (aisa-api-key)::AIsa API key ${findings[0].redacted}. Fingerprint ${findings[0].fingerprint}.`,
    );
    expect(out[1]).toMatch(/^::warning file=notes\.md,line=1,col=3,endColumn=\d+,title=Possible AIsa API key \(aisa-api-key-variant\)::/);
    expect(out.join('\n')).not.toContain(key.slice(8));
  });

  it('appends the Markdown summary to $GITHUB_STEP_SUMMARY through the CLI', () => {
    const dir = tempDir();
    try {
      writeFileSync(path.join(dir, 'app.ts'), `const k = "${fakeKey('gh-summary')}";\n`);
      const summary = path.join(dir, 'summary.md');
      writeFileSync(summary, '# earlier step\n');
      const run = runCli(['scan', path.join(dir, 'app.ts'), '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^::error file=/);
      const text = readFileSync(summary, 'utf8');
      expect(text.startsWith('# earlier step\n## aisa-guard\n\n❌ 1 AIsa key found in 1 file.\n')).toBe(true);
      expect(text).toContain('| aisa-api-key | `sk-aisa-');
      // Other formats leave the summary alone.
      runCli(['scan', path.join(dir, 'app.ts'), '--format', 'json'], { env: { GITHUB_STEP_SUMMARY: summary } });
      expect(readFileSync(summary, 'utf8')).toBe(text);
    } finally {
      cleanup(dir);
    }
  });
});
