// The only place full keys are held: one store per scan, owned by the scan that found them and handed
// explicitly to the responder (--verify/--revoke) and to --no-redact. Nothing is process-wide, so two
// scans in one process never see each other's keys. Findings carry fingerprints, never keys, so
// nothing that serialises a Finding can leak one.
import type { KeyLookup } from '../types.js';

export class KeyStore implements KeyLookup {
  // A private field: util.inspect and JSON.stringify of the store show no key.
  readonly #keys = new Map<string, string>();

  remember(fingerprint: string, key: string): void {
    this.#keys.set(fingerprint, key);
  }

  keyFor(fingerprint: string): string | undefined {
    return this.#keys.get(fingerprint);
  }

  get size(): number {
    return this.#keys.size;
  }

  toJSON(): string {
    return `[KeyStore: ${this.#keys.size} keys]`;
  }
}
