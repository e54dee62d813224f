// The format names and an on-demand loader: a run pays only for the reporter it prints with.
import type { Reporter } from './types.js';

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

export function loadReporter(format: Format): Promise<Reporter> {
  return LOADERS[format]();
}
