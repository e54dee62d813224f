// What the pusher reads: git shows each line the hook writes to stderr as `remote: <line>`. Every line
// starts with "aisa-guard:" (never `::`, so no CI log takes it for a workflow command), untrusted text
// (paths, ref and tag names) is escaped and redacted, and keys appear only in their redacted form.
import type { Finding } from '../types.js';
import { printable } from '../report/escape.js';
import { plural } from '../words.js';

export interface Placed {
  finding: Finding;
  /** The pushed ref whose new history holds it. */
  ref: string;
}

/** Where a finding is, in the words of `git log`: the file and line, or which message. */
export function place(f: Finding): string {
  const at = f.offset !== undefined ? `byte ${f.offset}` : `line ${f.line}, column ${f.column}`;
  const encoded = f.encoding ? ` (${f.encoding}-encoded)` : '';
  if (f.objectKind === 'commit-message') return `commit message, line ${f.line}${encoded}`;
  if (f.objectKind === 'tag-message') return `message of tag ${f.tag ?? ''}, line ${f.line}${encoded}`;
  if (f.location === 'path' && f.commit === undefined && f.blob === undefined) return 'the ref name itself';
  if (f.location === 'path') return `${f.file} (in the file name)`;
  return `${f.file}, ${at}${encoded}`;
}

export interface Refusal {
  placed: Placed[];
  pushOptionAllowed: boolean;
  /** The pusher asked for a bypass this server does not honour. */
  pushOptionRefused: boolean;
}

export function refusalLines({ placed, pushOptionAllowed, pushOptionRefused }: Refusal): string[] {
  const lines = [`push rejected: ${plural(placed.length, 'AIsa API key')} in what this push adds`];
  for (const { finding: f, ref } of placed) {
    const commit = f.commit ? `commit ${f.commit.slice(0, 12)}: ` : '';
    lines.push(`  ${ref}: ${commit}${place(f)}: ${f.redacted}`, `    fingerprint ${f.fingerprint}`);
  }
  lines.push(
    'how to fix: take the key out of every new commit that holds it, not only the last one',
    '  (git rebase -i <first commit>^, edit the file or reword the message, git commit --amend, git rebase --continue),',
    '  put it in an environment variable or a secret store, then push again.',
    'a key that was ever shared or pushed elsewhere must be revoked: aisa-guard history --verify --revoke',
  );
  if (pushOptionRefused) lines.push('the push option aisa-guard.allow is not honoured by this server (git config aisa-guard.allowPushOption is off)');
  lines.push(
    pushOptionAllowed
      ? 'a test key you mean to push: git push -o aisa-guard.allow=<fingerprint>, or ask the server administrator to allow it'
      : "a test key you mean to push: ask the server administrator to allow its fingerprint (git config --add aisa-guard.allow <fingerprint>)",
  );
  return lines;
}

/** One line for git to show as `remote:`. */
export function remoteLine(text: string): string {
  return `aisa-guard: ${printable(text)}\n`;
}
