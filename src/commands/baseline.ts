// `aisa-guard baseline [scan|history]`: records today's findings as accepted, so a CI step adopted on an
// old repository fails only on what is new (`--baseline FILE` on every scanning command).
import { writeFile } from 'node:fs/promises';
import { OperationalError, UsageError, messageOf } from '../errors.js';
import { applyFilters } from '../filter.js';
import { DEFAULT_BASELINE_FILE, baselineEntries, serializeBaseline } from '../config/baseline.js';
import { collectScan, scanCommand } from './scan.js';
import type { Command, OptionSpec, OptionValues } from './types.js';
import type { FinishOptions } from '../pipeline.js';
import type { ScanResult } from '../types.js';

type Collect = (values: OptionValues, positionals: string[], command: string) => Promise<{ result: ScanResult; options: FinishOptions }>;

interface Source {
  options: OptionSpec;
  collect: Collect;
}

/** Which scan feeds the baseline; each keeps its own flags. Report-only flags make no sense here. */
const SOURCES: Record<string, Source> = {
  scan: { options: withoutReportFlags(scanCommand.options), collect: collectScan },
};

function withoutReportFlags(options: OptionSpec): OptionSpec {
  const { format: _format, baseline: _baseline, output: _output, ...rest } = options;
  return rest;
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
    if (!source) throw new UsageError(`baseline ${name} is not available in this build`);
    const foreign = Object.keys(values).find((flag) => flag !== 'output' && !(flag in source.options));
    if (foreign) throw new UsageError(`--${foreign} is not an option of "baseline ${name}"`);
    const { output, ...scanValues } = values;
    const { result, options } = await source.collect(scanValues, paths, `baseline ${name}`);
    // Inline allow comments and the config's allowlist still apply: those keys need no baseline.
    const { findings, warnings } = applyFilters(result, options);
    if (!options.quiet) for (const warning of warnings) process.stderr.write(`aisa-guard: warning: ${warning}\n`);
    const file = (output as string | undefined) ?? DEFAULT_BASELINE_FILE;
    try {
      await writeFile(file, serializeBaseline(findings));
    } catch (error) {
      throw new OperationalError(`cannot write ${file}: ${messageOf(error)}`);
    }
    if (!options.quiet) {
      const entries = baselineEntries(findings).length;
      const keys = new Set(findings.map((f) => f.fingerprint)).size;
      process.stdout.write(`aisa-guard: recorded ${entries} finding${entries === 1 ? '' : 's'} (${keys} key${keys === 1 ? '' : 's'}) in ${file}\n`);
    }
    return 0;
  },
};
