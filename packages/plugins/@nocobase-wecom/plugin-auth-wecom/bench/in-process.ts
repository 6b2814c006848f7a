/**
 * For benchmarks that run NocoBase in their own process (createMockServer, as the integration tests boot it)
 * next to the emulator: a storage folder of their own and NocoBase's environment, set before NocoBase is first
 * imported, then the modules they need.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../../../..');

export async function inProcessBench(name: string) {
  // createMockServer empties `<storage>/cache`, which must not be the dev app's.
  const storage = mkdtempSync(path.join(tmpdir(), `wecom-${name}-bench-`));
  process.env.STORAGE_PATH = storage;
  process.env.LOGGER_LEVEL = 'error';
  await import(path.join(ROOT, 'test/setup-env.ts'));
  const { createMockServer } = (await import(path.join(ROOT, 'node_modules/@nocobase/test/lib/index.js'))) as typeof import('@nocobase/test');
  const { startWeComEmulator } = await import('@nocobase-wecom/wecom-emulator');
  const { default: PluginAuthWeComServer } = await import('../src/server');
  return { storage, createMockServer, startWeComEmulator, PluginAuthWeComServer };
}
