// Test keys are generated, never written down: the project's own scan stays clean.
import { createHash } from 'node:crypto';

/** A deterministic, valid-looking AIsa key (43 base64url chars from 32 bytes) for a seed. */
export function fakeKey(seed: string): string {
  return 'sk-aisa-' + createHash('sha256').update(`aisa-guard-test:${seed}`).digest('base64url');
}
