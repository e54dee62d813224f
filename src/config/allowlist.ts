// Config `ignore` globs as a path test. Finding paths are relative to the scan root; the globs are
// relative to the config file's folder, so each path is re-based before matching.
import { createRequire } from 'node:module';
import path from 'node:path';
import type ignoreFactory from 'ignore';
import type { Ignore } from 'ignore';
import { UsageError } from '../errors.js';

// Loaded only when a config has ignore globs: most runs never need it.
const require = createRequire(import.meta.url);

/**
 * `ignore` turns each `**` into a regex group that backtracks against the path's folders: a pattern with
 * k of them costs about depth^k per path (`a/**` ×6 + `b` against a 60-deep path: 2.3 s; ×7: 18 s). The
 * config comes from the scanned repository, so the cost is bounded here: at most MAX_GLOBSTARS `**` and
 * MAX_GLOB_LENGTH characters per pattern, refused otherwise with a one-line config error.
 */
export const MAX_GLOBSTARS = 3;
export const MAX_GLOB_LENGTH = 256;

/** Why a glob is refused, or undefined when it is cheap to match. */
export function globTooComplex(glob: string): string | undefined {
  if (glob.length > MAX_GLOB_LENGTH) return `is longer than ${MAX_GLOB_LENGTH} characters`;
  const globstars = glob.split('**').length - 1;
  if (globstars > MAX_GLOBSTARS) return `has ${globstars} "**" (at most ${MAX_GLOBSTARS}: more can take minutes to match)`;
  return undefined;
}

/** The globs compiled once (one matcher per scan, shared by the walk and the filter). */
export function compileGlobs(globs: readonly string[]): Ignore {
  for (const glob of globs) {
    const reason = globTooComplex(glob);
    if (reason) throw new UsageError(`config "ignore" pattern ${JSON.stringify(glob.length > 60 ? `${glob.slice(0, 60)}…` : glob)} ${reason}`);
  }
  const ignore = require('ignore') as typeof ignoreFactory;
  return ignore().add([...globs]);
}

const compiled = new WeakMap<readonly string[], Ignore>();

/** One matcher per glob list, however many places ask for it. */
export function matcherFor(globs: readonly string[]): Ignore {
  let matcher = compiled.get(globs);
  if (!matcher) compiled.set(globs, (matcher = compileGlobs(globs)));
  return matcher;
}

export function pathIgnorer(globs: readonly string[], configDir: string, root: string): ((file: string) => boolean) | undefined {
  if (!globs.length) return undefined;
  const matcher = matcherFor(globs);
  return (file) => {
    const relative = path.relative(configDir, path.resolve(root, file)).split(path.sep).join('/');
    // Outside the config's folder (or a git object name): the globs do not speak about it.
    if (!relative || relative.startsWith('../') || path.isAbsolute(relative)) return false;
    return matcher.ignores(relative);
  };
}
