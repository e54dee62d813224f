// `aisa-guard baseline [scan|history]`: records today's findings as accepted, so a CI step adopted on an
// old repository fails only on what is new (`--baseline FILE` on every scanning command).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OperationalError, UsageError, messageOf } from '../errors.js';
import { applyFilters } from '../filter.js';
import { DEFAULT_BASELINE_FILE, baselineEntries, serializeBaseline } from '../config/baseline.js';
import { collectScan, scanCommand } from './scan.js';
import { OUTPUT_OPTIONS } from './options.js';
import { historyCommand } from './history.js';
import type { Command, OptionSpec, OptionValues } from './types.js';
import type { Finding } from '../types.js';

/** The findings a scan reports (inline allows, the config's allowlist and ignores already applied). */
type Collect = (values: OptionValues, positionals: string[]) => Promise<Finding[]>;

interface Source {
  options: OptionSpec;
  collect: Collect;
}

/** Report, response and baseline flags mean nothing when recording a baseline; these shared ones do. */
const KEPT_SHARED_FLAGS = ['quiet', 'config', 'min-confidence'];

/** Which scan feeds the baseline; each keeps its own flags. Report-only flags make no sense here. */
const SOURCES: Record<string, Source> = {
  scan: {
    options: withoutReportFlags(scanCommand.options),
    async collect(values, positionals) {
      const { result, options } = await collectScan(values, positionals, 'baseline scan');
      const { findings, warnings } = applyFilters(result, options);
      if (!options.quiet) for (const warning of warnings) process.stderr.write(`aisa-guard: warning: ${warning}\n`);
      return findings;
    },
  },
  history: { options: withoutReportFlags(historyCommand.options), collect: viaJsonReport(historyCommand) },
};

/** Runs a scanning command as the user would, with a JSON report to a temporary file, and reads it back. */
function viaJsonReport(command: Command): Collect {
  return async (values, positionals) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'aisa-guard-baseline-'));
    try {
      const report = path.join(dir, 'report.json');
      await command.run({ ...values, format: 'json', output: report }, positionals);
      return (JSON.parse(await readFile(report, 'utf8')) as { findings: Finding[] }).findings;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}

function withoutReportFlags(options: OptionSpec): OptionSpec {
  return Object.fromEntries(Object.entries(options).filter(([name]) => !(name in OUTPUT_OPTIONS) || KEPT_SHARED_FLAGS.includes(name)));
}

export const baselineCommand: Command = {
  name: 'baseline',
  summary: 'record the current findings as accepted (.aisa-guard-baseline.json)',
  usage: `aisa-guard baseline [scan|history] [options] [paths…]

Records every current finding by fingerprint (a hash of the key), rule and path: no key, no line
numbers. The file is sorted and stable, so re-recording an unchanged tree gives the same bytes. Commit
it, then scan with --baseline FILE to report only keys that are not in it.

  aisa-guard baseline scan [paths…]       what "aisa-guard scan" finds (the default)
  aisa-guard baseline history [options]   what "aisa-guard history" finds

Options:
  -o, --output FILE       where to write (default: ${DEFAULT_BASELINE_FILE})
  Every option of the chosen scan (see "aisa-guard scan --help", "aisa-guard history --help").`,
  options: {
    ...Object.assign({}, ...Object.values(SOURCES).map((s) => s.options)),
    output: { type: 'string', short: 'o' },
  },
  async run(values, positionals) {
    const [first, ...rest] = positionals;
    const name = first === 'scan' || first === 'history' ? first : 'scan';
    const paths = first === name ? rest : positionals;
    const source = SOURCES[name];
    const foreign = Object.keys(values).find((flag) => flag !== 'output' && !(flag in source.options));
    if (foreign) throw new UsageError(`--${foreign} is not an option of "baseline ${name}"`);
    const { output, ...scanValues } = values;
    // Inline allow comments and the config's allowlist still apply: those keys need no baseline.
    const findings = await source.collect(scanValues, paths);
    const file = (output as string | undefined) ?? DEFAULT_BASELINE_FILE;
    try {
      await writeFile(file, serializeBaseline(findings));
    } catch (error) {
      throw new OperationalError(`cannot write ${file}: ${messageOf(error)}`);
    }
    if (values.quiet !== true) {
      const entries = baselineEntries(findings).length;
      const keys = new Set(findings.map((f) => f.fingerprint)).size;
      process.stdout.write(`aisa-guard: recorded ${entries} finding${entries === 1 ? '' : 's'} (${keys} key${keys === 1 ? '' : 's'}) in ${file}\n`);
    }
    return 0;
  },
};
