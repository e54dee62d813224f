// Keys where the history scan's objects are not the place: the names and emails of authors, committers
// and taggers, and ref names (branches, tags, notes, anything under refs/). git publishes them with
// every push, so purge finds them here, replaces them through git-filter-repo's name, email and refname
// callbacks, and its proof looks here again.
import type { Finding } from '../types.js';
import { KeyStore, redactKeysIn } from '../detect/index.js';
import { scanName } from '../engine/scanner.js';
import { gitError, type Git } from '../git/index.js';

export interface MetadataScan {
  /** One finding per key per place: `file` says which (`<ident>`, `<ref name>`), redacted. */
  findings: Finding[];
  keys: KeyStore;
  /** How many distinct idents and ref names hold a key. */
  idents: number;
  refs: number;
}

export const IDENT = '<author, committer or tagger>';
export const REF_NAME = '<ref name>';

export async function scanMetadata(git: Git): Promise<MetadataScan> {
  const logArgs = ['log', '--all', '--no-show-signature', '--format=%an%x00%ae%x00%cn%x00%ce%x00'];
  const refArgs = ['for-each-ref', '--format=%(taggername)%00%(taggeremail)%00'];
  const nameArgs = ['for-each-ref', '--format=%(refname)%00'];
  const outputs = await Promise.all([logArgs, refArgs, nameArgs].map(async (args) => {
    const result = await git.run(args);
    if (result.code !== 0) throw gitError(git.cwd, args, result.stderr);
    return new Set(result.stdout.toString('utf8').split('\0').map((s) => s.replace(/^\n/, '')).filter(Boolean));
  }));
  const keys = new KeyStore();
  const findings: Finding[] = [];
  const scan = (names: Set<string>, file: string) => {
    let holding = 0;
    for (const name of names) {
      const found = scanName(name, { keys });
      if (!found.length) continue;
      holding++;
      for (const f of found) findings.push({ ...f, file, snippet: redactKeysIn(name) });
    }
    return holding;
  };
  const idents = scan(new Set([...outputs[0], ...outputs[1]]), IDENT);
  const refs = scan(outputs[2], REF_NAME);
  return { findings, keys, idents, refs };
}
