// The decoder registry on hostile lines (needles of several decoders repeated, each decoding to more
// needles): CPU time per MB stays a bounded multiple of ordinary text, and 3x the input costs about 3x.
// Before the per-input decode budget and the decoders' kept scan positions, `aisa-"+"sk-a` took 58 s for
// 2 MB (concat re-read 1 KB before every hit, QP read to the input's end for an `=`, and each decoded view
// fed up to 64 MiB of further views whatever the input size).
import { describe, expect, it } from 'vitest';
import { scanWithDecoders } from '../../src/detect/registry.js';

const MB = 1 << 20;

function cpuMs(bytes: Buffer): number {
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const started = process.cpuUsage();
    scanWithDecoders(bytes, { file: 'hostile.txt' });
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

const repeated = (unit: string, size: number) => Buffer.alloc(size, unit);
// Ordinary text the detector reads whole (one prefix in it, so the prefilter does not wave it through).
let ordinaryText = 'const example = "sk-aisa-";\n';
for (let line = 0; ordinaryText.length < MB; line++) ordinaryText += `  const value${line} = await client.fetch(request, { offset: ${line}, mode: 'fast' });\n`;
const ordinary = Buffer.from(ordinaryText.slice(0, MB));

describe('decoder registry on hostile input', () => {
  it.each(['sk-aisa-', 'sk-aisa-x ', 'sk%2Daisa%2D', 'c2stYWlzYS1', 'aisa-"+"sk-a', '=\n'])('%j repeated: a bounded multiple of ordinary text, linear in size', (unit) => {
    const base = Math.max(cpuMs(ordinary), 5);
    const small = cpuMs(repeated(unit, MB));
    const large = cpuMs(repeated(unit, 3 * MB));
    // Measured 20-80x ordinary text in-process (a hit every few bytes, each decoded or checked; the
    // bench's end-to-end figure is what the goal of 3x is held to). Before: 1,000-4,000x. The bound catches
    // a blow-up like those, not the goal.
    expect(small / base, `${small} ms vs ${base} ms`).toBeLessThan(200);
    expect(large / Math.max(small, 5), `${large} ms vs ${small} ms`).toBeLessThan(6);
  }, 60_000);
});
