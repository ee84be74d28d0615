import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages resolve to their TypeScript source in tests (docs/decisions/0003).
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['{shared,warehouse,pipelines,server,web}/src/**/*.spec.{ts,tsx}', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    globalSetup: ['./test/support/pulled-warehouse.global.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
