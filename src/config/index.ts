// Config file schema, allowlist and baseline: what a team has decided to accept or skip.
export { configProblem, isValidGlob } from './schema.js';
export { pathIgnorer } from './allowlist.js';
export {
  readBaseline,
  serializeBaseline,
  baselineEntries,
  isBaselined,
  DEFAULT_BASELINE_FILE,
  BASELINE_VERSION,
  type Baseline,
  type BaselineEntry,
} from './baseline.js';
export type { AisaGuardConfig, LoadedConfig } from './types.js';
