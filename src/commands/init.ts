import path from 'node:path';
import { EXIT, OperationalError, messageOf } from '../errors.js';
import { printable } from '../report/escape.js';
import type { Command } from './types.js';

export const initCommand: Command = {
  name: 'init',
  summary: 'install the pre-commit and pre-push hooks (git hooks or husky)',
  usage: `aisa-guard init [--husky] [--check] [--repo DIR]

Installs a pre-commit hook (aisa-guard staged) and a pre-push hook (aisa-guard pre-push), then checks
that git will run them. With husky (a .husky folder, husky in package.json, or --husky) the commands
are added to .husky/pre-commit and .husky/pre-push, and husky is initialised when git does not run
its hooks yet. Otherwise hooks are written to the folder git uses (core.hooksPath is honoured); a hook
already there is kept, renamed <hook>.aisa-guard-chained and run first. Running init again changes
nothing. Nothing is written through a symbolic link or outside the repository (except a global
core.hooksPath you set).

The hooks call the project's installed CLI directly (node_modules/.bin/aisa-guard of the package you
run init in, e.g. web/ in a monorepo; never one whose node_modules git tracks), else the CLI that ran
init, else aisa-guard on PATH. $AISA_GUARD_BIN (a command line) overrides all. A clean commit prints
nothing.

Options:
      --check             only report, per hook, whether git will run aisa-guard and why (exit 2 if not)
      --husky             add the commands to husky's hook files
      --repo DIR          the repository (default: the current directory)
      --server DIR        install the pre-receive hook of the bare repository DIR instead (--force: replace a foreign one)`,
  maxPositionals: 0,
  options: {
    husky: { type: 'boolean' },
    check: { type: 'boolean' },
    repo: { type: 'string' },
    server: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(values) {
    if (values.server !== undefined) return (await import('../server/install.js')).initServer(values.server as string, values.force === true);
    const cwd = path.resolve((values.repo as string | undefined) ?? '.');
    const [{ installHooks }, { checkHooks }] = await Promise.all([import('../hooks/install.js'), import('../hooks/check.js')]);
    try {
      if (values.check !== true) {
        const result = await installHooks({ cwd, husky: values.husky === true });
        for (const { hook, file, action, chainedTo } of result.hooks) {
          const relative = path.relative(result.root, file);
          const shown = relative && !relative.startsWith('..') ? relative : file;
          const kept = chainedTo ? ` (your hook was kept as ${path.basename(chainedTo)} and runs first)` : '';
          process.stdout.write(`${hook}: ${action} ${printable(shown)}${kept}\n`);
        }
        if (result.huskyInitialised) process.stdout.write(`husky: ${result.huskyInitialised}\n`);
        if (result.mode === 'husky') process.stdout.write('husky: make sure "husky" runs in your "prepare" script.\n');
      }
      let active = true;
      for (const status of await checkHooks(cwd)) {
        active &&= status.active;
        process.stdout.write(`${status.hook}: ${status.active ? 'active' : 'not active'}, because ${printable(status.reason)}\n`);
      }
      return active ? EXIT.clean : EXIT.error;
    } catch (error) {
      if (error instanceof OperationalError || !(error as NodeJS.ErrnoException).code) throw error;
      throw new OperationalError(`cannot install hooks: ${messageOf(error)}`);
    }
  },
};
