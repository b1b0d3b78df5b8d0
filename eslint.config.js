// Lint rules, and above all the import boundaries of ../shared/ARCHITECTURE.md: the core and the CLI
// never load `electron` (its binary cannot exist in tests), `shared/` stays dependency-free but for zod,
// and the renderer reaches the main process only through window.api.
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
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Core, CLI and tests run without the Electron binary: put Electron glue in electron/main/platform/.' }] }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to main only through window.api.' }],
          patterns: [
            { group: NODE_BUILTINS, message: 'The renderer is sandboxed: no Node modules.' },
            { regex: '(\\.\\./)+electron/', message: 'The renderer may import shared/ only; reach main through window.api.' },
          ],
        },
      ],
    },
  },
);
