// The audit trail of every verify and revoke call: JSONL, appended, fsynced line by line so a crash
// mid-run still leaves a record. Fingerprints and redacted keys only, never a key.
import { open, type FileHandle } from 'node:fs/promises';
import { OperationalError, messageOf } from '../errors.js';

export interface AuditEntry {
  time: string;
  action: 'verify' | 'revoke';
  fingerprint: string;
  /** `sk-aisa-AbCd…wXyZ`. */
  redacted: string;
  /** `file:line:column`, `@commit` when found in history. */
  location: string;
  url: string;
  /** Absent when no response came back. */
  httpStatus: number | null;
  outcome: string;
  attempts: number;
  detail?: string;
}

export class AuditLog {
  private queue = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly handle: FileHandle,
  ) {}

  /** Opened before any request is sent: no revocation without a record of it. */
  static async open(file: string): Promise<AuditLog> {
    try {
      return new AuditLog(file, await open(file, 'a', 0o600));
    } catch (error) {
      throw new OperationalError(`cannot open audit log ${file}: ${messageOf(error)}`);
    }
  }

  record(entry: Omit<AuditEntry, 'time'>): Promise<void> {
    const line = JSON.stringify({ time: new Date().toISOString(), ...entry }) + '\n';
    // Serialised so concurrent calls never interleave their lines.
    this.queue = this.queue.then(async () => {
      try {
        await this.handle.appendFile(line);
        await this.handle.sync();
      } catch (error) {
        throw new OperationalError(`cannot write audit log ${this.file}: ${messageOf(error)}`);
      }
    });
    return this.queue;
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    await this.handle.close();
  }
}
