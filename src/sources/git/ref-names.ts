// Ref names are published with every push and fetch (`git ls-remote` shows them to anyone who can read
// the repository): a key in a branch or tag name is a leak of its own. All names are one fragment, one
// per line; each finding names its ref.
import type { Finding } from '../../types.js';
import { redactKeysIn } from '../../detect/index.js';
import { scanFragment } from '../../engine/scanner.js';
import type { ResultBuilder } from '../result.js';
import type { RefInfo } from './attribute.js';

export const REF_NAME = '<ref name>';

export async function scanRefNames(refs: readonly RefInfo[], builder: ResultBuilder): Promise<Finding[]> {
  if (!refs.length) return [];
  const fragment = { path: REF_NAME, body: { bytes: Buffer.from(refs.map((r) => r.name).join('\n'), 'utf8') }, sized: false };
  const outcome = await scanFragment(fragment, builder.context(REF_NAME), { archives: false });
  if (outcome.kind !== 'scanned') return [];
  return outcome.findings.map((f) => {
    const ref = refs[f.line - 1];
    return {
      ...f,
      line: 1,
      endLine: 1,
      objectKind: 'ref-name' as const,
      refs: [redactKeysIn(ref.name)],
      ...(ref.commit && { commit: ref.commit }),
      presentAtTip: true,
      onlyNonBranchRefs: !ref.name.startsWith('refs/heads/'),
    };
  });
}
