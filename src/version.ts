import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Read from package.json at run time: works from src/ under vitest and from dist/src/ once built. */
function findVersion(): string {
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      const pkg = require(candidate) as { name?: string; version?: string };
      if (pkg.name === 'aisa-guard' && pkg.version) return pkg.version;
    } catch {
      // try the next layout
    }
  }
  return '0.0.0';
}

export const VERSION = findVersion();
