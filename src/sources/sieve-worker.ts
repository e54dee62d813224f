// The second core's share of a directory scan: reads every file it is given and tells which need the
// detector (see sieveFile). Importing the detector registers every decoder's needles, so the prefilter
// here is the main thread's.
import { parentPort, workerData } from 'node:worker_threads';
import '../detect/index.js';
import { sieveFile, type ReadOptions } from './read.js';

export const VERDICTS = ['clean', 'binary', 'scan'] as const;

export interface SieveRequest {
  files: string[];
  options: ReadOptions;
}

export interface SieveAnswer {
  /** Index into VERDICTS, per file. */
  verdicts: Uint8Array;
  bytes: Float64Array;
}

if (parentPort && workerData) {
  const { files, options } = workerData as SieveRequest;
  const verdicts = new Uint8Array(files.length);
  const bytes = new Float64Array(files.length);
  for (let i = 0; i < files.length; i++) {
    const result = sieveFile(files[i], options);
    verdicts[i] = VERDICTS.indexOf(result.verdict);
    bytes[i] = result.bytes;
  }
  parentPort.postMessage({ verdicts, bytes } satisfies SieveAnswer, [verdicts.buffer, bytes.buffer]);
}
