// `aisa-guard purge`: scan the whole history, refuse while a key is live (revoke first), rewrite a fresh
// mirror clone (or, asked, this repository) with git-filter-repo, then prove it: a full history scan of
// the result, unreachable objects included, must find none of the purged keys. Never pushes; prints
// the steps that are the user's (force-push, and what lives outside git) and writes a report mapping
// old to new commit ids.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding, KeyLookup, ScanResult } from '../types.js';
import { EXIT, OperationalError, UsageError } from '../errors.js';
import { Git, openRepo } from '../git/index.js';
import { INCOMPLETE, accepted, collect } from '../pipeline.js';
import { printable } from '../report/escape.js';
import { settingsFor, type RunSettings } from '../settings/index.js';
import { historySource } from '../sources/git/history.js';
import type { OptionValues } from '../commands/types.js';
import { plural } from '../words.js';
import { requireFilterRepo, runFilterRepo } from './filter-repo.js';
import { planRewrite, type Plan } from './plan.js';
import { nextSteps } from './steps.js';
import { reattachNotes } from './notes.js';
import { scanMetadata, type MetadataScan } from './metadata.js';
import { LFS_IGNORED, lfsInstalled, lfsRefusal, lfsUse } from './lfs.js';
import { redactKeysIn } from '../detect/index.js';

export interface PurgeOptions {
  repo: string;
  /** Where the rewritten mirror goes (default: `<repository>-purged` beside it). */
  out?: string;
  inPlace: boolean;
  dropPaths: string[];
  allowLive: boolean;
  /** Purge the git side of a repository that uses Git LFS (its LFS content is left as it is). */
  ignoreLfs?: boolean;
  report?: string;
  flags: OptionValues;
  signal: AbortSignal;
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const warn = (line: string) => process.stderr.write(`aisa-guard: ${printable(line)}\n`);

export async function purge(o: PurgeOptions): Promise<number> {
  if (o.inPlace && o.out !== undefined) throw new UsageError('--in-place rewrites this repository: it cannot be combined with --out');
  const repo = await openRepo(o.repo);
  const git = new Git(repo.root, o.signal);
  await requireFilterRepo(git);
  const target = o.inPlace ? repo.root : path.resolve(o.out ?? `${repo.root.replace(/\/\.git$|\.git$/, '')}-purged`);
  if (!o.inPlace && existsSync(target) && readdirSync(target).length) throw new UsageError(`${target} already exists and is not empty: choose another --out`);
  if (o.inPlace && !repo.bare && (await git.text(['status', '--porcelain', '--untracked-files=no'])).trim()) {
    throw new UsageError('--in-place: the work tree has uncommitted changes, which the rewrite would lose: commit or stash them first');
  }
  const lfs = await lfsUse(git, repo.gitDir);
  if (lfs !== undefined && !o.ignoreLfs) throw new OperationalError(lfsRefusal(lfs, await lfsInstalled(git)));
  if (lfs !== undefined) warn(LFS_IGNORED);
  const source = await historySource(repo.root, {});
  const settings = await settingsFor('purge', o.flags, source);
  const [objects, metadata] = await Promise.all([collect(source, settings, o.signal), scanMetadata(git)]);
  const keys = { keyFor: (fingerprint: string) => objects.keys?.keyFor(fingerprint) ?? metadata.keys.keyFor(fingerprint) };
  const raw: ScanResult = { ...objects, findings: [...objects.findings, ...metadata.findings], keys: undefined };
  const scan = accepted(raw, settings);
  if (incomplete(scan)) throw new OperationalError(`${incomplete(scan)} object(s) could not be read: a purge must see everything first (run "aisa-guard history" for the details)`);
  if (!scan.findings.length) {
    say('purge: no keys in this repository\'s history: nothing to rewrite');
    return EXIT.clean;
  }
  const refusal = await liveCheck(scan, keys, settings, o.allowLive);
  if (refusal !== undefined) return refusal;

  const plan = await planRewrite(git, scan.findings, keys, { ...settings, dropPaths: o.dropPaths });
  plan.metadata = metadata.findings.some((f) => plan.purged.has(f.fingerprint));
  if (!o.inPlace) {
    // A local clone through the file transport, which the hardened calls keep off: no program of the repository runs.
    const clone = await new Git(repo.root, o.signal, { network: true }).run(['clone', '--quiet', '--mirror', '--no-local', '--', repo.gitDir, target]);
    if (clone.code !== 0) throw new OperationalError(`cannot make a mirror clone in ${target}: ${clone.stderr.trim().split('\n')[0]}`);
  }
  const rewritten = await openRepo(target);
  // `git -c` on the call does not reach the clone's config: its own copy of the origin must not tempt a push.
  if (!o.inPlace) await new Git(target).run(['remote', 'remove', 'origin']);
  await runFilterRepo(rewritten.root, plan, o.signal);
  const commits = Object.fromEntries(filterRepoTable(rewritten.gitDir, 'commit-map').map(([from, to]) => [from, to]));
  await reattachNotes(new Git(rewritten.root, o.signal), commits);
  const report = await writeReport(o.report ?? path.join(rewritten.gitDir, 'aisa-guard-purge-report.json'), repo.root, rewritten.gitDir, plan, commits);
  const left = await prove(rewritten.root, plan, o.flags, o.signal);
  summarise(plan, report, metadata);
  if (left.length) {
    for (const f of left) warn(`still there after the rewrite: ${f.redacted} in ${f.file}${f.commit ? ` at ${f.commit.slice(0, 12)}` : ''}`);
    warn(`purge incomplete: ${plural(left.length, 'place')} of the rewritten repository still hold a purged key (see above); do not push it`);
    return EXIT.error;
  }
  say(`proof: a full history scan of ${printable(rewritten.root)} (every object, unreachable ones too) finds none of the purged keys`);
  for (const line of nextSteps({ target: rewritten.root, inPlace: o.inPlace, report })) say(line);
  return EXIT.clean;
}

function incomplete(scan: ScanResult): number {
  return INCOMPLETE.reduce((sum, reason) => sum + (scan.stats.skipped?.[reason] ?? 0), 0);
}

/** Revoke first: with --verify (or --revoke) a key still live stops the purge unless --allow-live. */
async function liveCheck(scan: ScanResult, keys: KeyLookup, settings: RunSettings, allowLive: boolean): Promise<number | undefined> {
  if (!settings.respond) {
    warn('the keys were not verified: revoke them at AIsa before or right after the purge ("aisa-guard history --verify --revoke"; purge --verify checks first)');
    return undefined;
  }
  const { respond, confirm } = await import('../respond/index.js');
  await respond(scan.findings, settings.respond, {
    root: settings.root,
    keys,
    quiet: settings.report.quiet,
    confirm: process.stdin.isTTY ? (question) => confirm(question) : undefined,
    log: (text) => process.stderr.write(text.split('\n').map(printable).join('\n') + '\n'),
  });
  const live = [...new Map(scan.findings.filter((f) => f.status === 'live' && f.revocation !== 'revoked').map((f) => [f.fingerprint, f])).values()];
  if (!live.length || allowLive) return undefined;
  warn(`purge refused: ${plural(live.length, 'key')} still live at AIsa (${live.map((f) => f.redacted).join(', ')}): revoke first ("aisa-guard history --revoke"), or purge anyway with --allow-live`);
  return EXIT.liveKey;
}

/** The full history scan of the result, reading every object; what it still finds of the purged keys. */
async function prove(dir: string, plan: Plan, flags: OptionValues, signal: AbortSignal): Promise<Finding[]> {
  const source = await historySource(dir, { allObjects: true });
  const settings = await settingsFor('purge', { config: flags.config }, source);
  const [result, metadata] = await Promise.all([collect(source, settings, signal), scanMetadata(new Git(dir, signal))]);
  if (incomplete(result)) throw new OperationalError(`the proof scan of ${dir} could not read ${incomplete(result)} object(s): the purge is not proven; do not push it`);
  return [...result.findings, ...metadata.findings].filter((f) => plan.purged.has(f.fingerprint));
}

/** One of the tables git-filter-repo leaves in `<git dir>/filter-repo/` (a header line, then rows). */
function filterRepoTable(gitDir: string, name: string): string[][] {
  const lines = readFileSync(path.join(gitDir, 'filter-repo', name), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => line.split(/\s+/));
}

async function writeReport(file: string, original: string, rewritten: string, plan: Plan, commits: Record<string, string>): Promise<string> {
  const report = {
    repository: original,
    rewritten,
    keys: [...plan.purged].map(([fingerprint, redacted]) => ({ fingerprint, redacted })),
    replacedFiles: plan.replacedFiles,
    droppedPaths: plan.dropPaths,
    commits,
    refs: filterRepoTable(rewritten, 'ref-map').map(([from, to, ref]) => ({ ref: redactKeysIn(ref), from, to })),
  };
  await writeFile(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}

function summarise(plan: Plan, report: string, metadata: MetadataScan): void {
  say(`purge: ${plural(plan.purged.size, 'key')} replaced by AISA_API_KEY_REMOVED in ${plural(plan.editedBlobs, 'file version')} and ${plural(plan.messages.size, 'message')}`);
  if (metadata.idents || metadata.refs) say(`  and in ${plural(metadata.idents, 'author, committer or tagger ident')} and ${plural(metadata.refs, 'ref name')}`);
  for (const f of plan.replacedFiles) {
    say(`  ${printable(f.path)}: ${f.action === 'dropped' ? 'dropped from every commit' : 'replaced whole by a one-line note'} (${printable(f.why)})`);
  }
  say(`report (old → new commit ids, refs, files): ${printable(report)}`);
}
