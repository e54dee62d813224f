// A 7z folder's coders, decoded as one stream: the packed stream through the first coder of the chain,
// its output through the next, and so on (the folder's bind pairs give the order: see sevenzip.ts).
import { ArchiveError, type Budget } from './limits.js';
import { inflate } from './inflate.js';
import { checkDictionary, DataError, decodeProperties, LzmaDecoder, lzma2Dictionary, lzma2Pieces, lzmaPieces, type Input } from './lzma.js';
import { lzmaStream } from './xz.js';
import { filterFor, type Unfilter } from './filters.js';

export interface Coder {
  /** The method id, hex. */
  id: string;
  inStreams: number;
  outStreams: number;
  properties: Buffer;
}

export interface Folder {
  coders: Coder[];
  /**
   * The coders in decoding order, when they form one chain of single-stream coders (the one shape read
   * here): the first reads the packed stream, each next one the output of the one before, the last gives
   * the folder's output. Empty for any other shape (BCJ2's four streams).
   */
  order: number[];
  /** The folder's CRC is given (then a single file in it lists none of its own). */
  crcDefined: boolean;
  /** Where the folder's packed streams start in the archive, and their sizes. */
  packStart: number;
  packSizes: number[];
  /** The size of each coder's output; the folder's own output is that of the last coder in `order`. */
  unpackSizes: number[];
  /** The folder's output: the sizes of the files it holds, in order. */
  fileSizes: number[];
}

const COPY = '00';
const LZMA = '030101';
const LZMA2 = '21';
const DEFLATE = '040108';
const BZIP2 = '040202';
const AES = '06f10701';
/** Filters, by their 7z id: the xz filter id they share their code (and properties) with. */
const FILTERS: Record<string, number> = {
  '03': 0x03, // delta
  '03030103': 0x04, // x86 BCJ
  '03030205': 0x05, // PowerPC
  '03030401': 0x06, // IA-64
  '03030501': 0x07, // ARM
  '03030701': 0x08, // ARM Thumb
  '03030805': 0x09, // SPARC
  '0a': 0x0a, // ARM64
};
const NAMES: Record<string, string> = { '030401': 'PPMd', '0303011b': 'BCJ2', [AES]: 'encrypted' };

/** Why a folder cannot be decoded here, or undefined when it can. */
export function unsupportedCoder(folder: Folder): string | undefined {
  if (folder.coders.some((c) => c.id === AES)) return 'encrypted';
  if (!folder.order.length || folder.packSizes.length !== 1) return `7z coder ${folder.coders.map((c) => NAMES[c.id] ?? c.id).join('+')}`;
  const unknown = folder.coders.find((c) => ![COPY, LZMA, LZMA2, DEFLATE, BZIP2].includes(c.id) && FILTERS[c.id] === undefined);
  return unknown && `7z coder ${NAMES[unknown.id] ?? unknown.id}`;
}

/** The folder's output; `packed[0]` gives its packed stream. Only folders unsupportedCoder() accepts. */
export async function* decodeFolder(folder: Folder, packed: (() => AsyncIterable<Buffer>)[], budget: Budget): AsyncGenerator<Buffer> {
  let stream: AsyncIterable<Buffer> = packed[0]();
  for (const i of folder.order) stream = decode(folder.coders[i], stream, folder.unpackSizes[i], budget);
  yield* stream;
}

async function* decode(coder: Coder, source: AsyncIterable<Buffer>, size: number, budget: Budget): AsyncGenerator<Buffer> {
  if (coder.id === COPY) return yield* source;
  if (coder.id === DEFLATE) return yield* inflate(source, 'deflate-raw', budget);
  if (coder.id === BZIP2) return yield* inflate(source, 'bzip2', budget);
  if (coder.id === LZMA) return yield* lzmaStream(source, budget, '7z', (input) => lzma(input, coder.properties, size));
  if (coder.id === LZMA2) return yield* lzmaStream(source, budget, '7z', (input) => lzma2(input, coder.properties));
  try {
    yield* unfiltered(filterFor(FILTERS[coder.id], coder.properties), source);
  } catch (error) {
    if (error instanceof DataError) throw new ArchiveError('archive-corrupt', `corrupt 7z data (${error.message})`);
    throw error;
  }
}

async function* unfiltered(undo: Unfilter, source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const piece of source) {
    const out = undo.push(Buffer.from(piece)); // a copy: converted in place
    if (out.length) yield out;
  }
  const rest = undo.end();
  if (rest.length) yield rest;
}

/** LZMA's 5 property bytes: lc/lp/pb, then the dictionary size. */
function lzma(input: Input, properties: Buffer, size: number): AsyncGenerator<Buffer> {
  const lclppb = properties.length === 5 ? decodeProperties(properties[0]) : undefined;
  if (!lclppb) throw new DataError('bad LZMA properties');
  const dictionary = properties.readUInt32LE(1);
  checkDictionary(dictionary, '7z');
  return lzmaPieces(input, lclppb, dictionary, size);
}

function lzma2(input: Input, properties: Buffer): AsyncGenerator<Buffer> {
  return lzma2Pieces(input, new LzmaDecoder(), lzma2Dictionary(properties, '7z'));
}
