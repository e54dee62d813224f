// Every decoder stays linear on hostile input: its own needles (and the characters its runs are made
// of) repeated. Tripling the input must not cost nine times as much.
import { describe, expect, it } from 'vitest';
import { DECODERS } from '../../src/decoders/index.js';
import type { Decoder } from '../../src/decoders/types.js';
import { hits } from './helpers.js';

/** The engine's loop: every hit past the last span, decoded. */
function decodeAll(decoder: Decoder, input: Uint8Array, maxBytes: number): void {
  let covered = -1;
  for (const at of hits(decoder, input)) {
    if (at < covered) continue;
    const span = decoder.decodeAt(input, at, maxBytes);
    if (span) covered = span.end;
  }
}

function cpuMs(run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = process.cpuUsage();
    run();
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

describe('decoders on hostile input', () => {
  // zlib is left out: a hit that inflates garbage and then fails costs up to its input window (twice the
  // budget) and is retried at the next hit; see docs/decoders.md.
  it.each(DECODERS.filter((d) => d.name !== 'zlib').map((d) => [d.name, d] as const))('%s is linear in its repeated needles', (_name, decoder) => {
    for (const filler of ['', ' ', '\n']) {
      const unit = decoder.needles.join(filler) + filler;
      const small = Buffer.from(unit.repeat(Math.ceil(20_000 / unit.length)), 'latin1');
      const large = Buffer.concat([small, small, small]);
      let ratio = Infinity;
      for (let attempt = 0; attempt < 3 && ratio >= 6; attempt++) {
        ratio = cpuMs(() => decodeAll(decoder, large, 1 << 16)) / Math.max(cpuMs(() => decodeAll(decoder, small, 1 << 16)), 1);
      }
      expect(ratio, JSON.stringify(filler)).toBeLessThan(6);
    }
  }, 120_000);
});
