// With HOSTILE_TABLE=FILE set, hostile-input tests append one Markdown row per case (case, first line
// of stderr, exit code, time): the table that goes into release notes.
import { appendFileSync } from 'node:fs';
import type { CliRun } from './run-cli.js';

export function record(name: string, run: CliRun): CliRun {
  const file = process.env.HOSTILE_TABLE;
  if (file) {
    const message = run.stderr.split('\n').find(Boolean) ?? '(none)';
    appendFileSync(file, `| ${name} | ${message.replace(/\|/g, '\\|')} | ${run.code ?? run.signal} | ${run.ms} ms |\n`);
  }
  return run;
}
