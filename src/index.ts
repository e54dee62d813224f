// The library API: what the CLI, the ESLint rules and other tools build on.
export type * from './types.js';
export {
  scanText,
  scanBytes,
  findKeys,
  classifyBody,
  isPlaceholderBody,
  redactKey,
  fingerprintOf,
  byLocation,
  KEY_PREFIX,
  DEFAULT_PLACEHOLDER_WORDS,
  ALLOW_MARKER,
  type ScanContext,
  type DetectOptions,
  type KeyMatch,
} from './detect/index.js';
export { scanPaths, filesSource, type ScanFilesOptions } from './sources/files.js';
export type { Source, SourceSettings } from './sources/source.js';
export { KeyStore } from './detect/index.js';
export { applyFilters, type FilterOptions } from './filter.js';
export { printable } from './report/escape.js';
export { loadReporter, FORMATS, type Format } from './report/index.js';
export { githubSummary } from './report/github.js';
export { loadConfig, settingsFrom, type RunSettings } from './settings/index.js';
export {
  configProblem,
  readBaseline,
  serializeBaseline,
  type AisaGuardConfig,
  type LoadedConfig,
  type Baseline,
  type BaselineEntry,
} from './config/index.js';
export { respond, hasUnrevokedLiveKey, verifyKey, revokeKey, resolveEndpoints, type ResponseOptions, type RespondContext } from './respond/index.js';
export { VERSION } from './version.js';
