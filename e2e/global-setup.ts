import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWeComEmulator } from '@nocobase-wecom/wecom-emulator';
// @ts-expect-error plain ESM helpers shared with `npm start`
import { seedNocoBaseDemo } from '../scripts/lib/demo-seed.mjs';
import { PANEL_APP_HOSTNAME } from './browser';
// @ts-expect-error plain ESM helpers shared with `npm start`
import { startGroup, stopGroup, waitForHttp } from '../scripts/lib/processes.mjs';
// @ts-expect-error plain ESM helpers shared with `npm start`
import { freePort } from '../scripts/lib/ports.mjs';

const root = path.resolve(__dirname, '..');

/**
 * Boots the dev app as a user would run it — a real NocoBase process with the built plugin, on a fresh
 * SQLite file — next to the WeCom emulator holding the demo corp, then seeds the demo through the REST API.
 */
export default async function setup(): Promise<() => Promise<void>> {
  execFileSync('npm', ['run', 'build', '--silent', '-w', '@nocobase-wecom/plugin-auth-wecom'], { cwd: root, stdio: 'inherit' });

  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-e2e-'));
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const seedText = fs.readFileSync(path.join(root, 'demo', 'wecom-seed.json'), 'utf8');
  const seed = JSON.parse(seedText.replace(/(127\.0\.0\.1|localhost):13000/g, `$1:${appPort}`));
  // The login-panel tests open the app as wecom-panel.test (not localhost): WeCom must trust that name too.
  for (const corp of seed.corps) {
    for (const app of corp.apps) for (const list of [app.trustedDomains, app.webLoginDomains]) list?.push(`${PANEL_APP_HOSTNAME}:${appPort}`);
  }
  const emulator = await startWeComEmulator({ port: 0, seed });

  const log = fs.openSync(path.join(storage, 'nocobase.log'), 'a');
  const nocobase = startGroup(path.join(root, 'node_modules', '.bin', 'nocobase-v1'), ['start', '--quickstart', '--launch-mode', 'node'], {
    cwd: root,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      APP_ENV: 'production',
      APP_KEY: 'e2e-only-key-not-secret',
      APP_PORT: String(appPort),
      API_BASE_PATH: '/api/',
      DB_DIALECT: 'sqlite',
      DB_STORAGE: path.join(storage, 'db.sqlite'),
      STORAGE_PATH: storage,
      DB_LOGGING: 'off',
      LOGGER_LEVEL: 'warn',
      DISABLE_PKG_DOWNLOAD: 'true',
      APPEND_PRESET_BUILT_IN_PLUGINS: '@nocobase-wecom/plugin-auth-wecom,@nocobase/plugin-departments',
      INIT_ROOT_EMAIL: 'admin@nocobase.com',
      INIT_ROOT_PASSWORD: 'admin123',
    },
  });

  const stop = async (): Promise<void> => {
    await stopGroup(nocobase);
    await emulator.close();
    fs.rmSync(storage, { recursive: true, force: true });
  };

  try {
    await waitForHttp(`${appUrl}/api/__health_check`, { expect: 'ok', child: nocobase, timeoutMs: 240_000 });
    await seedNocoBaseDemo({ root, appUrl, emulatorUrl: emulator.url, account: 'admin@nocobase.com', password: 'admin123' });
  } catch (error) {
    const tail = fs.readFileSync(path.join(storage, 'nocobase.log'), 'utf8').split('\n').slice(-40).join('\n');
    await stop();
    throw new Error(`The dev app did not start for the browser tests: ${(error as Error).message}\n${tail}`);
  }

  process.env.E2E_APP_URL = appUrl;
  process.env.E2E_EMULATOR_URL = emulator.url;
  return stop;
}
