// `aisa-guard init --server DIR`: the pre-receive hook of a bare (server) repository. The hook runs the
// CLI that ran init, by absolute paths (a git daemon's PATH is often bare), unless $AISA_GUARD_BIN is
// set in the server's environment. A hook that is not ours is never overwritten without --force (then
// it is kept beside, renamed), and nothing is written through a symbolic link.
import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { chmod, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OperationalError } from '../errors.js';
import { openRepo, runGit } from '../git/index.js';
import { printable } from '../report/escape.js';

export const SERVER_HOOK_MARKER = 'written by "aisa-guard init --server"';
export const REPLACED_SUFFIX = '.before-aisa-guard';

export interface ServerInstall {
  file: string;
  action: 'installed' | 'updated' | 'unchanged' | 'replaced';
  /** With --force, where the hook that was there now is. */
  keptAs?: string;
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export function serverHookScript(node: string, cli: string | undefined): string {
  const run = cli ? `exec ${quote(node)} ${quote(cli)} pre-receive` : 'exec aisa-guard pre-receive';
  return `#!/bin/sh
# aisa-guard pre-receive hook, ${SERVER_HOOK_MARKER}. Run init --server again to update it.
# Policy (allow-list, push option, time budget, log): git config aisa-guard.* of this repository;
# see "aisa-guard pre-receive --help".
if [ -n "\${AISA_GUARD_BIN:-}" ]; then
  eval "exec $AISA_GUARD_BIN pre-receive"
fi
${run}
`;
}

export async function installServerHook(dir: string, force: boolean): Promise<ServerInstall> {
  const repo = await openRepo(dir);
  if (!repo.bare) {
    throw new OperationalError(`${dir} is not a bare repository: --server installs the pre-receive hook of a server repository (for a clone, run "aisa-guard init")`);
  }
  const hooks = await runGit(repo.gitDir, ['rev-parse', '--git-path', 'hooks'], '', { keepHooksPath: true });
  const hooksDir = path.resolve(repo.gitDir, hooks.stdout.toString('utf8').trim() || 'hooks');
  const file = path.join(hooksDir, 'pre-receive');
  const script = serverHookScript(process.execPath, runningCli());
  const existing = lstatSync(file, { throwIfNoEntry: false });
  if (existing?.isSymbolicLink()) throw new OperationalError(`${file} is a symbolic link: not writing through it (remove it first)`);
  if (!lstatSync(hooksDir, { throwIfNoEntry: false })?.isDirectory()) throw new OperationalError(`${hooksDir}: no hooks folder`);
  let action: ServerInstall['action'] = 'installed';
  let keptAs: string | undefined;
  if (existing) {
    const text = readFileSync(file, 'utf8');
    if (text === script) return { file, action: 'unchanged' };
    if (text.includes(SERVER_HOOK_MARKER)) action = 'updated';
    else if (!force) throw new OperationalError(`${file} already exists and is not aisa-guard's: not overwriting it (run it from yours, or use --force to replace it; it is then kept as pre-receive${REPLACED_SUFFIX})`);
    else {
      keptAs = file + REPLACED_SUFFIX;
      await rename(file, keptAs);
      action = 'replaced';
    }
  }
  const temporary = `${file}.aisa-guard-${process.pid}`;
  await writeFile(temporary, script, { mode: 0o755, flag: 'wx' });
  await chmod(temporary, 0o755);
  await rename(temporary, file);
  return { file, action, keptAs };
}

function runningCli(): string | undefined {
  try {
    const file = realpathSync(process.argv[1] ?? '');
    return file.includes(`${path.sep}_npx${path.sep}`) ? undefined : file;
  } catch {
    return undefined;
  }
}

/** What `init --server` prints: what it did, and how to set the policy. */
export async function initServer(dir: string, force: boolean): Promise<number> {
  const { file, action, keptAs } = await installServerHook(dir, force);
  const kept = keptAs ? ` (the hook that was there is kept as ${path.basename(keptAs)} and no longer runs)` : '';
  process.stdout.write(`pre-receive: ${action} ${printable(file)}${kept}\n`);
  process.stdout.write('policy: git config aisa-guard.allow / allowPushOption / timeout / onTimeout / log (see "aisa-guard pre-receive --help")\n');
  return 0;
}
