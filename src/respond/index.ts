// The responder: verify each unique found key at AIsa, revoke the live ones when asked, record every
// call in the audit log. One request per key per run, however often the key was found.
import path from 'node:path';
import type { Finding, KeyLookup, KeyStatus } from '../types.js';
import { UsageError } from '../errors.js';
import { resolveEndpoints, type EndpointConfig, type Endpoints } from './endpoint.js';
import { DEFAULT_POLICY, type ApiRequest, type RetryPolicy } from './http.js';
import { revokeKey, revokeRequest, verifyKey, verifyRequest, type CallResult, type RevokeOutcome } from './aisa.js';
import { AuditLog } from './audit.js';
import { mapLimit } from './limit.js';
import { plural } from '../words.js';

export interface ResponseOptions {
  verify: boolean;
  /** Revoke live keys; implies verify. */
  revoke: boolean;
  /** Revoke keys whose status stayed unknown too. */
  revokeUnverified: boolean;
  /** Skip the confirmation question. */
  yes: boolean;
  /** Print the requests, send nothing. */
  dryRun: boolean;
  auditLog?: string;
  /** From the config file; the environment overrides it. */
  endpoint?: EndpointConfig;
  policy?: Partial<RetryPolicy>;
  concurrency?: number;
}

export interface RespondContext {
  /** The scan root: its name is the `<repo or path>` in the revoke request's `source`. */
  root: string;
  /** The scan's key store: where the full keys of these findings are (findings carry fingerprints only). */
  keys?: KeyLookup;
  quiet?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Asks the user before revoking; absent when there is no terminal to ask on. */
  confirm?: (question: string) => Promise<boolean>;
  /** Progress and results, one line each (the CLI writes them to stderr). */
  log?: (line: string) => void;
}

const DEFAULT_CONCURRENCY = 4;

/** All findings of one key: the first one names the location. */
interface KeyGroup {
  fingerprint: string;
  findings: Finding[];
  key: string | undefined;
}

/** Annotates `findings` in place with `status` and, for revocations, `revocation`. */
export async function respond(findings: Finding[], options: ResponseOptions, context: RespondContext): Promise<void> {
  if (!options.verify && !options.revoke) return;
  if (options.revoke && !options.yes && !options.dryRun && !context.confirm) {
    throw new UsageError('--revoke needs --yes when there is no terminal to confirm on');
  }
  const endpoints = resolveEndpoints(options.endpoint, context.env);
  const groups = uniqueKeys(findings, context.keys);
  const log = context.log ?? (() => undefined);
  if (!groups.length) return;
  if (options.dryRun) return log(dryRunText(groups, endpoints, options, context.root));

  const audit = options.auditLog ? await AuditLog.open(options.auditLog) : undefined;
  const run: Run = {
    endpoints,
    policy: { ...DEFAULT_POLICY, ...options.policy },
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    audit,
    root: context.root,
    log,
    info: context.quiet ? () => undefined : log,
  };
  try {
    await verifyAll(groups, run);
    if (!options.revoke) return;
    const targets = groups.filter((g) => g.key && (statusOf(g) === 'live' || (options.revokeUnverified && statusOf(g) === 'unknown')));
    if (!targets.length) return;
    if (!options.yes && context.confirm) {
      const names = targets.map((g) => g.findings[0].redacted).join(', ');
      if (!(await context.confirm(`Revoke ${plural(targets.length, 'key')} at AIsa (${names})? This cannot be undone.`))) {
        for (const g of targets) for (const f of g.findings) f.revocation = 'skipped';
        return log('aisa-guard: nothing revoked');
      }
    }
    await revokeAll(targets, run);
  } finally {
    await audit?.close();
  }
}

/** What every call of one run shares. */
interface Run {
  endpoints: Endpoints;
  policy: RetryPolicy;
  concurrency: number;
  audit?: AuditLog;
  root: string;
  /** Problems: always shown. */
  log: (line: string) => void;
  /** Progress: not under --quiet. */
  info: (line: string) => void;
}

async function verifyAll(groups: KeyGroup[], run: Run): Promise<void> {
  await mapLimit(groups, run.concurrency, async (group) => {
    const result: CallResult<KeyStatus> = group.key
      ? await verifyKey(run.endpoints, group.key, run.policy)
      : { outcome: 'unknown', attempts: 0, detail: 'the key is not in memory' };
    for (const f of group.findings) f.status = result.outcome;
    if (result.outcome === 'unknown') run.log(`aisa-guard: could not verify ${group.findings[0].redacted}: ${result.detail}`);
    if (group.key) await run.audit?.record(auditEntry('verify', group, run.endpoints.verifyUrl, result));
  });
  run.info(`aisa-guard: verified ${plural(groups.length, 'key')} at ${new URL(run.endpoints.verifyUrl).origin}: ${statusCounts(groups)}`);
}

async function revokeAll(targets: KeyGroup[], run: Run): Promise<void> {
  await mapLimit(targets, run.concurrency, async (group) => {
    const result = await revokeKey(run.endpoints, revokeTarget(group, run.root), run.policy);
    applyRevocation(group, result.outcome);
    const redacted = group.findings[0].redacted;
    if (result.outcome === 'revoked') run.info(`aisa-guard: revoked ${redacted} at AIsa`);
    else if (result.outcome === 'already-revoked') run.info(`aisa-guard: ${redacted} was already revoked`);
    else if (result.outcome === 'invalid') run.log(`aisa-guard: could not revoke ${redacted}: AIsa does not know this key (HTTP 401)`);
    else run.log(`aisa-guard: could not revoke ${redacted}: ${result.detail}`);
    await run.audit?.record(auditEntry('revoke', group, run.endpoints.revokeUrl, result));
  });
}

/** The exit-code question: was a working key found and left working? */
export function hasUnrevokedLiveKey(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.status === 'live' && f.revocation !== 'revoked' && f.revocation !== 'already-revoked');
}

/** One group per key, holding its findings and (from the scan's store) the key itself. */
function uniqueKeys(findings: Finding[], keys: KeyLookup | undefined): KeyGroup[] {
  const groups = new Map<string, KeyGroup>();
  for (const f of findings) {
    let group = groups.get(f.fingerprint);
    if (!group) groups.set(f.fingerprint, (group = { fingerprint: f.fingerprint, findings: [], key: keys?.keyFor(f.fingerprint) }));
    group.findings.push(f);
  }
  return [...groups.values()];
}

const statusOf = (group: KeyGroup) => group.findings[0].status;

function applyRevocation(group: KeyGroup, outcome: RevokeOutcome): void {
  for (const f of group.findings) {
    f.revocation = outcome === 'revoked' || outcome === 'already-revoked' ? outcome : 'failed';
    // A revoke reply can settle what verification could not.
    if (f.status === 'unknown' && outcome === 'already-revoked') f.status = 'revoked';
    if (f.status === 'unknown' && outcome === 'invalid') f.status = 'invalid';
  }
}

function revokeTarget(group: KeyGroup, root: string) {
  const first = group.findings[0];
  const source = `${path.basename(path.resolve(root))}:${first.file}${first.commit ? `@${first.commit}` : ''}`;
  return { key: group.key!, fingerprint: group.fingerprint, source };
}

function location(f: Finding): string {
  return `${f.file}:${f.line}:${f.column}${f.commit ? `@${f.commit}` : ''}`;
}

function auditEntry(action: 'verify' | 'revoke', group: KeyGroup, url: string, result: CallResult<string>) {
  const first = group.findings[0];
  return {
    action,
    fingerprint: group.fingerprint,
    redacted: first.redacted,
    location: location(first),
    url,
    httpStatus: result.httpStatus ?? null,
    outcome: result.outcome,
    attempts: result.attempts,
    ...(result.detail ? { detail: result.detail } : {}),
  };
}

function statusCounts(groups: KeyGroup[]): string {
  const order: KeyStatus[] = ['live', 'revoked', 'invalid', 'unknown'];
  return order
    .map((status) => [status, groups.filter((g) => statusOf(g) === status).length] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
}

/** The requests a real run would send, keys redacted, the admin key by name only. */
function dryRunText(groups: KeyGroup[], endpoints: Endpoints, options: ResponseOptions, root: string): string {
  const shown: Endpoints = { ...endpoints, adminKey: '$AISA_ADMIN_KEY' };
  const when = options.revokeUnverified ? 'if live or unknown' : 'if live';
  const lines = ['aisa-guard: dry run, nothing sent. A real run would send:'];
  for (const group of groups) {
    const first = group.findings[0];
    const times = group.findings.length > 1 ? `, found ${group.findings.length} times` : '';
    lines.push(`  ${requestText(verifyRequest(shown, first.redacted))}  (${location(first)}${times})`);
    if (options.revoke) {
      const target = revokeTarget({ ...group, key: first.redacted }, root);
      lines.push(`    then ${when}: ${requestText(revokeRequest(shown, target))}`);
    }
  }
  return lines.join('\n');
}

function requestText(request: ApiRequest): string {
  const body = request.body === undefined ? '' : `  ${JSON.stringify(request.body)}`;
  return `${request.method} ${request.url}  Authorization: Bearer ${request.bearer}${body}`;
}

export { resolveEndpoints, assertSafeUrl, isLoopback, DEFAULT_BASE_URL, type EndpointConfig, type Endpoints } from './endpoint.js';
export { DEFAULT_POLICY, type RetryPolicy } from './http.js';
export { verifyKey, revokeKey, type RevokeOutcome, type RevokeTarget } from './aisa.js';
export { AuditLog, type AuditEntry } from './audit.js';
export { confirm } from './confirm.js';
