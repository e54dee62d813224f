// Real git repositories in temp dirs for the rules that ask git.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A temp folder holding `files`; a git repository (files committed when `commit` lists them) unless `git` is false. */
export function makeRepo(files: Record<string, string>, options: { git?: boolean; commit?: string[] } = {}): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aisa-guard-rules-')));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  if (options.git === false) return dir;
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'commit.gpgsign', 'false');
  if (options.commit?.length) {
    git(dir, 'add', '-f', '--', ...options.commit);
    git(dir, 'commit', '-q', '-m', 'fixture');
  }
  return dir;
}
