import path from 'node:path';
import { EXIT, OperationalError, messageOf } from '../errors.js';
import type { Command } from './types.js';

export const initCommand: Command = {
  name: 'init',
  summary: 'install the pre-commit and pre-push hooks (git hooks or husky)',
  usage: `aisa-guard init [--husky] [--repo DIR]

Installs a pre-commit hook (aisa-guard staged) and a pre-push hook (aisa-guard pre-push).
With husky (a .husky folder, husky in package.json, or --husky) the commands are added to
.husky/pre-commit and .husky/pre-push. Otherwise hooks are written to the folder git uses
(core.hooksPath is honoured); a hook already there is kept, renamed <hook>.aisa-guard-chained and
run first. Running init again changes nothing.

The hooks look for the CLI in $AISA_GUARD_BIN (a command line such as "node /path/to/cli.js"),
then node_modules/.bin/aisa-guard, then aisa-guard on PATH, then npx --no-install aisa-guard.

Options:
      --husky             add the commands to husky's hook files
      --repo DIR          the repository (default: the current directory)`,
  maxPositionals: 0,
  options: {
    husky: { type: 'boolean' },
    repo: { type: 'string' },
  },
  async run(values) {
    const cwd = path.resolve((values.repo as string | undefined) ?? '.');
    const { installHooks } = await import('../hooks/install.js');
    let result;
    try {
      result = await installHooks({ cwd, husky: values.husky === true });
    } catch (error) {
      if (error instanceof OperationalError || !(error as NodeJS.ErrnoException).code) throw error;
      throw new OperationalError(`cannot install hooks: ${messageOf(error)}`);
    }
    for (const { hook, file, action, chainedTo } of result.hooks) {
      const shown = path.relative(result.root, file) || file;
      const kept = chainedTo ? ` (your hook was kept as ${path.basename(chainedTo)} and runs first)` : '';
      process.stdout.write(`${hook}: ${action} ${shown}${kept}\n`);
    }
    if (result.mode === 'husky') process.stdout.write('husky: make sure "husky" runs in your "prepare" script.\n');
    return EXIT.clean;
  },
};
