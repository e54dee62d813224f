// This checkout as a git repository of its own: the committed files plus the working tree's changes
// (tracked and new, not ignored), so install tests exercise exactly the code under test.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { git, gitEnv, tempDir } from '../helpers/git.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function snapshotRepo(): { dir: string; rev: string } {
  const dir = tempDir('aisa-guard-clone-');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    const from = path.join(ROOT, file);
    if (!existsSync(from) || !lstatSync(from).isFile()) continue;
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    copyFileSync(from, path.join(dir, file));
  }
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'snapshot']);
  return { dir, rev: git(dir, ['rev-parse', 'HEAD']) };
}

/** npm from its cache where it can (the registry only for what the cache lacks). */
export const npmEnv = (extra: NodeJS.ProcessEnv = {}) =>
  gitEnv({ npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', ...extra });
