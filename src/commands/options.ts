// Flags shared by every scanning command, and their conversion into pipeline options.
import { UsageError } from '../errors.js';
import { FORMATS, type Format } from '../report/index.js';
import type { FinishOptions } from '../pipeline.js';
import type { OptionSpec, OptionValues } from './types.js';

export const OUTPUT_OPTIONS: OptionSpec = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  quiet: { type: 'boolean', short: 'q' },
  'no-redact': { type: 'boolean' },
  'min-confidence': { type: 'string' },
};

export const OUTPUT_HELP = `  -f, --format FORMAT     ${FORMATS.join(' | ')} (default: text)
  -o, --output FILE       write the report to FILE instead of stdout
  -q, --quiet             print nothing when clean; no warnings
      --no-redact         print keys in full (never the default)
      --min-confidence L  high | low (default: low, report both)`;

export function outputOptions(values: OptionValues, command: string, root: string): FinishOptions {
  const format = (values.format as string | undefined) ?? 'text';
  if (!FORMATS.includes(format as Format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
  }
  const minConfidence = values['min-confidence'] as string | undefined;
  if (minConfidence !== undefined && minConfidence !== 'high' && minConfidence !== 'low') {
    throw new UsageError(`--min-confidence must be high or low (got "${minConfidence}")`);
  }
  return {
    command,
    root,
    format: format as Format,
    output: values.output as string | undefined,
    quiet: values.quiet === true,
    reveal: values['no-redact'] === true,
    minConfidence,
  };
}

/** `--max-file-size 10MB` → bytes. Accepts B, KB, MB, GB (powers of 1024). */
export function parseSize(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb?|mb?|gb?)?$/i.exec(text.trim());
  if (!m) throw new UsageError(`${flag} takes a size like 500KB, 10MB or 1GB (got "${text}")`);
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const scale = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[unit as 'b' | 'k' | 'm' | 'g'];
  return Math.floor(Number(m[1]) * scale);
}
