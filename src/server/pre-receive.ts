// `aisa-guard pre-receive`: decide one push. Scan what it adds (src/sources/git/pre-receive.ts) within
// the server's time budget, take out what the server's policy allows, then accept or reject, tell the
// pusher why (stderr, shown as `remote:` lines) and log the decision as one JSON line.
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Finding, ScanResult } from '../types.js';
import { EXIT, OperationalError, messageOf } from '../errors.js';
import { Git, openRepo, type RepoInfo } from '../git/index.js';
import { redactKeysIn } from '../detect/index.js';
import { INCOMPLETE, accepted } from '../pipeline.js';
import { settingsFor } from '../settings/index.js';
import { pushOptionAllows, serverPolicy, type ServerPolicy } from '../settings/server-policy.js';
import { classify, parseUpdates, preReceiveSource, type RefUpdate } from '../sources/git/pre-receive.js';
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

export async function decidePush(options: PreReceiveOptions): Promise<number> {
  const started = performance.now();
  const env = options.env ?? process.env;
  const write = options.write ?? ((text: string) => process.stderr.write(text));
  const repo = await openRepo(options.dir);
  const policy = await serverPolicy(repo.gitDir);
  const git = new Git(repo.root, options.signal);
  const updates = await classify(git, parseUpdates(options.input));
  const asked = pushOptionAllows(env);
  const outcome = await judge(repo, updates, policy, asked, options);
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

async function judge(repo: RepoInfo, updates: RefUpdate[], policy: ServerPolicy, asked: string[], options: PreReceiveOptions): Promise<Outcome> {
  const none = { placed: [], allowed: [] };
  if (updates.every((u) => u.kind === 'delete')) return { decision: 'accepted', reason: 'nothing-new', ...none, lines: [] };
  const source = preReceiveSource(repo, updates);
  const settings = await settingsFor('pre-receive', options.flags, source);
  const budget = AbortSignal.timeout(policy.timeoutMs);
  let raw: ScanResult;
  try {
    raw = await source.scan(settings, AbortSignal.any([options.signal, budget]));
  } catch (error) {
    if (!budget.aborted || options.signal.aborted) throw error;
    const seconds = policy.timeoutMs / 1000;
    const decision = policy.onTimeout === 'accept' ? 'accepted' : 'rejected';
    const line = `push not checked within ${seconds}s: ${decision} by this server's policy (aisa-guard.onTimeout=${policy.onTimeout})`;
    return { decision, reason: 'timeout', ...none, lines: [line] };
  }
  // Inline `aisa-guard:allow` comments are pushed content: on the server only the server's policy allows.
  const result = accepted({ ...raw, findings: raw.findings.map((f) => ({ ...f, suppressed: undefined })) }, settings);
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
  const unread = INCOMPLETE.reduce((sum, reason) => sum + (result.stats.skipped?.[reason] ?? 0), 0);
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
