// git-filter-repo, driven by what the scan found. The new content of every blob holding a key is worked
// out beforehand (replace.ts) and written, key-free, to a private temp folder; the callbacks swap blobs
// by object id and messages by the sha256 of their bytes, and apply the literal forms of the keys to
// file names and to any message fast-export hands over in another shape (a stripped signature). The
// keys themselves reach the callbacks only through the environment of this one call, never a file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { OperationalError } from '../errors.js';
import { Git } from '../git/index.js';
import { literalPairs } from './replace.js';

export interface Rewrite {
  /** Blob id → its new content. */
  blobs: Map<string, Buffer>;
  /** A message as it is now → as it will be. */
  messages: Map<Buffer, Buffer>;
  keys: readonly string[];
  /** Paths removed from every commit (`--drop-path`). */
  dropPaths: readonly string[];
  /** Keys in idents or ref names: rewrite names, emails and ref names too. */
  metadata?: boolean;
}

export const FILTER_REPO_MISSING =
  'git-filter-repo is not installed: purge rewrites history with it (Debian/Ubuntu: apt-get install git-filter-repo; elsewhere: pip install git-filter-repo)';

export async function requireFilterRepo(git: Git): Promise<void> {
  const version = await git.run(['filter-repo', '--version']);
  if (version.code !== 0) throw new OperationalError(FILTER_REPO_MISSING);
}

const LOAD = `g = globals()
if '_aisa_blobs' not in g:
  import json, os, hashlib
  d = os.environ['AISA_GUARD_PURGE_DIR']
  g['_aisa_blobs'] = json.load(open(os.path.join(d, 'blobs.json')))
  g['_aisa_messages'] = json.load(open(os.path.join(d, 'messages.json')))
  g['_aisa_pairs'] = [(bytes.fromhex(a), bytes.fromhex(b)) for a, b in json.loads(os.environ['AISA_GUARD_PURGE_PAIRS'])]
  g['_aisa_sha256'] = lambda data: hashlib.sha256(data).hexdigest()
  g['_aisa_read'] = lambda name: open(os.path.join(d, name), 'rb').read()
`;

const BLOB_CALLBACK = `${LOAD}name = _aisa_blobs.get(blob.original_id.decode())
if name is not None:
  blob.data = _aisa_read(name)
`;

const MESSAGE_CALLBACK = `${LOAD}name = _aisa_messages.get(_aisa_sha256(message))
if name is not None:
  return _aisa_read(name)
for old, new in _aisa_pairs:
  message = message.replace(old, new)
return message
`;

const FILENAME_CALLBACK = `${LOAD}if filename is None:
  return None
for old, new in _aisa_pairs:
  filename = filename.replace(old, new)
return filename
`;

/** The same literal replacement for one more kind of value git-filter-repo hands a callback. */
const literalCallback = (name: string) => `${LOAD}for old, new in _aisa_pairs:
  ${name} = ${name}.replace(old, new)
return ${name}
`;

/** Rewrites the repository at `dir` (all refs; replace refs are not added: they would keep old commits). */
export async function runFilterRepo(dir: string, rewrite: Rewrite, signal: AbortSignal): Promise<void> {
  const data = await mkdtemp(path.join(os.tmpdir(), 'aisa-guard-purge-'));
  try {
    const blobs: Record<string, string> = {};
    for (const [oid, content] of rewrite.blobs) {
      blobs[oid] = `blob-${oid}`;
      await writeFile(path.join(data, blobs[oid]), content, { mode: 0o600 });
    }
    const messages: Record<string, string> = {};
    for (const [before, after] of rewrite.messages) {
      const hash = createHash('sha256').update(before).digest('hex');
      messages[hash] = `message-${hash}`;
      await writeFile(path.join(data, messages[hash]), after, { mode: 0o600 });
    }
    await writeFile(path.join(data, 'blobs.json'), JSON.stringify(blobs), { mode: 0o600 });
    await writeFile(path.join(data, 'messages.json'), JSON.stringify(messages), { mode: 0o600 });
    const pairs = literalPairs(rewrite.keys).map(([a, b]) => [a.toString('hex'), b.toString('hex')]);
    const env = { AISA_GUARD_PURGE_DIR: data, AISA_GUARD_PURGE_PAIRS: JSON.stringify(pairs) };
    const args = [
      'filter-repo', '--force', '--quiet', '--replace-refs', 'delete-no-add',
      '--blob-callback', BLOB_CALLBACK,
      '--message-callback', MESSAGE_CALLBACK,
      '--filename-callback', FILENAME_CALLBACK,
      ...(rewrite.metadata ? ['--name-callback', literalCallback('name'), '--email-callback', literalCallback('email'), '--refname-callback', literalCallback('refname')] : []),
      ...(rewrite.dropPaths.length ? ['--invert-paths', ...rewrite.dropPaths.flatMap((p) => ['--path', p])] : []),
    ];
    const result = await new Git(dir, signal, { env }).run(args);
    // A Python traceback ends in the exception's line, which says what went wrong; else git's last line.
    const lines = result.stderr.split('\n').filter((line) => line.trim());
    const said = lines.filter((line) => /^\w*(Error|Exception)\b/.test(line)).at(-1) ?? lines.at(-1) ?? `exit code ${result.code}`;
    if (result.code !== 0) throw new OperationalError(`git filter-repo failed: ${said.trim()}`);
  } finally {
    await rm(data, { recursive: true, force: true });
  }
}
