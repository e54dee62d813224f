// The reporter registry: one small module per format, all reading the shared Finding.
import type { Reporter } from './types.js';
import type { Format } from './formats.js';
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
} satisfies Record<Format, Reporter>;

export { FORMATS, loadReporter, type Format } from './formats.js';

export type { Reporter, ReportContext } from './types.js';
