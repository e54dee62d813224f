// The reporter registry: one small module per format, all reading the shared Finding.
import type { Reporter } from './types.js';
import { textReporter } from './text.js';
import { jsonReporter } from './json.js';
import { sarifReporter } from './sarif.js';
import { githubReporter } from './github.js';
import { junitReporter } from './junit.js';
import { codequalityReporter } from './codequality.js';
import { htmlReporter } from './html.js';

export const REPORTERS = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  github: githubReporter,
  junit: junitReporter,
  codequality: codequalityReporter,
  html: htmlReporter,
} satisfies Record<string, Reporter>;

export type Format = keyof typeof REPORTERS;
export const FORMATS = Object.keys(REPORTERS) as Format[];

export type { Reporter, ReportContext } from './types.js';
