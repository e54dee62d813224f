// The policy of `aisa-guard pre-receive`, read from the SERVER repository's own git config (`git config
// aisa-guard.*` in the bare repository, or the server user's global/system config), never from pushed
// content: a push cannot allow its own key. The one thing a pusher can say is a push option
// (`git push -o aisa-guard.allow=<fingerprint>`), honoured only when this policy says so.
import path from 'node:path';
import { UsageError } from '../errors.js';
import { Git } from '../git/index.js';

export interface ServerPolicy {
  /** `aisa-guard.allow` (repeatable): fingerprints (sha256 hex of a key) accepted on this server. */
  allow: ReadonlySet<string>;
  /** `aisa-guard.allowPushOption` (default false): whether `-o aisa-guard.allow=<fingerprint>` bypasses. */
  pushOptionAllowed: boolean;
  /** `aisa-guard.timeout` in seconds (default 60): the time budget of one push's check. */
  timeoutMs: number;
  /** `aisa-guard.onTimeout`: `reject` (default) or `accept` (with a log line) once the budget is spent. */
  onTimeout: 'reject' | 'accept';
  /** `aisa-guard.log` (default `<git dir>/aisa-guard/decisions.jsonl`; relative to the git dir): one JSON line per push. */
  logFile: string;
}

export const PUSH_OPTION = 'aisa-guard.allow';
const FINGERPRINT = /^[0-9a-f]{64}$/;

/** The policy in force for the bare repository at `gitDir`; a malformed value is a UsageError naming it. */
export async function serverPolicy(gitDir: string): Promise<ServerPolicy> {
  const listed = await new Git(gitDir).run(['config', '-z', '--get-regexp', '^aisa-guard\\.']);
  const values = new Map<string, string[]>();
  for (const entry of listed.stdout.toString('utf8').split('\0')) {
    if (!entry) continue;
    const [name, ...value] = entry.split('\n');
    values.set(name, [...(values.get(name) ?? []), value.join('\n')]);
  }
  const last = (name: string) => values.get(name.toLowerCase())?.at(-1);
  const allow = (values.get('aisa-guard.allow') ?? []).map((v) => v.trim().toLowerCase());
  const bad = allow.find((v) => !FINGERPRINT.test(v));
  if (bad !== undefined) throw new UsageError(`git config aisa-guard.allow: "${bad.slice(0, 80)}" is not a fingerprint (64 hex digits, as "--show-fingerprints" prints)`);
  const seconds = last('aisa-guard.timeout') ?? '60';
  if (!/^\d+(\.\d+)?$/.test(seconds) || Number(seconds) <= 0) throw new UsageError(`git config aisa-guard.timeout: takes seconds (got "${seconds}")`);
  const onTimeout = last('aisa-guard.onTimeout') ?? 'reject';
  if (onTimeout !== 'reject' && onTimeout !== 'accept') throw new UsageError(`git config aisa-guard.onTimeout: reject or accept (got "${onTimeout}")`);
  return {
    allow: new Set(allow),
    pushOptionAllowed: gitBoolean(last('aisa-guard.allowPushOption'), 'aisa-guard.allowPushOption'),
    timeoutMs: Number(seconds) * 1000,
    onTimeout,
    logFile: path.resolve(gitDir, last('aisa-guard.log') ?? path.join('aisa-guard', 'decisions.jsonl')),
  };
}

function gitBoolean(value: string | undefined, name: string): boolean {
  if (value === undefined) return false;
  const v = value.trim().toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(v)) return true;
  if (['false', 'no', 'off', '0', ''].includes(v)) return false;
  throw new UsageError(`git config ${name}: true or false (got "${value.slice(0, 40)}")`);
}

/**
 * The fingerprints a pusher asked to allow with `-o aisa-guard.allow=<fingerprint>` (git passes push
 * options as GIT_PUSH_OPTION_COUNT and GIT_PUSH_OPTION_<n>, when the server advertises them).
 */
export function pushOptionAllows(env: NodeJS.ProcessEnv = process.env): string[] {
  const count = Number(env.GIT_PUSH_OPTION_COUNT ?? 0);
  const asked: string[] = [];
  for (let i = 0; i < count; i++) {
    const option = env[`GIT_PUSH_OPTION_${i}`] ?? '';
    if (option.startsWith(`${PUSH_OPTION}=`)) asked.push(option.slice(PUSH_OPTION.length + 1).trim().toLowerCase());
  }
  return asked;
}
