import { defineConfig } from '@playwright/test';

// The lab starts one virtual network and board per worker; panels open in Chromium inside the
// lab's namespaces (Debian's /usr/bin/chromium here), so the tests need root.
export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 90_000,
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI
    ? [['list'], ['html', { open: 'never', outputFolder: './playwright-report' }]]
    : 'list',
});
