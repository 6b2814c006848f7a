import path from 'node:path';
import { defineConfig } from 'vitest/config';

// @nocobase/test 2.1.41 declares an ESM entry it does not ship; point at its CommonJS build.
const nocobaseTest = path.resolve(__dirname, 'node_modules/@nocobase/test/lib/index.js');
// The emulator's package entry is its build (dist/); tests use its sources, so no build is needed first.
const emulator = path.resolve(__dirname, 'packages/wecom-emulator/src/index.ts');

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@nocobase\/test$/, replacement: nocobaseTest },
      { find: /^@nocobase-wecom\/wecom-emulator$/, replacement: emulator },
    ],
  },
  test: {
    include: [
      'packages/wecom-emulator/**/*.test.ts',
      'packages/plugins/**/src/**/__tests__/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**', 'e2e/**'],
    setupFiles: ['./test/setup-env.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
