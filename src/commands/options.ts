// Flags shared by every scanning command, and their conversion into pipeline options.
import { UsageError } from '../errors.js';
import { FORMATS, type Format } from '../report/formats.js';
import type { FinishOptions } from '../pipeline.js';
import type { OptionSpec, OptionValues } from './types.js';
import { loadConfig } from '../config/load.js';
import { pathIgnorer } from '../config/allowlist.js';
import { readBaseline } from '../config/baseline.js';
import { resolveEndpoints } from '../respond/endpoint.js';
import type { ResponseOptions } from '../respond/index.js';
import type { AisaGuardConfig } from '../config/types.js';

/** Verify and revoke found keys at AIsa (src/respond); every scanning command takes them. */
export const RESPONSE_OPTIONS: OptionSpec = {
  verify: { type: 'boolean' },
  revoke: { type: 'boolean' },
  'revoke-unverified': { type: 'boolean' },
  yes: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'audit-log': { type: 'string' },
};

export const RESPONSE_HELP = `      --verify            ask AIsa whether each found key works (sends each unique key once to
                          GET $AISA_BASE_URL/models); adds live | revoked | invalid | unknown
      --revoke            revoke every live key at AIsa (implies --verify; asks first unless --yes)
      --revoke-unverified also revoke keys whose status stayed unknown (implies --revoke)
      --yes               revoke without asking (required when not in a terminal)
      --dry-run           print the requests --verify/--revoke would send (keys redacted), send nothing
      --audit-log FILE    append one JSON line per verify/revoke call to FILE (never the key)`;

export const OUTPUT_OPTIONS: OptionSpec = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  quiet: { type: 'boolean', short: 'q' },
  'show-fingerprints': { type: 'boolean' },
  'no-redact': { type: 'boolean' },
  'min-confidence': { type: 'string' },
  baseline: { type: 'string' },
  config: { type: 'string' },
  ...RESPONSE_OPTIONS,
};

export const OUTPUT_HELP = `  -f, --format FORMAT     ${FORMATS.join(' | ')} (default: text)
  -o, --output FILE       write the report to FILE instead of stdout
  -q, --quiet             no human text when clean (a machine format is still printed); no warnings
      --show-fingerprints print each key's fingerprint (sha256, 64 hex) in the text report
      --no-redact         print keys in full (never the default)
      --min-confidence L  high | low (default: low, report both)
      --baseline FILE     report only findings not in FILE (made by "aisa-guard baseline")
      --config FILE       use FILE instead of the nearest aisa-guard.config.json / .aisa-guardrc.json /
                          package.json#aisa-guard above the scanned folder
${RESPONSE_HELP}`;

export function outputOptions(values: OptionValues, command: string, root: string): FinishOptions {
  const loaded = loadConfig(root, values.config as string | undefined);
  const { config } = loaded;
  const format = (values.format as string | undefined) ?? config.format ?? 'text';
  if (!FORMATS.includes(format as Format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
  }
  const minConfidence = (values['min-confidence'] as string | undefined) ?? config.minConfidence;
  if (minConfidence !== undefined && minConfidence !== 'high' && minConfidence !== 'low') {
    throw new UsageError(`--min-confidence must be high or low (got "${minConfidence}")`);
  }
  return {
    command,
    root,
    format: format as Format,
    output: values.output as string | undefined,
    quiet: values.quiet === true,
    showFingerprints: values['show-fingerprints'] === true,
    reveal: values['no-redact'] === true,
    minConfidence,
    config: loaded,
    allowFingerprints: config.allowFingerprints,
    isIgnored: pathIgnorer(config.ignore ?? [], loaded.dir, root),
    baseline: values.baseline !== undefined ? readBaseline(values.baseline as string) : undefined,
    respond: responseOptions(values, config),
  };
}

/** `--verify`/`--revoke` and friends; undefined when neither is given. Checked before any scanning. */
export function responseOptions(values: OptionValues, config: AisaGuardConfig = {}): ResponseOptions | undefined {
  const revoke = values.revoke === true || values['revoke-unverified'] === true;
  const verify = revoke || values.verify === true;
  if (!verify) {
    for (const flag of ['yes', 'dry-run', 'audit-log']) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} needs --verify or --revoke`);
    }
    return undefined;
  }
  const dryRun = values['dry-run'] === true;
  const yes = values.yes === true;
  if (revoke && !yes && !dryRun && !process.stdin.isTTY) {
    throw new UsageError('--revoke needs --yes when not run in a terminal (there is no one to confirm)');
  }
  const endpoint = { baseUrl: config.aisa?.baseUrl, revokeUrl: config.revoke?.url, revokeAuth: config.revoke?.auth };
  resolveEndpoints(endpoint); // a bad or unsafe URL fails now, not after a long scan
  return {
    verify,
    revoke,
    revokeUnverified: values['revoke-unverified'] === true,
    yes,
    dryRun,
    auditLog: values['audit-log'] as string | undefined,
    endpoint,
  };
}

/** The config's `maxFileSize` in bytes, unless `--max-file-size` overrides it. */
export function maxFileSizeOption(values: OptionValues, options: FinishOptions): number | undefined {
  if (values['max-file-size'] !== undefined) return parseSize(values['max-file-size'] as string, '--max-file-size');
  const configured = options.config?.config.maxFileSize;
  return typeof configured === 'string' ? parseSize(configured, 'maxFileSize') : configured;
}

/** `--max-file-size 10MB` → bytes. Accepts B, KB, MB, GB (powers of 1024). */
export function parseSize(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb?|mb?|gb?)?$/i.exec(text.trim());
  if (!m) throw new UsageError(`${flag} takes a size like 500KB, 10MB or 1GB (got "${text}")`);
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const scale = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[unit as 'b' | 'k' | 'm' | 'g'];
  return Math.floor(Number(m[1]) * scale);
}
