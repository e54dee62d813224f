// The AIsa key grammar: `sk-aisa-` + 43 base64url characters (32 random bytes, so the last character
// carries two zero bits). Other random-looking bodies of 32–128 characters are reported at lower
// confidence so a format change at AIsa is not missed.
import type { Confidence, RuleId } from '../types.js';
import { shannonEntropy, characterClasses } from './entropy.js';
import { isRandomBesides, placeholderEvidence, type PlaceholderOptions } from './placeholder.js';

export const KEY_PREFIX = 'sk-aisa-';
export const KEY_BODY_LENGTH = 43;
export const MIN_BODY = 32;
export const MAX_BODY = 128;
const LAST_CHARS = new Set('AEIMQUYcgkosw048');

/**
 * The one pattern: prefix then the whole base64url run. No alternation and a single greedy class,
 * so it runs in linear time on any input (a run longer than MAX_BODY is simply not a key).
 */
export const KEY_PATTERN = /sk-aisa-([A-Za-z0-9_-]*)/g;

const BASE64URL = /^[A-Za-z0-9_-]*$/;

export interface BodyVerdict {
  ruleId: RuleId;
  confidence: Confidence;
  entropy: number;
}

export function classifyBody(body: string, options: PlaceholderOptions = {}): BodyVerdict | undefined {
  if (body.length < MIN_BODY || body.length > MAX_BODY || !BASE64URL.test(body)) return undefined;
  const placeholder = placeholderEvidence(body, options);
  if (placeholder === 'shape') return undefined;
  const entropy = shannonEntropy(body);
  const exactShape = body.length === KEY_BODY_LENGTH && LAST_CHARS.has(body[KEY_BODY_LENGTH - 1]) && entropy >= 3.5;
  // A key whose random body happens to hold a short placeholder word: reported, at low confidence.
  if (placeholder) return exactShape && isRandomBesides(body, placeholder) ? { ruleId: 'aisa-api-key-variant', confidence: 'low', entropy } : undefined;
  if (exactShape) return { ruleId: 'aisa-api-key', confidence: 'high', entropy };
  // Other lengths must look random: high entropy and at least two of lower/upper/digit.
  if (entropy >= 3.5 && characterClasses(body) >= 2) {
    return { ruleId: 'aisa-api-key-variant', confidence: 'low', entropy };
  }
  return undefined;
}

export function isBase64UrlChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 45 || code === 95
  );
}
