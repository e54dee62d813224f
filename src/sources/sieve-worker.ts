// The second core's share of a directory scan. Both threads take the next file from one shared counter,
// so the share follows whichever thread has the CPU (a loaded machine may starve either); this one only
// sieves (see sieveFile) and writes its verdicts into shared memory for the main thread to act on.
// Importing the detector registers every decoder's needles, so the prefilter here is the main thread's.
import { parentPort, workerData } from 'node:worker_threads';
import '../detect/index.js';
import { sieveFile, type ReadOptions } from './read.js';

export const VERDICTS = ['clean', 'scan'] as const;
/** A file this thread did not take (the main thread scanned it itself). */
export const NOT_TAKEN = 255;
/** Taken but not finished (the worker died on it): the main thread scans it. */
export const TAKEN = 254;
/** Slots of the shared control array: the next file to take, and files being sieved here right now. */
export const NEXT = 0;
export const IN_FLIGHT = 1;

export interface SieveShare {
  files: string[];
  options: ReadOptions;
  control: Int32Array;
  verdicts: Uint8Array;
  bytes: Float64Array;
}

if (parentPort && workerData) {
  const { files, options, control, verdicts, bytes } = workerData as SieveShare;
  for (;;) {
    // Announce before taking, so the main thread, once the counter is spent, waits for this file.
    Atomics.add(control, IN_FLIGHT, 1);
    const i = Atomics.add(control, NEXT, 1);
    if (i < files.length) {
      Atomics.store(verdicts, i, TAKEN);
      const result = sieveFile(files[i], options);
      bytes[i] = result.bytes;
      Atomics.store(verdicts, i, VERDICTS.indexOf(result.verdict));
    }
    Atomics.sub(control, IN_FLIGHT, 1);
    Atomics.notify(control, IN_FLIGHT);
    if (i >= files.length) break;
  }
}
