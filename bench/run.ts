// `npm run bench`: runs every bench/*.bench.ts module (compiled beside this file), one after the other.
// Each exports `run()` and prints its own lines; adding a bench is adding a file. A failing bench is
// reported and the others still run; the exit code is 1 if any failed.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface BenchModule {
  run(): Promise<unknown>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const names = (await readdir(here))
  .filter((name) => name.endsWith('.bench.js'))
  .filter((name) => only.length === 0 || only.some((o) => name.startsWith(o)))
  .sort();

for (const name of names) {
  const label = name.replace(/\.bench\.js$/, '');
  console.log(`\n== ${label} ==`);
  const started = performance.now();
  try {
    const mod = (await import(pathToFileURL(path.join(here, name)).href)) as BenchModule;
    await mod.run();
  } catch (error) {
    process.exitCode = 1;
    console.log(`${label}: FAILED: ${error instanceof Error ? error.message : String(error)}`);
  }
  console.log(`(${label} took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
