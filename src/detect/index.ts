// The detector: text, bytes or chunks in, Findings out. No I/O.
export { scanText, scanBytes, keysInName, bytesMayContainKey, decodeUtf8, type ScanContext, type BytesVerdict } from './scan.js';
export { scanWithDecoders, DECODE_LIMITS } from './registry.js';
export { mayHoldDecodedKey } from './sieve.js';
export { scanBinary, type BinarySpan } from './binary.js';
export { scanChunks, CHUNK_SIZE, CHUNK_OVERLAP, type Fill, type ChunkVerdict } from './chunks.js';
export { findKeys, mayContainKey, type DetectOptions, type KeyMatch } from './detector.js';
export { registerNeedles } from './prefilter.js';
export { toFindings, redactKey, redactKeysIn, fingerprintOf, byLocation, type FindingContext, type TextOrigin } from './findings.js';
export { ALLOW_MARKER, isAllowed } from './allow.js';
export { classifyBody, KEY_PREFIX, KEY_PATTERN } from './grammar.js';
export { isPlaceholderBody, DEFAULT_PLACEHOLDER_WORDS } from './placeholder.js';
export { sniffEncoding, decodeUtf16, type TextEncoding } from './codecs.js';
export { KeyStore } from './secrets.js';
