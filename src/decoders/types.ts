/** A decoded run: the input bytes [start, end) decode to `bytes`. */
export interface DecodedSpan {
  start: number;
  end: number;
  bytes: Uint8Array;
}

/** One registry entry's decoding half: pure, no I/O, bounded by maxBytes of output. */
export interface Decoder {
  /** Shown in a finding's encoding chain, e.g. 'base32', 'utf-32le', 'zlib'. */
  readonly name: string;
  /** Latin1 literals; an input holding none of them is never passed to this decoder (the one multi-needle pass finds them). */
  readonly needles: readonly string[];
  /** Latin1 literals tried only where a view starts (a format's magic number): a hit there is decoded at offset 0. */
  readonly magic?: readonly string[];
  /** Decode the encoded run that contains (or starts at) the needle hit at `at`; undefined if it is not one. Output <= maxBytes. */
  decodeAt(input: Uint8Array, at: number, maxBytes: number): DecodedSpan | undefined;
}
