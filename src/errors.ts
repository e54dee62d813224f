// Errors the CLI turns into one line and an exit code. Anything else is a bug, still printed as one line.

export const EXIT = {
  clean: 0,
  found: 1,
  error: 2,
  /** A live key was found and not revoked: page someone. */
  liveKey: 3,
  sigint: 130,
  sigterm: 143,
} as const;

/** Bad arguments or configuration: the user can fix the call. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The environment failed us: not a git repository, git missing, unreadable input, network refused. */
export class OperationalError extends Error {
  override name = 'OperationalError';
}

export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].trim() || 'unknown error';
}

/** The run was cancelled by a signal (the reason of the run's AbortSignal); the CLI exits 130 / 143. */
export class Interrupted extends Error {
  override name = 'Interrupted';
  constructor(readonly signal: 'SIGINT' | 'SIGTERM') {
    super(`interrupted by ${signal}`);
  }
}
