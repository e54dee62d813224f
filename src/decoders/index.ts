// Every text and stream decoder, for the engine's registry (src/engine/registry.ts). The decoders branch
// fills this list with its modules; at merge its version of this file wins.
import type { Decoder } from './types.js';

export type { DecodedSpan, Decoder } from './types.js';

export const DECODERS: readonly Decoder[] = [];
