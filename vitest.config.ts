import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // git-heavy suites spawn many processes; two workers fit the 2-core machines.
    maxWorkers: 2,
  },
});
