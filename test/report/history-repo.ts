// A small real repository whose history a security lead would audit: three keys entering and leaving
// over eighteen months, by different people. Keys are generated at test time.
import { writeFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { git, tempDir } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';

export const AUDIT_KEYS = {
  prod: fakeKey('audit-prod'),
  k8s: fakeKey('audit-k8s'),
  ci: fakeKey('audit-ci'),
};

interface Step {
  author: string;
  date: string;
  message: string;
  files: Record<string, string | null>;
}

const STEPS: Step[] = [
  { author: 'Dana Whitfield', date: '2023-02-14T09:30:00+01:00', message: 'Add production config', files: { 'config/prod.env': `AISA_API_KEY=${AUDIT_KEYS.prod}\n` } },
  { author: 'Dana Whitfield', date: '2023-05-02T17:05:00+02:00', message: 'Deploy script', files: { 'scripts/deploy.sh': `#!/bin/sh\nexport AISA_API_KEY="${AUDIT_KEYS.prod}"\n` } },
  { author: 'Ravi Patel', date: '2023-09-21T11:00:00Z', message: 'Kubernetes secret', files: { 'k8s/secret.yaml': `data:\n  api-key: ${Buffer.from(AUDIT_KEYS.k8s).toString('base64')}\n` } },
  { author: 'Mia Chen', date: '2024-01-09T08:15:00-05:00', message: 'Load the key from the environment', files: { 'config/prod.env': null, 'scripts/deploy.sh': '#!/bin/sh\n: "${AISA_API_KEY:?set it}"\n' } },
  { author: 'Mia Chen', date: '2024-03-30T22:45:00+09:00', message: 'CI workflow', files: { '.github/workflows/ci.yml': `env:\n  AISA_API_KEY: ${AUDIT_KEYS.ci}\n` } },
  { author: 'Leo Martin', date: '2024-06-11T10:00:00Z', message: 'Client, drop the k8s secret', files: { 'src/client.ts': `export const key = '${AUDIT_KEYS.ci}';\n`, 'k8s/secret.yaml': null } },
  { author: 'Leo Martin', date: '2024-07-01T12:00:00Z', message: 'Docs', files: { 'README.md': 'Set AISA_API_KEY=sk-aisa-your-key-here\n' } },
];

/** Builds the repository; returns its folder and each step's commit sha. */
export function buildAuditRepo(): { dir: string; commits: string[] } {
  const dir = tempDir('aisa-guard-audit-');
  git(dir, ['init', '-q', '-b', 'main']);
  const commits: string[] = [];
  for (const step of STEPS) {
    for (const [name, content] of Object.entries(step.files)) {
      const full = path.join(dir, name);
      if (content === null) rmSync(full);
      else {
        mkdirSync(path.dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
    }
    const env = {
      GIT_AUTHOR_NAME: step.author,
      GIT_AUTHOR_EMAIL: `${step.author.split(' ')[0].toLowerCase()}@example.com`,
      GIT_AUTHOR_DATE: step.date,
      GIT_COMMITTER_DATE: step.date,
    };
    git(dir, ['add', '-A'], { env });
    git(dir, ['commit', '-q', '-m', step.message], { env });
    commits.push(git(dir, ['rev-parse', 'HEAD']));
  }
  return { dir, commits };
}
