// Every text and stream decoder, for the engine's registry (which adds triggers, limits and order).
import { base32Decoder } from './base32.js';
import { ascii85Decoder, z85Decoder } from './base85.js';
import { concatDecoder } from './concat.js';
import { decimalDecoder } from './decimal.js';
import { escapesDecoder } from './escapes.js';
import { hexDecoder } from './hex.js';
import { percentDecoder } from './percent.js';
import { quotedPrintableDecoder } from './quoted-printable.js';
import type { Decoder } from './types.js';
import { utf32beDecoder, utf32leDecoder } from './utf32.js';
import { pdfStreamDecoder, pngTextDecoder, zlibDecoder } from './zlib.js';

export type { DecodedSpan, Decoder } from './types.js';

export const DECODERS: readonly Decoder[] = [
  hexDecoder, decimalDecoder, escapesDecoder, percentDecoder, quotedPrintableDecoder, base32Decoder,
  ascii85Decoder, z85Decoder, utf32leDecoder, utf32beDecoder, zlibDecoder, pngTextDecoder, pdfStreamDecoder, concatDecoder,
];
