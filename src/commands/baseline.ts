// `aisa-guard baseline [scan|history]`: records today's findings as accepted, so a CI step adopted on an
// old repository fails only on what is new (`--baseline FILE` on every scanning command).
import { writeFile } from 'node:fs/promises';
import { OperationalError, UsageError, messageOf } from '../errors.js';
import { DEFAULT_BASELINE_FILE, baselineEntries, serializeBaseline } from '../config/baseline.js';
import { accepted, collect } from '../pipeline.js';
import { REPORT_OPTIONS, settingsFor } from '../settings/index.js';
import { plural } from '../words.js';
import { scanCommand } from './scan.js';
import { historyCommand } from './history.js';
import type { Command, OptionSpec, ScanCommand } from './types.js';

/** Which scan feeds the baseline; each keeps its own flags, less the ones that only shape a report. */
const SOURCES: Record<string, { command: ScanCommand; options: OptionSpec }> = {
  scan: { command: scanCommand, options: withoutReportFlags(scanCommand.options) },
  history: { command: historyCommand, options: withoutReportFlags(historyCommand.options) },
};

function withoutReportFlags(options: OptionSpec): OptionSpec {
  return Object.fromEntries(Object.entries(options).filter(([name]) => !(name in REPORT_OPTIONS)));
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
  options: { ...SOURCES.scan.options, ...SOURCES.history.options, output: { type: 'string', short: 'o' } },
  async run(values, positionals, signal) {
    const [first, ...rest] = positionals;
    const name = first === 'scan' || first === 'history' ? first : 'scan';
    const { command, options } = SOURCES[name];
    const foreign = Object.keys(values).find((flag) => flag !== 'output' && !(flag in options));
    if (foreign) throw new UsageError(`--${foreign} is not an option of "baseline ${name}"`);
    const { output, ...scanFlags } = values;
    const source = await command.source(scanFlags, first === name ? rest : positionals);
    const settings = await settingsFor(`baseline ${name}`, scanFlags, source);
    // Inline allow comments and the config's allowlist still apply: those keys need no baseline.
    const { findings, warnings } = accepted(await collect(source, settings, signal), settings);
    if (!settings.report.quiet) for (const warning of warnings) process.stderr.write(`aisa-guard: warning: ${warning}\n`);
    const file = (output as string | undefined) ?? DEFAULT_BASELINE_FILE;
    try {
      await writeFile(file, serializeBaseline(findings));
    } catch (error) {
      throw new OperationalError(`cannot write ${file}: ${messageOf(error)}`);
    }
    if (!settings.report.quiet) {
      const keys = new Set(findings.map((f) => f.fingerprint)).size;
      process.stdout.write(`aisa-guard: recorded ${plural(baselineEntries(findings).length, 'finding')} (${plural(keys, 'key')}) in ${file}\n`);
    }
    return 0;
  },
};
