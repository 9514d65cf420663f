import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources (the "source" export condition),
// so tests never depend on a stale build.
const resolve = { conditions: ['source'] };
const ssr = { resolve: { conditions: ['source'], externalConditions: ['source'] } };

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        ssr,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['packages/*/src/**/*.test.ts', 'apps/server/src/**/*.test.ts', 'bench/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        resolve,
        ssr,
        test: {
          // Real kernel TCP in network namespaces: one file at a time so timings stay honest.
          name: 'netns',
          environment: 'node',
          include: ['packages/*/src/**/*.nstest.ts', 'apps/server/src/**/*.nstest.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      // Real kernel GPIO (gpio-sim): only inside the test VM, which sets PULSEBOARD_IN_VM
      // (`npm test` boots it once for all of these; see packages/vm).
      ...(process.env.PULSEBOARD_IN_VM
        ? [
            {
              resolve,
              ssr,
              test: {
                name: 'vm',
                environment: 'node',
                include: ['packages/*/src/**/*.vmtest.ts', 'apps/server/src/**/*.vmtest.ts'],
                fileParallelism: false,
                testTimeout: 60_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
      {
        resolve,
        test: {
          name: 'ui',
          environment: 'jsdom',
          include: ['apps/lab-ui/src/**/*.test.tsx', 'apps/server/panel/src/**/*.test.tsx'],
        },
      },
    ],
  },
});
