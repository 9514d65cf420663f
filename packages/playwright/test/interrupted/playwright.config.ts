import { defineConfig } from '@playwright/test';

// A run that interrupt.spec.ts starts and then interrupts with Ctrl-C (SIGINT to its process
// group): one test that holds a lab with a panel, a client and a fault until it is stopped.
export default defineConfig({
  testDir: '.',
  testMatch: '*.hold.ts',
  outputDir: '../../../../test-results/pulseboard-playwright-interrupted',
  timeout: 0,
  workers: 1,
  reporter: 'line',
});
