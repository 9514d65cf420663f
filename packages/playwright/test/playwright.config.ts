import { defineConfig } from '@playwright/test';

// The fixture's own tests: two workers at once (separate networks), clean-up after a failure.
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../../test-results/pulseboard-playwright',
  timeout: 120_000,
  workers: 2,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
});
