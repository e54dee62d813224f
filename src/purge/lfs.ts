// Git LFS keeps file contents outside git's objects (`.git/lfs/objects`, the LFS server); history holds
// only small pointer files. git-filter-repo rewrites git objects, so purge neither scans nor rewrites
// LFS content: it says so and stops, unless told (--ignore-lfs) to purge the git side only.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Git } from '../git/index.js';

/** How the repository uses LFS ("a .gitattributes routes files to it", "objects in …"), or undefined. */
export async function lfsUse(git: Git, gitDir: string): Promise<string | undefined> {
  const signs: string[] = [];
  const attributes = await git.run(['log', '--all', '-n', '1', '--format=%H', '-G', 'filter=lfs', '--', ':(glob)**/.gitattributes']);
  if (attributes.code === 0 && attributes.stdout.toString('utf8').trim()) signs.push('a .gitattributes in its history sends files to LFS (filter=lfs)');
  const objects = path.join(gitDir, 'lfs', 'objects');
  if (existsSync(objects) && readdirSync(objects).length) signs.push(`it holds LFS objects in ${objects}`);
  return signs.length ? signs.join('; ') : undefined;
}

export async function lfsInstalled(git: Git): Promise<boolean> {
  return (await git.run(['lfs', 'version'])).code === 0;
}

/** Why purge stops on an LFS repository, and what to do: one line. */
export function lfsRefusal(use: string, installed: boolean): string {
  const tool = installed ? '' : ' (git-lfs is not installed here either: Debian/Ubuntu: apt-get install git-lfs)';
  return (
    `this repository uses Git LFS: ${use}. purge rewrites git objects only: LFS pointers would stay as they are and LFS objects ` +
    `would be neither scanned nor rewritten${tool}. Check the LFS content first (git lfs fetch --all; aisa-guard scan .git/lfs/objects; ` +
    'a key there needs git lfs migrate), then run purge again with --ignore-lfs to purge the git side'
  );
}

export const LFS_IGNORED = '--ignore-lfs: LFS pointers and LFS objects are left as they are (not scanned, not rewritten)';
