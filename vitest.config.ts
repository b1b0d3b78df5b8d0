import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Installs Node 24 and builds out/ when missing, lists missing machine tools (tests/support/global-setup.ts).
    globalSetup: ['tests/support/global-setup.ts'],
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start servers, workers and child processes; two cores do not gain from more.
    maxWorkers: 2,
  },
});
