import { UsageError } from '../errors.js';
import type { Command } from './types.js';

export const preReceiveCommand: Command = {
  name: 'pre-receive',
  summary: "server hook: refuse pushes that add a key (a bare repository's pre-receive)",
  usage: `aisa-guard pre-receive [--repo DIR]

Run by the pre-receive hook of a bare repository ("aisa-guard init --server DIR" installs it), which
passes "<old sha> <new sha> <ref>" per updated ref on stdin. Scans only what the push adds (the
quarantined objects no ref reaches yet: new branches, fast-forwards and force pushes alike; deletes add
nothing), their commit and tag messages and the ref names, and rejects the push with a message naming
ref, commit, file and line. Inline allow comments in pushed content are not honoured.

Policy, from the server repository's git config only (never from pushed content):
  aisa-guard.allow <fingerprint>    accept this key (repeatable)
  aisa-guard.allowPushOption true   honour "git push -o aisa-guard.allow=<fingerprint>" (default false;
                                    also needs receive.advertisePushOptions true)
  aisa-guard.timeout <seconds>      time budget of one check (default 60)
  aisa-guard.onTimeout reject|accept   what a push that could not be checked in time gets (default reject)
  aisa-guard.log <file>             decision log, one JSON line per push, fingerprints only
                                    (default <git dir>/aisa-guard/decisions.jsonl)
Exit codes: 0 accepted, 1 keys found (rejected), 2 not checked (timeout, unreadable objects, error).

Options:
      --repo DIR          the repository (default: the current directory, where git runs hooks)`,
  maxPositionals: 0,
  options: { repo: { type: 'string' } },
  async run(values, _positionals, signal) {
    if (process.stdin.isTTY) throw new UsageError('pre-receive is run by the pre-receive hook of a server repository, which passes the updated refs on stdin ("aisa-guard init --server DIR" installs it)');
    const { decidePush } = await import('../server/pre-receive.js');
    const dir = (values.repo as string | undefined) ?? '.';
    return decidePush({ dir, input: await readStdin(), flags: {}, signal });
  },
};

/** The hook's stdin, whole (a few lines: one per pushed ref). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
