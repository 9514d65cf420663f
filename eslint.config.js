// One lint config for Node and browser code. Layers point one way (docs/architecture.md):
// apps -> netlab -> core, the harness depends on nothing here, and the browser apps (lab UI,
// panel) import only types from the packages. One type-aware rule, no-floating-promises: a
// promise nobody awaits or catches is how a failure goes unseen.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Files under `files` may not import `banned` (runtime or type): the layer direction. */
function layer(files, banned, why) {
  return {
    files: [files],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: banned, message: why }] }],
    },
  };
}

/** The server's wire types by name; declaring one of them by hand in a browser app is a copy. */
const wireTypes =
  'ServerEvent|PresenceChange|Me|DetectionRecord|LineState|LockInfo|LockChange|BoardState|OperationEvent|' +
  'FailsafeReport|ChatMessage|AuditRecord|PresenceUser|PresenceConnection|ConnectionInfo|Presence|' +
  'PresenceSnapshot|PresenceEvent';

function wireCopies() {
  const message = 'a copy of a server wire type: import it as a type (apps/server/panel/src/data/types.ts)';
  const name = `[id.name=/^(${wireTypes})$/]`;
  return [
    { selector: `TSInterfaceDeclaration${name}`, message },
    { selector: `TSTypeAliasDeclaration${name} > :matches(TSTypeLiteral, TSUnionType)`, message },
  ];
}

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'bench/results/**',
      '**/test-results/**',
      '**/playwright-report/**',
      '.pulseboard/**',
      '.lab-runs/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.{ts,tsx,mts}'],
    languageOptions: {
      parserOptions: {
        // The check config covers every Node-side file (tests too); the browser apps have their own.
        project: ['tsconfig.check.json', 'apps/server/panel/tsconfig.json', 'apps/lab-ui/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  { files: ['**/vite.config.ts'], ...tseslint.configs.disableTypeChecked },
  layer('packages/harness/**', ['@pulseboard/*'], 'the harness depends on nothing else in this repository'),
  layer(
    'packages/core/src/**',
    [
      '@pulseboard/netlab',
      '@pulseboard/netlab/*',
      '@pulseboard/server',
      '@pulseboard/server/*',
      '@pulseboard/lab-ui*',
    ],
    'core is the bottom layer: apps -> netlab -> core',
  ),
  layer(
    'packages/netlab/src/**',
    ['@pulseboard/server', '@pulseboard/server/*', '@pulseboard/lab-ui*'],
    'netlab runs the server as a process, never imports it: apps -> netlab -> core',
  ),
  {
    files: ['apps/server/panel/**/*.{ts,tsx}', 'apps/lab-ui/**/*.{ts,tsx}'],
    // Tests run in Node, never in the shipped page: they may check against the real package
    // (e.g. the editor's completion against the scenario API the lab serves).
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // The one exception: the fault story's model, SVG and legend, and the latency
              // stats, pure code that the report (netlab) and the lab UI draw from, so both tell
              // the same story with the same numbers.
              regex: '^@pulseboard/(?!netlab/report/(story|story-svg|legend|stats)$)',
              allowTypeImports: true,
              message:
                'the browser apps import only types from the packages (they talk to them over HTTP/WS)',
            },
          ],
        },
      ],
    },
  },
  {
    // The browser apps compile against the server's wire types (apps/server/src/events/types.ts
    // and the core types under it), imported as types. A hand-written shape under one of those
    // names is how a copy starts to drift, so it is refused, tests included.
    files: ['apps/server/panel/**/*.{ts,tsx}', 'apps/lab-ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': ['error', ...wireCopies()],
    },
  },
  {
    files: ['apps/server/panel/**/*.{ts,tsx}', 'apps/lab-ui/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
