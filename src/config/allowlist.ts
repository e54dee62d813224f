// Config `ignore` globs as a path test. Finding paths are relative to the scan root; the globs are
// relative to the config file's folder, so each path is re-based before matching.
import path from 'node:path';
import ignore from 'ignore';

export function pathIgnorer(globs: readonly string[], configDir: string, root: string): ((file: string) => boolean) | undefined {
  if (!globs.length) return undefined;
  const matcher = ignore().add([...globs]);
  return (file) => {
    const relative = path.relative(configDir, path.resolve(root, file)).split(path.sep).join('/');
    // Outside the config's folder (or a git object name): the globs do not speak about it.
    if (!relative || relative.startsWith('../') || path.isAbsolute(relative)) return false;
    return matcher.ignores(relative);
  };
}
