// The reporters: one small module per format, all reading the shared Finding, loaded on demand
// (formats.ts), so a run pays only for the one it prints with.
export { FORMATS, loadReporter, type Format } from './formats.js';
export { summaryLine, scopeText, locationFingerprint, FIX_TEXT, HELP_TEXT } from './summary.js';
export type { Reporter, ReportContext } from './types.js';
