// Real projects from the templates people start from (create-vite, create-vue, sv, create-next-app, a
// minimal Astro project), each with the packed plugin added as the README says, linted with the project's
// own ESLint. A template is made with its CLI, non-interactively (no git, no install), then installed
// once and cached by its CLI's version under the machine's test cache (beside the bundler tests' installs,
// so a fresh clone reuses it; or $AISA_GUARD_TEMPLATE_CACHE): reruns only copy it and unpack this build's
// `npm pack` of the plugin.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { git } from '../git-repo.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CACHE =
  process.env.AISA_GUARD_TEMPLATE_CACHE ||
  path.join(process.env.AISA_GUARD_TEST_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? os.tmpdir(), 'aisa-guard-test-cache'), 'templates');
const PLUGIN_DIR = path.join(ROOT, 'packages/eslint-plugin-aisa-guard');
export const INSTALL_TIMEOUT = 600_000;

export interface TemplateSpec {
  /** Names the cache entry, with the CLI's pinned version in it (`create-vue@3.24.0`). */
  name: string;
  /** Makes the project in `dir` (empty): the template's CLI, or its files when the CLI needs more than npm. */
  create(dir: string): void;
  /** Changes to package.json before install (TypeScript pinned ~5.9, the ESLint major under test). */
  devDependencies?: Record<string, string>;
  /** The project's config file and the text the README's line is inserted before (searched from the end). */
  config: { file: string; before: string };
}

export interface LintMessage {
  ruleId: string | null;
  line: number;
  column: number;
  message: string;
  fatal?: boolean;
}

/** npm as a user runs it: none of an outer `npm test`'s settings leak in. */
export function npm(cwd: string, ...args: string[]): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return execFileSync('npm', ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...args], {
    cwd,
    env: { ...env, CI: '1' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: INSTALL_TIMEOUT,
  });
}

/** The template, installed, with the plugin's dependencies: made once per spec and plugin dependency set. */
function cachedTemplate(spec: TemplateSpec): string {
  const pluginPackage = fs.readFileSync(path.join(PLUGIN_DIR, 'package.json'), 'utf8');
  const deps = JSON.stringify([JSON.parse(pluginPackage).dependencies, spec.devDependencies, spec.create.toString()]);
  const key = `${spec.name.replace(/[^\w.@-]/g, '_')}-${createHash('sha256').update(deps).digest('hex').slice(0, 12)}`;
  const base = path.join(CACHE, key);
  if (fs.existsSync(path.join(base, '.complete'))) return base;

  fs.mkdirSync(CACHE, { recursive: true });
  const building = fs.mkdtempSync(path.join(CACHE, `${key}.building-`));
  try {
    spec.create(building);
    const pkgFile = path.join(building, 'package.json');
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { devDependencies?: Record<string, string> };
    pkg.devDependencies = { ...pkg.devDependencies, ...spec.devDependencies };
    fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
    // The plugin goes in as a user installs it (its dependencies from the registry); each run then unpacks
    // that run's build over it.
    npm(building, 'install', '--save-dev', packPlugin(building));
    fs.writeFileSync(path.join(building, '.complete'), '');
  } catch (error) {
    fs.rmSync(building, { recursive: true, force: true });
    throw error;
  }
  fs.rmSync(base, { recursive: true, force: true });
  fs.renameSync(building, base);
  return base;
}

/** `npm pack` of the plugin workspace (built by `npm run build`) into `dir`; the tarball's path. */
function packPlugin(dir: string): string {
  if (!fs.existsSync(path.join(PLUGIN_DIR, 'dist/rules/index.js'))) throw new Error('build first (npm run build): the packed plugin ships dist/');
  const out = npm(ROOT, 'pack', '--ignore-scripts', '--pack-destination', dir, '--workspace', 'packages/eslint-plugin-aisa-guard');
  return path.join(dir, out.trim().split('\n').at(-1)!);
}

export interface Project {
  dir: string;
  /** Writes files (parents created); `{{KEY}}`-free: the caller puts generated keys in. */
  write(files: Record<string, string>): void;
  /** Adds `import aisaGuard …` and `...aisaGuard.configs.recommended,` to the project's own config. */
  addReadmeLine(): void;
  /** `eslint --format json .` with the project's ESLint: every linted file with its messages. */
  lint(args?: string[]): { results: Map<string, LintMessage[]>; stderr: string; status: number | null };
  remove(): void;
}

/** A fresh git work tree of the template (its files committed), node_modules linked to the cached install. */
export function templateProject(spec: TemplateSpec): Project {
  const base = cachedTemplate(spec);
  const tarball = packPlugin(fs.mkdtempSync(path.join(os.tmpdir(), 'aisa-guard-pack-')));
  const installed = path.join(base, 'node_modules/eslint-plugin-aisa-guard');
  fs.rmSync(installed, { recursive: true, force: true });
  fs.mkdirSync(installed);
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  fs.rmSync(path.dirname(tarball), { recursive: true, force: true });

  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aisa-guard-template-')));
  fs.cpSync(base, dir, { recursive: true, filter: (from) => !/[\\/](node_modules|\.complete|\.eslintcache)$/.test(from) || from === base });
  fs.symlinkSync(path.join(base, 'node_modules'), path.join(dir, 'node_modules'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'add', '-A');
  git(dir, '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'template');

  const eslintBin = path.join(dir, 'node_modules/eslint/bin/eslint.js');
  return {
    dir,
    write(files) {
      for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
      }
    },
    addReadmeLine() {
      const file = path.join(dir, spec.config.file);
      const text = fs.readFileSync(file, 'utf8');
      const at = text.lastIndexOf(spec.config.before);
      if (at === -1) throw new Error(`${spec.config.file}: no ${JSON.stringify(spec.config.before)} to add the plugin before`);
      const head = text.slice(0, at).trimEnd();
      const comma = /[,([]$/.test(head) ? '' : ',';
      const withLine = `${head}${comma}\n  ...aisaGuard.configs.recommended,${text.slice(at)}`;
      fs.writeFileSync(file, `import aisaGuard from 'eslint-plugin-aisa-guard';\n${withLine}`);
    },
    lint(args = []) {
      const run = spawnSync(process.execPath, [eslintBin, '--format', 'json', ...args, '.'], { cwd: dir, encoding: 'utf8', timeout: INSTALL_TIMEOUT });
      const parsed = run.stdout ? (JSON.parse(run.stdout) as { filePath: string; messages: LintMessage[] }[]) : [];
      const results = new Map(parsed.map((r) => [path.relative(dir, r.filePath).split(path.sep).join('/'), r.messages]));
      return { results, stderr: run.stderr, status: run.status };
    },
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `npm exec --yes -- <cli> <app> <args>` in `dir` (a template CLI at a pinned version, from the registry),
 * then the project moved up into `dir` itself.
 */
export function runCli(dir: string, cli: string, args: string[]): void {
  const app = 'aisa-template-app';
  npm(dir, 'exec', '--yes', '--', cli, app, ...args);
  for (const name of fs.readdirSync(path.join(dir, app))) fs.renameSync(path.join(dir, app, name), path.join(dir, name));
  fs.rmdirSync(path.join(dir, app));
}

/** The project's own messages (everything but ours), by file, as `line:column ruleId`. */
export function theirMessages(results: Map<string, LintMessage[]>): Record<string, string[]> {
  return Object.fromEntries(
    [...results].map(([file, messages]) => [file, messages.filter((m) => !m.ruleId?.startsWith('aisa-guard/')).map((m) => `${m.line}:${m.column} ${m.ruleId}`)]),
  );
}

/** Our messages, as `file:line ruleId`, sorted; crashes (fatal, no rule id) too, so a test sees them. */
export function ourMessages(results: Map<string, LintMessage[]>): string[] {
  return [...results]
    .flatMap(([file, messages]) => messages.filter((m) => m.ruleId === null || m.ruleId.startsWith('aisa-guard/') || m.fatal).map((m) => `${file}:${m.line} ${m.ruleId ?? m.message}`))
    .sort();
}

/**
 * Lints the project as generated, then with the README's line added: what ours reported, and what the
 * project's own rules reported before and after on the files both runs linted. Files only the second
 * run lints must be env files (the only ones the plugin adds) with none of the project's messages.
 */
export function lintBeforeAndAfter(project: Project) {
  const before = project.lint();
  project.addReadmeLine();
  const after = project.lint();
  const added = [...after.results.keys()].filter((file) => !before.results.has(file));
  const theirsAfter = theirMessages(after.results);
  return {
    before,
    after,
    ours: ourMessages(after.results),
    theirsBefore: theirMessages(before.results),
    theirsAfterOnSameFiles: Object.fromEntries(Object.entries(theirsAfter).filter(([file]) => before.results.has(file))),
    added: Object.fromEntries(added.map((file) => [file, theirsAfter[file]])),
  };
}
