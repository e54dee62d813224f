// The format names and an on-demand loader: a run pays only for the reporter it prints with.
import type { Reporter } from './types.js';
import { inertLines } from './escape.js';

export const FORMATS = ['text', 'json', 'sarif', 'github', 'junit', 'codequality', 'html'] as const;
export type Format = (typeof FORMATS)[number];

const LOADERS: Record<Format, () => Promise<Reporter>> = {
  text: async () => (await import('./text.js')).textReporter,
  json: async () => (await import('./json.js')).jsonReporter,
  sarif: async () => (await import('./sarif.js')).sarifReporter,
  github: async () => (await import('./github.js')).githubReporter,
  junit: async () => (await import('./junit.js')).junitReporter,
  codequality: async () => (await import('./codequality.js')).codequalityReporter,
  html: async () => (await import('./html.js')).htmlReporter,
};

/**
 * Every format but github (whose annotations are the workflow commands we mean to send) comes out with
 * no line a CI runner would take for a command: a file named `::add-mask::x.env` is shown, never obeyed.
 */
export async function loadReporter(format: Format): Promise<Reporter> {
  const reporter = await LOADERS[format]();
  return format === 'github' ? reporter : (result, context) => inertLines(reporter(result, context));
}
