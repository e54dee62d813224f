import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The plugin's own version: from its package once packed (dist/rules/), from the repository under vitest. */
function findVersion(): string {
  for (const candidate of ['../../package.json', '../package.json']) {
    try {
      const pkg = require(candidate) as { name?: string; version?: string };
      if ((pkg.name === 'eslint-plugin-aisa-guard' || pkg.name === 'aisa-guard') && pkg.version) return pkg.version;
    } catch {
      // try the next layout
    }
  }
  return '0.0.0';
}

export const VERSION = findVersion();
