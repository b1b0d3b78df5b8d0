// Lint rules, and above all the import boundaries of docs/design/ARCHITECTURE.md: the core and the CLI
// never load `electron` (its binary cannot exist in tests), `shared/` stays dependency-free but for zod,
// and the renderer reaches the main process only through window.api and takes only types from shared/
// (values only from the zod-free constant files listed below).
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'worker_threads', 'net', 'http', 'https', 'crypto', 'stream'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'output/**', 'coverage/**', 'tmp/**', '.cache/**', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!zod$|\\.{1,2}/).*', message: 'shared/ may import only zod and other shared/ files.' }] }],
    },
  },
  {
    files: ['shared/ipc/channels.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '.*', message: 'channels.ts has zero imports: the sandboxed preload bundles it.' }] }] },
  },
  {
    files: ['electron/main/core/**/*.ts', 'electron/cli/**/*.ts', 'tests/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Core, CLI and tests run without the Electron binary: put Electron glue in electron/main/platform/.' }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // The classic hooks rules. The plugin's React Compiler rules (refs, set-state-in-effect) report a
      // few spots in renderer/ today: enable them with `...reactHooks.configs.recommended.rules` once fixed.
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to main only through window.api.' }],
          patterns: [
            { group: NODE_BUILTINS, message: 'The renderer is sandboxed: no Node modules.' },
            { regex: '(\\.\\./)+electron/', message: 'The renderer may import shared/ only; reach main through window.api.' },
            {
              // Types only: the schemas (and zod) stay in main. Values may come from the zod-free
              // constant files: shared/ipc/channels.ts, shared/ipc/error-codes.ts, shared/model/settings-limits.ts, shared/model/pricing.ts, shared/model/track-files.ts.
              regex: '(\\.\\./)+shared/(?!ipc/channels$|ipc/error-codes$|model/settings-limits$|model/pricing$|model/track-files$)',
              allowTypeImports: true,
              message: 'The renderer imports only types from shared/ (use `import type`), values only from its zod-free constant files.',
            },
          ],
        },
      ],
    },
  },
);
