// The only place full keys are held: in this process's memory, for --verify/--revoke and --no-redact.
// Findings carry fingerprints, never keys, so nothing that serialises a Finding can leak one.
const keysByFingerprint = new Map<string, string>();

export function rememberSecret(fingerprint: string, key: string): void {
  keysByFingerprint.set(fingerprint, key);
}

export function secretFor(fingerprint: string): string | undefined {
  return keysByFingerprint.get(fingerprint);
}
