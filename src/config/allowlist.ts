// Config `ignore` globs as a path test. Finding paths are relative to the scan root; the globs are
// relative to the config file's folder, so each path is re-based before matching.
import { createRequire } from 'node:module';
import path from 'node:path';
import type ignoreFactory from 'ignore';

// Loaded only when a config has ignore globs: most runs never need it.
const require = createRequire(import.meta.url);

export function pathIgnorer(globs: readonly string[], configDir: string, root: string): ((file: string) => boolean) | undefined {
  if (!globs.length) return undefined;
  const ignore = require('ignore') as typeof ignoreFactory;
  const matcher = ignore().add([...globs]);
  return (file) => {
    const relative = path.relative(configDir, path.resolve(root, file)).split(path.sep).join('/');
    // Outside the config's folder (or a git object name): the globs do not speak about it.
    if (!relative || relative.startsWith('../') || path.isAbsolute(relative)) return false;
    return matcher.ignores(relative);
  };
}
