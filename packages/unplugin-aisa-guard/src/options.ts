// The plugin's options, and the one place they meet aisa-guard's own settings: the project's config file,
// its allow-list and baseline are read exactly as the CLI reads them.
import path from 'node:path';
import picomatch from 'picomatch';
import { loadConfig, settingsFrom, type FilterOptions, type ResponseOptions } from 'aisa-guard';

export interface Options {
  /** Output files to check (globs relative to the output folder). Default: every emitted file. */
  include?: string | string[];
  /** Output files not to check (globs relative to the output folder). */
  exclude?: string | string[];
  /** Fingerprints (sha256 hex) of keys accepted in client output, on top of the config file's. */
  allowFingerprints?: string[];
  /** `error` (default) fails the build; `warn` only reports. */
  failOn?: 'error' | 'warn';
  /** An aisa-guard config file; default: looked up from the project root as the CLI does. */
  config?: string;
  /** A baseline file written by `aisa-guard baseline`: keys in it are not reported. */
  baseline?: string;
  /** Check server output too (Vite `ssr` builds and server environments, webpack `target: 'node'`, esbuild `platform: 'node'`). */
  includeServer?: boolean;
  /** Ask AIsa whether each key found is live (the only network use; same endpoints and rules as `aisa-guard --verify`). */
  verify?: boolean;
  /** Vite dev server: also check every module it serves (off by default: the dev server is not slowed). */
  dev?: boolean;
  /** Project root (where the config file is looked up and paths are shown from). Default: the bundler's root, else the current directory. */
  root?: string;
}

/** Options resolved against a project root: what a check needs. */
export interface Guard {
  root: string;
  failOn: 'error' | 'warn';
  includeServer: boolean;
  dev: boolean;
  /** Whether an output file (path relative to its output folder) is checked. */
  selects(fileName: string): boolean;
  filters: FilterOptions;
  respond?: ResponseOptions;
  warnings: string[];
}

/** Reads the config and baseline files once per build; a bad file throws a one-line error. */
export function resolveGuard(options: Options, bundlerRoot: string | undefined): Guard {
  const root = path.resolve(options.root ?? bundlerRoot ?? process.cwd());
  const warnings: string[] = [];
  const loaded = loadConfig(root, { explicit: options.config, warnings });
  const flags = { baseline: options.baseline && path.resolve(root, options.baseline), verify: options.verify === true || undefined };
  const settings = settingsFrom(flags, loaded, { command: 'bundle', root, warnings });
  const allow = [...(settings.filters.allowFingerprints ?? []), ...(options.allowFingerprints ?? [])];
  const included = options.include === undefined ? () => true : picomatch(options.include, { dot: true });
  const excluded = options.exclude === undefined ? () => false : picomatch(options.exclude, { dot: true });
  return {
    root,
    failOn: options.failOn ?? 'error',
    includeServer: options.includeServer === true,
    dev: options.dev === true,
    selects: (fileName) => included(fileName) && !excluded(fileName),
    filters: { ...settings.filters, allowFingerprints: allow },
    respond: settings.respond,
    warnings,
  };
}
