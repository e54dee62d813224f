// The reporter registry: one small module per format, all reading the shared Finding.
import type { Reporter } from './types.js';
import { textReporter } from './text.js';
import { jsonReporter } from './json.js';

export const REPORTERS = {
  text: textReporter,
  json: jsonReporter,
} satisfies Record<string, Reporter>;

export type Format = keyof typeof REPORTERS;
export const FORMATS = Object.keys(REPORTERS) as Format[];

export type { Reporter, ReportContext } from './types.js';
