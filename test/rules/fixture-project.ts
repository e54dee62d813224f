// Builds fixtures/eslint-project into a temp git repository (see its README for the naming rules).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fakeKey } from '../helpers/keys.js';
import { git } from './git-repo.js';

const SOURCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/eslint-project');

/** Key text for a `{{KEY:name}}` / `{{BODY:name}}` token. */
export function fixtureValue(kind: 'KEY' | 'BODY', name: string): string {
  const key = fakeKey(`eslint-project:${name}`);
  return kind === 'KEY' ? key : key.slice('sk-aisa-'.length);
}

export function buildFixtureProject(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aisa-guard-eslint-project-')));
  for (const entry of fs.readdirSync(SOURCE, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name === 'README.md') continue;
    const from = path.join(entry.parentPath, entry.name);
    const relative = path.relative(SOURCE, from).split(path.sep);
    const target = relative.map((part) => part.replace(/^_/, '.').replace(/\.tmpl$/, ''));
    const text = fs
      .readFileSync(from, 'utf8')
      .replace(/\{\{(KEY|BODY):([\w-]+)\}\}/g, (_, kind: 'KEY' | 'BODY', name: string) => fixtureValue(kind, name));
    fs.mkdirSync(path.join(dir, ...target.slice(0, -1)), { recursive: true });
    fs.writeFileSync(path.join(dir, ...target), text);
  }
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'add', '-A');
  git(dir, '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'fixture project');
  return dir;
}
