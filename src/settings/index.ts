// Flags and config files in, one RunSettings out: the only reader of either.
export { settingsFor, settingsFrom, responseOptions, type RunSettings } from './settings.js';
export { loadConfig, CONFIG_FILES } from './config-file.js';
export { SCAN_OPTIONS, SCAN_HELP, REPORT_OPTIONS, FINDING_OPTIONS, RESPONSE_OPTIONS, RESPONSE_HELP, parseSize } from './flags.js';
