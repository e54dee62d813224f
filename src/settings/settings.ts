// The run settings: the only code that reads flags and config files. Every command builds one
// RunSettings here and hands it to its source and to the pipeline, so a config key means the same thing
// in every command.
import { UsageError } from '../errors.js';
import { FORMATS, type Format } from '../report/formats.js';
import type { OptionValues } from '../commands/types.js';
import type { FilterOptions } from '../filter.js';
import { pathIgnorer } from '../config/allowlist.js';
import { readBaseline, type Baseline } from '../config/baseline.js';
import type { AisaGuardConfig, LoadedConfig } from '../config/types.js';
import { resolveEndpoints } from '../respond/endpoint.js';
import type { ResponseOptions } from '../respond/index.js';
import type { Source, SourceSettings } from '../sources/source.js';
import { loadConfig, loadUserConfig, withUserDefaults } from './config-file.js';
import { parseSize } from './flags.js';
import { DEFAULT_ARCHIVE_LIMITS, type ArchiveSettings } from '../containers/index.js';
import { baselineAtBase, configAtBase } from './trust.js';

export interface RunSettings extends SourceSettings {
  /** scan | history | staged | pre-push | baseline … */
  command: string;
  /** Absolute folder finding paths are relative to. */
  root: string;
  detect: { extraWords: readonly string[]; reveal: boolean };
  filters: FilterOptions;
  report: { format: Format; output?: string; quiet: boolean; showFingerprints?: boolean; extra: ExtraReport[] };
  /** `--verify` / `--revoke`: absent, nothing is sent anywhere. */
  respond?: ResponseOptions;
  /** The config file in force. */
  config: LoadedConfig;
  /** About the settings themselves (a config ignored, the base revision's config used): shown with the scan's. */
  warnings: string[];
}

/**
 * Settings for a command about to scan `source`: the user config, then the project's (looked up from the
 * source's config root, or --config), or for a range scan the project's at the base revision.
 */
export async function settingsFor(command: string, flags: OptionValues, source: Pick<Source, 'root' | 'configRoot' | 'trust'>): Promise<RunSettings> {
  const warnings: string[] = [];
  const explicit = flags.config as string | undefined;
  const trust = explicit === undefined ? source.trust : undefined;
  const project = trust ? await configAtBase(source.root, trust, warnings) : loadConfig(source.configRoot ?? source.root, { explicit, warnings });
  const loaded = withUserDefaults(project, loadUserConfig(warnings), warnings);
  const file = flags.baseline as string | undefined;
  const baseline = file !== undefined && source.trust ? await baselineAtBase(file, source.root, source.trust, warnings) : undefined;
  return settingsFrom(flags, loaded, { command, root: source.root, baseline, warnings });
}

export interface SettingsContext {
  command: string;
  root: string;
  /** Already read (a range scan's base revision); otherwise `--baseline` is read from disk. */
  baseline?: Baseline;
  warnings?: string[];
}

/** Flags beat the config file; every problem is a UsageError, raised before any scanning. */
export function settingsFrom(flags: OptionValues, loaded: LoadedConfig, where: SettingsContext): RunSettings {
  const { config } = loaded;
  const format = (flags.format as string | undefined) ?? config.format ?? 'text';
  if (!FORMATS.includes(format as Format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
  }
  const minConfidence = (flags['min-confidence'] as string | undefined) ?? config.minConfidence;
  if (minConfidence !== undefined && minConfidence !== 'high' && minConfidence !== 'low') {
    throw new UsageError(`--min-confidence must be high or low (got "${minConfidence}")`);
  }
  const reveal = flags['no-redact'] === true;
  return {
    command: where.command,
    root: where.root,
    detect: { extraWords: config.placeholderWords ?? [], reveal },
    maxFileSize: maxFileSize(flags, config),
    archives: archiveSettings(flags, config),
    ignore: config.ignore?.length ? { dir: loaded.dir, globs: config.ignore } : undefined,
    filters: {
      minConfidence,
      allowFingerprints: config.allowFingerprints,
      isIgnored: pathIgnorer(config.ignore ?? [], loaded.dir, where.root),
      baseline: where.baseline ?? (flags.baseline !== undefined ? readBaseline(flags.baseline as string) : undefined),
    },
    report: {
      format: format as Format,
      output: flags.output as string | undefined,
      quiet: flags.quiet === true,
      showFingerprints: flags['show-fingerprints'] === true,
      // purge's own --report FILE is a single string, not this flag
      extra: Array.isArray(flags.report) ? flags.report.map(extraReport) : [],
    },
    respond: responseOptions(flags, config),
    config: loaded,
    warnings: where.warnings ?? [],
  };
}

/** A second report of the same run (`--report sarif=out.sarif`): CI gets annotations and SARIF from one scan. */
export interface ExtraReport {
  format: Format;
  file: string;
}

function extraReport(value: string): ExtraReport {
  const at = value.indexOf('=');
  const format = value.slice(0, Math.max(at, 0));
  if (at <= 0 || at === value.length - 1 || !FORMATS.includes(format as Format)) {
    throw new UsageError(`--report takes FORMAT=FILE with FORMAT one of ${FORMATS.join(', ')} (got "${value}")`);
  }
  return { format: format as Format, file: value.slice(at + 1) };
}

/** `--verify`/`--revoke` and friends; undefined when neither is given. */
export function responseOptions(flags: OptionValues, config: AisaGuardConfig = {}): ResponseOptions | undefined {
  const revoke = flags.revoke === true || flags['revoke-unverified'] === true;
  const verify = revoke || flags.verify === true;
  if (!verify) {
    for (const flag of ['yes', 'dry-run', 'audit-log']) {
      if (flags[flag] !== undefined) throw new UsageError(`--${flag} needs --verify or --revoke`);
    }
    return undefined;
  }
  const dryRun = flags['dry-run'] === true;
  const yes = flags.yes === true;
  if (revoke && !yes && !dryRun && !process.stdin.isTTY) {
    throw new UsageError('--revoke needs --yes when not run in a terminal (there is no one to confirm)');
  }
  const endpoint = { baseUrl: config.aisa?.baseUrl, revokeUrl: config.revoke?.url, revokeAuth: config.revoke?.auth };
  resolveEndpoints(endpoint); // a bad or unsafe URL fails now, not after a long scan
  return {
    verify,
    revoke,
    revokeUnverified: flags['revoke-unverified'] === true,
    yes,
    dryRun,
    auditLog: flags['audit-log'] as string | undefined,
    endpoint,
  };
}

/** `--max-file-size`, else the config's `maxFileSize`, in bytes. */
function maxFileSize(flags: OptionValues, config: AisaGuardConfig): number | undefined {
  if (flags['max-file-size'] !== undefined) return parseSize(flags['max-file-size'] as string, '--max-file-size');
  const configured = config.maxFileSize;
  return typeof configured === 'string' ? parseSize(configured, 'maxFileSize') : configured;
}

/** `--no-archives` / `archives: false`, else each limit from its flag, the config, or the default. */
function archiveSettings(flags: OptionValues, config: AisaGuardConfig): ArchiveSettings {
  if (flags['no-archives'] === true || config.archives === false) return false;
  const count = (flag: string, configured: number | undefined, fallback: number, min: number) => {
    const text = flags[flag] as string | undefined;
    if (text === undefined) return configured ?? fallback;
    if (!/^\d+$/.test(text.trim()) || Number(text) < min) throw new UsageError(`--${flag} takes a whole number of at least ${min} (got "${text}")`);
    return Number(text);
  };
  const bytes = flags['max-archive-bytes'] !== undefined ? parseSize(flags['max-archive-bytes'] as string, '--max-archive-bytes') : config.maxArchiveBytes;
  return {
    maxDepth: count('max-archive-depth', config.maxArchiveDepth, DEFAULT_ARCHIVE_LIMITS.maxDepth, 0),
    maxBytes: typeof bytes === 'string' ? parseSize(bytes, 'maxArchiveBytes') : (bytes ?? DEFAULT_ARCHIVE_LIMITS.maxBytes),
    maxEntries: count('max-archive-entries', config.maxArchiveEntries, DEFAULT_ARCHIVE_LIMITS.maxEntries, 1),
    maxRatio: count('max-archive-ratio', config.maxArchiveRatio, DEFAULT_ARCHIVE_LIMITS.maxRatio, 1),
  };
}
