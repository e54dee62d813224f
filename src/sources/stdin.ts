// Standard input (`aisa-guard scan -`, `git diff | aisa-guard scan -`): any size, streamed through the
// detector's chunk scanner and reported as `<stdin>`.
import { scanChunks } from '../detect/index.js';
import { chunkOutcome, streamFill } from './read.js';
import { ResultBuilder } from './result.js';
import type { Source } from './source.js';

export const STDIN_PATH = '-';
export const STDIN_NAME = '<stdin>';

export async function readStdinInto(builder: ResultBuilder, stream: AsyncIterable<Buffer> = process.stdin): Promise<void> {
  builder.record(STDIN_NAME, chunkOutcome(await scanChunks(streamFill(stream), builder.context(STDIN_NAME))));
}

/** `aisa-guard scan -`: paths are relative to the working directory (config is looked up from there). */
export function stdinSource(stream: AsyncIterable<Buffer> = process.stdin): Source {
  return {
    root: process.cwd(),
    async scan(settings) {
      const builder = new ResultBuilder(settings);
      await readStdinInto(builder, stream);
      return builder.result();
    },
  };
}
