// `aisa-guard pre-receive`: decide one push. Scan what it adds (src/sources/git/pre-receive.ts) within
// the server's time budget, take out what the server's policy allows, then accept or reject, tell the
// pusher why (stderr, shown as `remote:` lines) and log the decision as one JSON line.
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Finding, ScanResult } from '../types.js';
import { EXIT, OperationalError, messageOf } from '../errors.js';
import { Git, gitError } from '../git/index.js';
import { redactKeysIn } from '../detect/findings.js';
import { pushOptionAllows, serverPolicy, type ServerPolicy } from '../settings/server-policy.js';
import { classify, parseUpdates, preReceiveSource, pushedTips, readPush, type PushRead, type RefUpdate } from '../sources/git/pre-receive.js';
import type { OptionValues } from '../commands/types.js';
import { refusalLines, remoteLine, type Placed } from './message.js';

export type Decision = 'accepted' | 'rejected';
export type Reason = 'clean' | 'allowed' | 'keys' | 'timeout' | 'incomplete' | 'nothing-new';

interface Outcome {
  decision: Decision;
  reason: Reason;
  placed: Placed[];
  allowed: { finding: Finding; by: 'server' | 'push-option' }[];
  lines: string[];
}

export interface PreReceiveOptions {
  dir: string;
  input: string;
  flags: OptionValues;
  signal: AbortSignal;
  env?: NodeJS.ProcessEnv;
  write?: (text: string) => void;
}

/** The repository the hook runs in: its git dir, and where git commands run (the same when bare). */
interface ServerRepo {
  root: string;
  gitDir: string;
}

export async function decidePush(options: PreReceiveOptions): Promise<number> {
  const started = performance.now();
  const env = options.env ?? process.env;
  const write = options.write ?? ((text: string) => process.stderr.write(text));
  const parsed = parseUpdates(options.input);
  const repo = await serverRepo(options.dir, options.signal);
  // Git starts reading what the push adds now, while the policy is read and the scanner loads; the
  // time budget counts from the start and stops git too.
  const budget = new AbortController();
  const signal = AbortSignal.any([options.signal, budget.signal]);
  const tips = pushedTips(parsed);
  const read = tips.length ? readPush(new Git(repo.root, signal), tips) : undefined;
  const asked = pushOptionAllows(env);
  let policy: ServerPolicy;
  let updates: RefUpdate[];
  let outcome: Outcome;
  try {
    policy = await serverPolicy(repo.gitDir);
    const timer = setTimeout(() => budget.abort(new OperationalError('time budget spent')), Math.max(0, policy.timeoutMs - (performance.now() - started)));
    try {
      updates = await classify(new Git(repo.root, signal), parsed);
      outcome = await judge(repo, updates, read, policy, asked, options, signal);
    } catch (error) {
      if (!budget.signal.aborted || options.signal.aborted) throw error;
      outcome = timedOut(policy);
      updates ??= parsed.map((u) => ({ ...u, kind: 'update' }));
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await read?.dispose();
  }
  for (const line of outcome.lines) write(remoteLine(line));
  await logDecision(policy, {
    time: new Date().toISOString(),
    repository: repo.gitDir,
    pusher: pusherOf(env),
    decision: outcome.decision,
    reason: outcome.reason,
    ms: Math.round(performance.now() - started),
    refs: updates.map((u) => ({ ref: redactKeysIn(u.ref), kind: u.kind, old: u.old, new: u.new })),
    pushOptionAllow: asked,
    findings: [
      ...outcome.placed.map(({ finding, ref }) => logged(finding, ref)),
      ...outcome.allowed.map(({ finding, by }) => ({ ...logged(finding), allowedBy: by })),
    ],
  }).catch((error: unknown) => write(remoteLine(`warning: cannot write the decision log ${policy.logFile}: ${messageOf(error)}`)));
  if (outcome.decision === 'accepted') return EXIT.clean;
  return outcome.reason === 'keys' ? EXIT.found : EXIT.error;
}

async function serverRepo(dir: string, signal: AbortSignal): Promise<ServerRepo> {
  const git = new Git(path.resolve(dir), signal);
  const args = ['rev-parse', '--is-bare-repository', '--absolute-git-dir'];
  const facts = await git.run(args);
  if (facts.code !== 0) throw gitError(dir, args, facts.stderr);
  const [bare, gitDir] = facts.stdout.toString('utf8').trim().split('\n');
  if (bare === 'true') return { root: gitDir, gitDir };
  const top = await git.run(['rev-parse', '--show-toplevel']);
  return { root: (top.code === 0 && top.stdout.toString('utf8').trim()) || gitDir, gitDir };
}

/** Once the budget is spent, the server's policy decides (reject by default). */
function timedOut(policy: ServerPolicy): Outcome {
  const decision = policy.onTimeout === 'accept' ? 'accepted' : 'rejected';
  const line = `push not checked within ${policy.timeoutMs / 1000}s: ${decision} by this server's policy (aisa-guard.onTimeout=${policy.onTimeout})`;
  return { decision, reason: 'timeout', placed: [], allowed: [], lines: [line] };
}

async function judge(
  repo: ServerRepo,
  updates: RefUpdate[],
  read: PushRead | undefined,
  policy: ServerPolicy,
  asked: string[],
  options: PreReceiveOptions,
  signal: AbortSignal,
): Promise<Outcome> {
  if (!read) return { decision: 'accepted', reason: 'nothing-new', placed: [], allowed: [], lines: [] };
  const [{ settingsFor }, { applyFilters }, { INCOMPLETE_REASONS }] = await Promise.all([import('../settings/index.js'), import('../filter.js'), import('../report/summary.js')]);
  const source = preReceiveSource(repo.root, updates, read);
  const settings = await settingsFor('pre-receive', options.flags, source);
  const raw: ScanResult = await source.scan(settings, signal);
  // Inline `aisa-guard:allow` comments are pushed content: on the server only the server's policy allows.
  const filtered = applyFilters({ ...raw, findings: raw.findings.map((f) => ({ ...f, suppressed: undefined })) }, settings.filters);
  const result = { ...filtered, warnings: [...settings.warnings, ...filtered.warnings] };
  const pushOption = new Set(policy.pushOptionAllowed ? asked : []);
  const allowed: Outcome['allowed'] = [];
  const blocking: Finding[] = [];
  for (const finding of result.findings) {
    if (policy.allow.has(finding.fingerprint)) allowed.push({ finding, by: 'server' });
    else if (pushOption.has(finding.fingerprint)) allowed.push({ finding, by: 'push-option' });
    else blocking.push(finding);
  }
  if (blocking.length) {
    const placed = await placeOnRefs(new Git(repo.root, options.signal), blocking, updates);
    const lines = refusalLines({ placed, pushOptionAllowed: policy.pushOptionAllowed, pushOptionRefused: asked.length > 0 && !policy.pushOptionAllowed });
    return { decision: 'rejected', reason: 'keys', placed, allowed, lines };
  }
  const unread = INCOMPLETE_REASONS.reduce((sum, reason) => sum + (result.stats.skipped?.[reason] ?? 0), 0);
  if (unread) {
    const lines = [...result.warnings.map((w) => `warning: ${w}`), `push rejected: ${unread} pushed object(s) could not be read, so the push cannot be checked`];
    return { decision: 'rejected', reason: 'incomplete', placed: [], allowed, lines };
  }
  const lines = allowed.map(({ finding, by }) => `allowed by ${by === 'server' ? "this server's allow-list" : 'push option'}: ${finding.redacted} (fingerprint ${finding.fingerprint})`);
  return { decision: 'accepted', reason: allowed.length ? 'allowed' : 'clean', placed: [], allowed, lines };
}

/** Each finding with the pushed ref that brings it: the first whose new history holds its commit. */
async function placeOnRefs(git: Git, findings: Finding[], updates: RefUpdate[]): Promise<Placed[]> {
  const pushed = updates.filter((u) => u.kind !== 'delete');
  const reaches = new Map<string, string>();
  const refFor = async (f: Finding): Promise<string> => {
    if (f.objectKind === 'tag-message' && f.tag) {
      const tagRef = pushed.find((u) => u.ref === `refs/tags/${f.tag}`);
      if (tagRef) return tagRef.ref;
    }
    if (f.location === 'path' && f.commit === undefined && f.blob === undefined) return f.file;
    const target = f.commit ?? f.blob;
    if (target === undefined) return pushed[0].ref;
    if (!reaches.has(target)) {
      let found = pushed.find((u) => u.new === target)?.ref;
      for (const u of pushed) {
        if (found) break;
        if ((await git.run(['merge-base', '--is-ancestor', target, u.new])).code === 0) found = u.ref;
      }
      reaches.set(target, found ?? pushed[0].ref);
    }
    return reaches.get(target)!;
  };
  const placed: Placed[] = [];
  for (const finding of findings) placed.push({ finding, ref: await refFor(finding) });
  return placed;
}

function logged(f: Finding, ref?: string): Record<string, unknown> {
  return {
    fingerprint: f.fingerprint,
    ...(ref !== undefined && { ref: redactKeysIn(ref) }),
    commit: f.commit,
    file: redactKeysIn(f.file),
    line: f.line,
    kind: f.objectKind ?? (f.location === 'path' ? 'name' : 'blob'),
  };
}

/** Who pushed, as the hosting software tells its hooks (Gitea/Forgejo, GitLab, GitHub Enterprise). */
function pusherOf(env: NodeJS.ProcessEnv): string | undefined {
  return env.GITEA_PUSHER_NAME ?? env.GL_USERNAME ?? env.GITHUB_USER_LOGIN ?? env.REMOTE_USER ?? env.USER;
}

async function logDecision(policy: ServerPolicy, entry: Record<string, unknown>): Promise<void> {
  try {
    await mkdir(path.dirname(policy.logFile), { recursive: true });
    await appendFile(policy.logFile, JSON.stringify(entry) + '\n', { mode: 0o600 });
  } catch (error) {
    throw new OperationalError(messageOf(error));
  }
}
