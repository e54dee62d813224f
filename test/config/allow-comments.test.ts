// Inline `aisa-guard:allow` comments in the comment styles people use, on the key's line or the line
// above (never further), counted as suppressed in the text summary and the JSON stats.
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fakeKey } from '../helpers/keys.js';
import { runCli } from '../helpers/run-cli.js';
import { cleanup, tempDir } from '../helpers/git.js';

const dir = tempDir();
afterAll(() => cleanup(dir));

const k = (seed: string) => fakeKey(`allow-${seed}`);
const FILES: Record<string, string> = {
  'same-line.sh': `AISA_API_KEY=${k('1')} # aisa-guard:allow\n`,
  'line-above.sh': `# aisa-guard:allow revoked on 2024-05-01\nAISA_API_KEY=${k('2')}\n`,
  'same-line.ts': `const key = "${k('3')}"; // aisa-guard:allow\n`,
  'line-above.ts': `// aisa-guard:allow test fixture\nconst key = "${k('4')}";\n`,
  'same-line.html': `<meta name="key" content="${k('5')}"> <!-- aisa-guard:allow -->\n`,
  'line-above.md': `<!-- aisa-guard:allow -->\n    ${k('6')}\n`,
  'two-lines-above.ts': `// aisa-guard:allow\n\nconst key = "${k('7')}";\n`,
  'line-below.ts': `const b = "${k('9')}";\n// aisa-guard:allow\n`,
  'trailing-above.ts': `const a = "${k('10')}"; // aisa-guard:allow\nconst b = "${k('11')}";\n`,
};
for (const [name, content] of Object.entries(FILES)) writeFileSync(path.join(dir, name), content);

describe('aisa-guard:allow comments', () => {
  it('suppress the same line and the line above in #, // and <!-- --> comments, nothing else', () => {
    const run = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`)).toEqual([
      'line-below.ts:1',
      'trailing-above.ts:2',
      'two-lines-above.ts:3',
    ]);
    expect(report.stats.suppressed).toBe(7);
  });

  it('are counted in the text summary', () => {
    const run = runCli(['scan', '.'], { cwd: dir });
    expect(run.stdout).toMatch(/✖ 3 AIsa keys found in 9 files \(.*\); 7 suppressed\.\n/);
  });

  it('are counted when nothing is left to report', () => {
    const run = runCli(['scan', path.join(dir, 'same-line.sh'), path.join(dir, 'line-above.md')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^✔ 0 AIsa keys found in 2 files \(.*\); 2 suppressed\.\n$/);
  });
});
