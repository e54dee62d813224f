// The rules ask git about env files once per repository and lint run, not once per file: a `git` on PATH
// that logs its arguments, 24 env files in 8 folders, one ESLint run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { makeRepo } from './git-repo.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

it('one `git ls-files` answers for every env file of a lint run; no `git check-ignore` per file', () => {
  const files: Record<string, string> = {
    'package.json': '{ "type": "module" }',
    '.gitignore': 'node_modules\n.env.local\n',
    'eslint.config.js': "import aisaGuard from 'eslint-plugin-aisa-guard';\n\nexport default [...aisaGuard.configs.recommended];\n",
  };
  for (let folder = 0; folder < 8; folder++) {
    for (const name of ['.env', '.env.local', '.env.production']) files[`apps/app-${folder}/${name}`] = 'A=1\n';
  }
  const dir = makeRepo(files, { commit: ['.gitignore', 'apps/app-0/.env'] });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const bin = path.join(dir, '.bin');
  const log = path.join(dir, 'git-calls.log');
  const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${realGit}' "$@"\n`, { mode: 0o755 });
  try {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', 'apps'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` },
    });
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    const reported = results.filter((r) => r.messages.some((m) => m.ruleId === 'aisa-guard/no-unignored-env-file'));
    // Tracked: apps/app-0/.env; not ignored: the other seven .env and all eight .env.production.
    expect(results).toHaveLength(24);
    expect(reported.map((r) => path.relative(dir, r.filePath)).sort()).toEqual(
      [...Array(8).keys()].flatMap((i) => [`apps/app-${i}/.env`, `apps/app-${i}/.env.production`]).sort(),
    );
    const calls = fs.readFileSync(log, 'utf8').trim().split('\n');
    expect(calls.filter((call) => call.includes(' ls-files '))).toHaveLength(1);
    expect(calls.filter((call) => call.includes('check-ignore'))).toEqual([]);
    expect(calls.length).toBeLessThanOrEqual(1 + 9); // the listing, and one `rev-parse` per folder at most
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
