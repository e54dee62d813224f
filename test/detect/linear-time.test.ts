// Linear time on hostile input: for random repeating units built from the detector's own needles and
// the characters its decoders care about, scanning 3× the input costs about 3× the time (quadratic
// behaviour would cost 9×). Timing is best of three to ride out a noisy machine.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scanText } from '../../src/detect/index.js';

const fragments = fc.constantFrom(
  'sk-aisa-', 'c2stYWlzYS', 'NrLWFpc2Et', 'zay1haXNhL', '%2Daisa', '%61%69%73%61', 'sk%2Daisa%2D',
  // escapes, references, hex, base64 halves (wrapped blocks) and base64 of base64
  '\\u002d', '\\x2D', '\\u{2d}', '&#45;', '&#x2d;', '6973612', '736b2d61', 'c2stY', 'WlzYS', 'YzJzdFlXbHpZU',
  // the hostile line: a plain prefix, a percent needle and a base64 needle, wrapped onto the next line
  'sk-aisa-%2Daisac2stYWlzYS\n',
  'A', 'z', '0', '-', '_', '%', '=', '+', '/', ' ', '\n', '\r', '\n  ', '"', '\\', '&', ';', 'aisa-guard:allow',
);
const unit = fc.array(fragments, { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));

function bestOf3(text: string): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    // CPU time of this process (ms), not wall time: other processes on a shared machine move it less.
    const started = process.cpuUsage();
    scanText(text, { file: 'hostile' });
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

describe('detector running time', () => {
  it('grows linearly with the input, whatever repeats in it', () => {
    fc.assert(
      fc.property(unit, (u) => {
        // Half a million characters keeps the small run above timer and scheduler noise.
        const small = u.repeat(Math.ceil(500_000 / u.length));
        const large = small.repeat(3);
        // A burst of load from a parallel suite can spoil one measurement; quadratic cost (9×) would
        // show in every one, so the best of up to three ratios is compared.
        let ratio = Infinity;
        for (let attempt = 0; attempt < 3 && ratio >= 6; attempt++) {
          ratio = Math.min(ratio, bestOf3(large) / Math.max(bestOf3(small), 0.5));
        }
        expect(ratio, JSON.stringify(u)).toBeLessThan(6);
      }),
      { numRuns: 20, seed: 7 },
    );
  }, 120_000);
});
