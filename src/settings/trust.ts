// Range scans (`history --range A..B`, the Action on a pull request): the repository's config and
// baseline are read from the base revision A through git, so the change under review cannot accept its
// own key by editing them. When B's config differs, the output says which one was used.
import path from 'node:path';
import { Git, readBlobs } from '../git/index.js';
import { parseBaseline, readBaseline, type Baseline } from '../config/baseline.js';
import type { LoadedConfig } from '../config/types.js';
import { CONFIG_FILES, configFromRevision } from './config-file.js';

export interface Revisions {
  base: string;
  head: string;
}

export async function configAtBase(root: string, revisions: Revisions, warnings: string[]): Promise<LoadedConfig> {
  const git = new Git(root);
  const names = (rev: string) => CONFIG_FILES.map((name) => `${rev}:${name}`);
  const blobs = await readBlobs(git, [...names(revisions.base), ...names(revisions.head)]);
  const texts = blobs.map((blob) => blob?.toString('utf8'));
  const [base, head] = [texts.slice(0, CONFIG_FILES.length), texts.slice(CONFIG_FILES.length)];
  if (base.some((text, i) => text !== head[i])) {
    warnings.push(
      `the repository config at ${revisions.head.slice(0, 12)} differs from the base revision ${revisions.base.slice(0, 12)}: ` +
        "using the base revision's (a change cannot accept its own keys)",
    );
  }
  return configFromRevision(root, revisions.base, base);
}

/** `--baseline FILE` inside the repository: the base revision's copy; outside it: the file on disk. */
export async function baselineAtBase(file: string, root: string, revisions: Revisions, warnings: string[]): Promise<Baseline> {
  const relative = path.relative(root, path.resolve(file));
  if (relative.startsWith('..') || path.isAbsolute(relative)) return readBaseline(file);
  const [blob] = await readBlobs(new Git(root), [`${revisions.base}:${relative.split(path.sep).join('/')}`]);
  if (!blob) {
    warnings.push(`--baseline ${file}: not in the base revision ${revisions.base.slice(0, 12)}: nothing is accepted from it`);
    return new Set();
  }
  return parseBaseline(blob.toString('utf8'), `${file} (at ${revisions.base.slice(0, 12)})`);
}
