// The prefilter as it was before the one-pass kernel (src/detect/prefilter.ts at 9c863fa), kept for the
// needles bench only: one Buffer.includes (memchr) pass per probe, gated families behind their gate,
// large inputs probed 32 KB at a time. Its needle list is that commit's, frozen here.

/** The 37 needles and 4 gates registered at 9c863fa (open needles, then [gate, family] pairs). */
export const OPEN_NEEDLES_9C863FA: readonly string[] = [
  'sk-aisa-', '%2daisa', '%2Daisa', '%61%69%73%61', 'c2stY', 'YWlzYS', 'NrLWF', 'Fpc2Et', 'zay1h', 'haXNhL',
  'YzJzdFlXbHpZU', 'Myc3RZV2x6WV', 'jMnN0WVdsellT', 'TnJMV0ZwYzJFd', '5yTFdGcGMyRX', 'OckxXRnBjMkV0',
  'emF5MWhhWE5oT', 'pheTFoYVhOaE', '6YXkxaGFYTmhM', '6973612',
  's\0k\0-\0a\0i\0s\0a\0-\0', '\0s\0k\0-\0a\0i\0s\0a\0-',
];
export const GATED_NEEDLES_9C863FA: readonly [string, readonly string[]][] = [
  ['\\u', ['\\u002d', '\\u002D', '\\u{2d}', '\\u{2D}']],
  ['\\x', ['\\x2d', '\\x2D']],
  ['\\U', ['\\U0000002']],
  ['&#', ['&#45;', '045;', 'x2d;', 'x2D;', 'X2d;', 'X2D;', '02d;', '02D;']],
];

const MAX_PROBE = 7;
const COMMON_FIRST =
  '\0 etrnoisal\ncdpu,fm.Ah()g_"\ty=\':b-;/CEv*xTS0w{}kI1ON\\PD2R`LMF[]B#|G3>jU&4+56K?8WH9qz$7V!@QY<JX%Z^~\r';
const BLOCK = 32 * 1024;
const BLOCK_OVERLAP = 16;

interface Probe {
  bytes: Buffer;
  then?: Probe[];
}

/** The old `bytesMayContainKey` for the given open needles and gated families. */
export function probePrefilter(open: readonly string[], gated: readonly [string, readonly string[]][]): (bytes: Buffer) => boolean {
  const probes: Probe[] = [
    ...dedupe(open.map((n) => probeOf(Buffer.from(n, 'latin1')))),
    ...gated.map(([gate, family]) => ({ bytes: Buffer.from(gate, 'latin1'), then: dedupe(family.map((n) => probeOf(Buffer.from(n, 'latin1')))) })),
  ];
  const any = (list: readonly Probe[], found: (probe: Probe) => boolean): boolean => {
    for (const probe of list) if (found(probe) && (!probe.then || any(probe.then, found))) return true;
    return false;
  };
  return (buffer) => {
    if (buffer.length <= 2 * BLOCK) return any(probes, (probe) => buffer.includes(probe.bytes));
    for (let at = 0; at < buffer.length; at += BLOCK) {
      const block = buffer.subarray(at, at + BLOCK + BLOCK_OVERLAP);
      if (any(probes, (probe) => block.includes(probe.bytes))) return true;
    }
    return false;
  };
}

function dedupe(list: Buffer[]): Probe[] {
  const chosen = [...new Set(list.map((p) => p.toString('latin1')))];
  chosen.sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const probe of chosen) if (!kept.some((k) => probe.includes(k))) kept.push(probe);
  return kept.map((p) => ({ bytes: Buffer.from(p, 'latin1') }));
}

function probeOf(needle: Buffer): Buffer {
  const keep = Math.min(4, needle.length);
  let at = 0;
  for (let i = 1; i + keep <= needle.length; i++) if (rank(needle[i]) > rank(needle[at])) at = i;
  return needle.subarray(at, Math.min(needle.length, at + MAX_PROBE));
}

function rank(byte: number): number {
  const at = COMMON_FIRST.indexOf(String.fromCharCode(byte));
  return at === -1 ? COMMON_FIRST.length : at;
}
