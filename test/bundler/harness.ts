// The bundler tests' toolchain (shared with the bench: bench/lib/toolchain.ts) and their report reader.
export { CACHE, INSTALL_TIMEOUT, binOf, project, toolchain, type Project, type Toolchain } from '../../bench/lib/toolchain.js';

/** The lines of the plugin's report (`  <output>:<line>:<col>: AIsa API key …`). */
export function reportLines(output: string): string[] {
  return output.split('\n').filter((line) => /AIsa API key sk-aisa-/.test(line)).map((line) => line.trim());
}
