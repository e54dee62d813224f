// A worker thread of a large directory scan (see threadsFor in files.ts): scans its share of the
// files and sends back the tally, with the keys it found so the main thread can hold them in memory.
import { parentPort, workerData } from 'node:worker_threads';
import { secretFor } from '../detect/index.js';
import { scanList, type ScanFilesOptions } from './files.js';

const { files, options } = workerData as { files: string[]; options: ScanFilesOptions };
const tally = await scanList(files, options);
const secrets = tally.findings.map((f) => [f.fingerprint, secretFor(f.fingerprint)]);
parentPort?.postMessage({ tally, secrets });
