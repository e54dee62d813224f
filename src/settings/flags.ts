// The flags every scanning command shares, as parseArgs specs and help text. What they mean is decided
// in settings.ts only.
import { UsageError } from '../errors.js';
import { FORMATS } from '../report/formats.js';
import type { OptionSpec } from '../commands/types.js';

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

/** Report flags: they shape the output, not what is found. */
export const REPORT_OPTIONS: OptionSpec = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  report: { type: 'string', multiple: true },
  'no-redact': { type: 'boolean' },
  'show-fingerprints': { type: 'boolean' },
  baseline: { type: 'string' },
  ...RESPONSE_OPTIONS,
};

/** Flags that decide what is found and reported; `baseline` records with these too. */
export const FINDING_OPTIONS: OptionSpec = {
  quiet: { type: 'boolean', short: 'q' },
  'min-confidence': { type: 'string' },
  'max-file-size': { type: 'string' },
  'no-archives': { type: 'boolean' },
  'max-archive-depth': { type: 'string' },
  'max-archive-bytes': { type: 'string' },
  'max-archive-entries': { type: 'string' },
  'max-archive-ratio': { type: 'string' },
  config: { type: 'string' },
};

export const SCAN_OPTIONS: OptionSpec = { ...REPORT_OPTIONS, ...FINDING_OPTIONS };

export const SCAN_HELP = `  -f, --format FORMAT     ${FORMATS.join(' | ')} (default: text)
  -o, --output FILE       write the report to FILE instead of stdout
      --report FORMAT=FILE also write a FORMAT report to FILE from the same run (repeatable),
                          e.g. --format github --report sarif=aisa-guard.sarif
  -q, --quiet             no human text when clean (a machine format is still printed); no warnings
      --show-fingerprints print each key's fingerprint (sha256, 64 hex) in the text report
      --no-redact         print keys in full (never the default)
      --min-confidence L  high | low (default: low, report both)
      --max-file-size N   skip (with a warning) inputs larger than N (e.g. 500KB, 10MB, 1GB)
      --no-archives       read archives and compressed files as plain bytes (do not open them)
      --max-archive-depth N    open archives nested up to N deep (default 4)
      --max-archive-bytes N    stop after N inflated bytes per file (default 1GB)
      --max-archive-entries N  stop after N entries per file, at every level (default 100000)
      --max-archive-ratio N    stop an entry inflating more than N:1 past its first MB (default 100)
      --baseline FILE     report only findings not in FILE (made by "aisa-guard baseline")
      --config FILE       use FILE instead of the nearest aisa-guard.config.json / .aisa-guardrc.json /
                          package.json#aisa-guard in the repository (or scanned folder)
${RESPONSE_HELP}`;

/** `--max-file-size 10MB` → bytes. Accepts B, KB, MB, GB (powers of 1024). */
export function parseSize(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb?|mb?|gb?)?$/i.exec(text.trim());
  if (!m) throw new UsageError(`${flag} takes a size like 500KB, 10MB or 1GB (got "${text}")`);
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const scale = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[unit as 'b' | 'k' | 'm' | 'g'];
  return Math.floor(Number(m[1]) * scale);
}
