import { defineConfig } from '@playwright/test';

// The fixture's own tests: two workers at once (separate networks), clean-up after a failure,
// then (alone, so it never holds a worker the two-worker test waits for) Ctrl-C and hard kills.
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../../test-results/pulseboard-playwright',
  timeout: 120_000,
  workers: 2,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  projects: [
    { name: 'fixture', testIgnore: ['interrupt.spec.ts', 'rootless.spec.ts'] },
    { name: 'alone', testMatch: ['interrupt.spec.ts', 'rootless.spec.ts'], dependencies: ['fixture'] },
  ],
});
