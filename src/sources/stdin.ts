// Standard input (`aisa-guard scan -`, `git diff | aisa-guard scan -`): any size, streamed through the
// detector's chunk scanner and reported as `<stdin>`.
import type { ArchiveSettings } from '../containers/index.js';
import { scanFragment } from '../engine/scanner.js';
import { ResultBuilder } from './result.js';
import type { Source } from './source.js';

export const STDIN_PATH = '-';
export const STDIN_NAME = '<stdin>';

export async function readStdinInto(builder: ResultBuilder, stream: AsyncIterable<Buffer> = process.stdin, archives?: ArchiveSettings): Promise<void> {
  // Not sized: standard input is what the user piped in on purpose, read whatever its length.
  builder.record(STDIN_NAME, await scanFragment({ path: STDIN_NAME, body: { stream }, sized: false }, builder.context(STDIN_NAME), { archives }));
}

/** `aisa-guard scan -`: paths are relative to the working directory (config is looked up from there). */
export function stdinSource(stream: AsyncIterable<Buffer> = process.stdin): Source {
  return {
    root: process.cwd(),
    async scan(settings) {
      const builder = new ResultBuilder(settings);
      await readStdinInto(builder, stream, settings.archives);
      return builder.result();
    },
  };
}
