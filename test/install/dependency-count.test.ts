// Issue 22: the README's count of what `npm i aisa-guard` installs matches the lockfile's runtime tree.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** aisa-guard plus every package its dependencies pull in, from package-lock.json. */
function runtimePackages(): Set<string> {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dependencies?: Record<string, string> }> };
  const seen = new Set<string>(['aisa-guard']);
  const queue = Object.keys(lock.packages[''].dependencies ?? {});
  while (queue.length) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    queue.push(...Object.keys(lock.packages[`node_modules/${name}`]?.dependencies ?? {}));
  }
  return seen;
}

describe('README dependency count', () => {
  it('says how many packages the CLI installs, as the lockfile has it', () => {
    const count = runtimePackages().size;
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(new RegExp(`install ${count} packages \\(aisa-guard,`));
  });
});
