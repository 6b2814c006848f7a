import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Browser tests: one real NocoBase process + the emulator for the whole run, driven by Debian's Chromium.
export default defineConfig({
  // The emulator's package entry is its build (dist/); the tests use its sources.
  resolve: {
    alias: [{ find: /^@nocobase-wecom\/wecom-emulator$/, replacement: path.resolve(__dirname, 'packages/wecom-emulator/src/index.ts') }],
  },
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['./e2e/global-setup.ts'],
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
