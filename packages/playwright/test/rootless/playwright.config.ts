import { defineConfig } from '@playwright/test';

// The run rootless.spec.ts starts as an unprivileged user through `pulseboard-playwright`.
export default defineConfig({
  testDir: '.',
  testMatch: '*.rootless.ts',
  outputDir: process.env.PBL_ROOTLESS_OUT ?? '../../../../test-results/pulseboard-playwright-rootless',
  timeout: 120_000,
  workers: 1,
  reporter: 'line',
});
