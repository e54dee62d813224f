// A history audit with several keys, built at test time from generated keys (never written down):
// one key still at the tip in two places, one removed, one base64-encoded and verified revoked, one
// in a commit message, plus a low-confidence variant. Shared by the golden files and the HTML test.
import { scanText } from '../../src/detect/index.js';
import type { Finding, ScanResult } from '../../src/types.js';
import { fakeKey } from '../helpers/keys.js';

interface Appearance {
  file: string;
  text: (key: string) => string;
  commit: string;
  author: string;
  email: string;
  date: string;
  refs: string[];
  presentAtTip: boolean;
  objectKind?: Finding['objectKind'];
}

function found(key: string, at: Appearance, extra: Partial<Finding> = {}): Finding {
  const [finding] = scanText(at.text(key), { file: at.file });
  const { text: _text, ...history } = at;
  return { ...finding, ...history, ...extra };
}

const sha = (seed: string) => fakeKey(seed).slice(8).replace(/[^0-9a-f]/gi, '').toLowerCase().padEnd(40, '0').slice(0, 40);

export function historyFixture(): ScanResult {
  const ci = fakeKey('ci-token');
  const old = fakeKey('old-prod');
  const encoded = fakeKey('k8s-secret');
  const message = fakeKey('commit-message');
  const variant = 'sk-aisa-' + fakeKey('variant').slice(8, 8 + 36);
  const findings: Finding[] = [
    found(old, { file: 'config/prod.env', text: (k) => `# production\nAISA_API_KEY=${k}\n`, commit: sha('c1'), author: 'Dana Whitfield', email: 'dana@example.com', date: '2023-02-14T09:30:00+01:00', refs: ['refs/heads/main'], presentAtTip: false }),
    found(old, { file: 'scripts/deploy.sh', text: (k) => `#!/bin/sh\nexport AISA_API_KEY="${k}"\n`, commit: sha('c2'), author: 'Dana Whitfield', email: 'dana@example.com', date: '2023-05-02T17:05:00+02:00', refs: ['refs/heads/main'], presentAtTip: false }),
    found(encoded, { file: 'k8s/secret.yaml', text: (k) => `data:\n  api-key: ${Buffer.from(k).toString('base64')}\n`, commit: sha('c3'), author: 'Ravi <ops> & Co', email: 'ravi@example.com', date: '2023-09-21T11:00:00Z', refs: ['refs/heads/main', 'refs/tags/v1.2'], presentAtTip: false }, { status: 'revoked', revocation: 'already-revoked' }),
    found(message, { file: 'COMMIT_MESSAGE', text: (k) => `Rotate key, old one was ${k}\n`, commit: sha('c4'), author: 'Mia Chen', email: 'mia@example.com', date: '2024-01-09T08:15:00-05:00', refs: ['refs/heads/main'], presentAtTip: false, objectKind: 'commit-message' }),
    found(ci, { file: '.github/workflows/ci.yml', text: (k) => `env:\n  AISA_API_KEY: ${k} # "quoted" <value>\n`, commit: sha('c5'), author: 'Mia Chen', email: 'mia@example.com', date: '2024-03-30T22:45:00+09:00', refs: ['refs/heads/main', 'refs/heads/feature/x'], presentAtTip: true }, { status: 'live' }),
    found(ci, { file: 'src/app,v2:main.ts', text: (k) => `const key = '${k}';\n`, commit: sha('c6'), author: 'Leo Martin', email: 'leo@example.com', date: '2024-06-11T10:00:00+00:00', refs: ['refs/heads/feature/x'], presentAtTip: true }, { status: 'live' }),
    found(variant, { file: 'docs/notes 100%.md', text: (k) => `Old format: ${k}\n`, commit: sha('c7'), author: 'Leo Martin', email: 'leo@example.com', date: '2024-07-01T12:00:00+00:00', refs: ['refs/heads/main'], presentAtTip: true }),
  ];
  return {
    findings,
    stats: { files: 42, bytes: 123_456, ms: 987, objects: 120, commits: 37, suppressed: 2, skipped: {} },
    warnings: [],
  };
}
