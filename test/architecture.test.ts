// The module graph stays clean: imports point down the layers (front doors → commands → pipeline and
// settings → sources → git and detect → shared types), there are no cycles, and command modules stay short.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Lower numbers are lower layers; a module may import its own layer or below. */
const LAYERS: [RegExp, number][] = [
  [/^src\/(types|errors|words|version)\.ts$/, 0],
  [/^src\/(detect|decoders|git)\//, 1],
  [/^src\/(config|containers|report|respond)\//, 2],
  // The one scanner every source hands its fragments to: above the containers and the detector it drives.
  [/^src\/engine\//, 2.5],
  [/^src\/sources\//, 3],
  [/^src\/(settings\/|filter\.ts|progress\.ts)/, 4],
  [/^src\/(pipeline\.ts|hooks\/|server\/|purge\/)/, 5],
  [/^src\/commands\//, 6],
  [/^(src\/(cli|index)\.ts|rules\/)/, 7],
];

function files(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const relative = `${dir}/${name}`;
    return statSync(path.join(ROOT, relative)).isDirectory() ? files(relative) : relative.endsWith('.ts') ? [relative] : [];
  });
}

const layerOf = (file: string) => LAYERS.find(([pattern]) => pattern.test(file))?.[1];

/** Value imports (static and dynamic) between our own modules; `import type` erases at build time. */
function imports(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const found = [...text.matchAll(/^(?:import|export)\s+(?!type\b)[^'";]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/gm)];
  return found.map((m) => path.posix.normalize(path.posix.join(path.posix.dirname(file), (m[1] ?? m[2]).replace(/\.js$/, '.ts'))));
}

const MODULES = [...files('src'), ...files('rules')];
const GRAPH = new Map(MODULES.map((file) => [file, imports(file)]));

describe('module graph', () => {
  it('every module has a layer', () => {
    expect(MODULES.filter((file) => layerOf(file) === undefined)).toEqual([]);
  });

  it('no import runs back up a layer', () => {
    const upward = [...GRAPH].flatMap(([file, targets]) =>
      targets.filter((target) => (layerOf(target) ?? 0) > (layerOf(file) ?? 0)).map((target) => `${file} → ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it('no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const target of GRAPH.get(file) ?? []) visit(target, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of GRAPH.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('git is started only through src/git (gitCommand: one place for its argv and environment)', () => {
    const spawning = MODULES.filter((file) => /from 'node:child_process'/.test(readFileSync(path.join(ROOT, file), 'utf8')));
    // rules/ is built into the plugin package apart from src/git; src/hooks/install.ts starts husky's own CLI, not git.
    expect(spawning.filter((file) => !file.startsWith('src/git/')).sort()).toEqual(['rules/git-status.ts', 'src/hooks/install.ts']);
    expect(readFileSync(path.join(ROOT, 'rules/git-status.ts'), 'utf8')).toMatch(/gitCommand\(args\)/);
    expect(readFileSync(path.join(ROOT, 'src/hooks/install.ts'), 'utf8')).not.toMatch(/spawnSync\('git'/);
  });

  it('command modules stay short (under ~60 lines)', () => {
    const long = files('src/commands').filter((file) => readFileSync(path.join(ROOT, file), 'utf8').split('\n').length > 65);
    expect(long).toEqual([]);
  });
});
