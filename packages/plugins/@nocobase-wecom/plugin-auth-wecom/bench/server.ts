/**
 * The sign-in benchmark's NocoBase process: `createMockServer` (as the integration tests boot it) with the WeCom
 * plugin, listening on a real port. It runs alone in this process so that `process.cpuUsage()` here is NocoBase's
 * CPU time only (its libuv threads included: scrypt for passwords, SQLite queries), not the load generator's.
 *
 * argv: <sqlite|postgres> <emulator url> [postgres database]. Talks to the parent over IPC:
 *   → { ready: { url } } once listening;  'cpu' → { cpu: { user, system } } (µs);  'stop' → destroys the app and exits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AGENT_ID, AUTHENTICATOR, CORP_ID, MEMBER, ORIGIN, POSTGRES, SECRET } from './seed';

const root = path.resolve(__dirname, '../../../../..');
const [dialect, emulatorUrl, pgDatabase] = process.argv.slice(2);
// A storage folder of our own: createMockServer empties `<storage>/cache`, which must not be the dev app's.
const storage = mkdtempSync(path.join(tmpdir(), 'wecom-signin-bench-'));
process.env.STORAGE_PATH = storage;
process.env.LOGGER_LEVEL = 'error';

function send(message: unknown): Promise<void> {
  return new Promise((resolve) => process.send?.(message, () => resolve()));
}

async function main(): Promise<void> {
  // NocoBase reads its configuration from the environment when it is first imported: set it up as the tests do.
  await import(path.join(root, 'test/setup-env.ts'));
  const { createMockServer } = (await import(path.join(root, 'node_modules/@nocobase/test/lib/index.js'))) as typeof import('@nocobase/test');
  const { default: PluginAuthWeComServer } = await import('../src/server');
  const { namespace } = await import('../src/constants');

  const pgName = pgDatabase || POSTGRES.database;
  // SQLite in a temp file (as a real deployment would have it, rather than in memory).
  const database =
    dialect === 'postgres' ? { dialect: 'postgres', ...POSTGRES, database: pgName } : { dialect: 'sqlite', storage: path.join(storage, 'bench.sqlite') };
  const app = await createMockServer({
    acl: true,
    database,
    plugins: ['error-handler', 'field-sort', 'users', 'auth', 'acl', 'data-source-manager', 'system-settings', PluginAuthWeComServer],
  } as never);
  const plugin = app.pm.get(PluginAuthWeComServer);
  if (plugin) plugin.options.packageName = namespace;

  await app.db.getRepository('authenticators').create({
    values: {
      name: AUTHENTICATOR,
      authType: 'WeCom',
      enabled: true,
      options: {
        public: { autoSignup: true },
        wecom: { corpId: CORP_ID, agentId: AGENT_ID, secret: SECRET, origin: ORIGIN, apiBaseUrl: emulatorUrl, oauthBaseUrl: emulatorUrl, webLoginBaseUrl: emulatorUrl },
      },
    },
  });
  // The returning member: already linked to a NocoBase user, so a sign-in is one WeCom call (auth/getuserinfo).
  const user = await app.db.getRepository('users').create({ values: { nickname: '张三', phone: '13800000001' } });
  await app.db.getRepository('usersAuthenticators').create({ values: { uuid: MEMBER, authenticator: AUTHENTICATOR, userId: user.get('id') } });

  const server = createServer(app.callback());
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', 2048, resolve));
  const { port } = server.address() as AddressInfo;

  process.on('message', async (message) => {
    if (message === 'cpu') {
      await send({ cpu: process.cpuUsage() });
    } else if (message === 'stop') {
      server.closeAllConnections();
      server.close();
      await app.destroy().catch(() => undefined);
      rmSync(storage, { recursive: true, force: true });
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
  await send({ ready: { url: `http://127.0.0.1:${port}`, database: dialect === 'postgres' ? `PostgreSQL (database ${pgName})` : 'SQLite (temp file)' } });
}

main().catch((error: unknown) => {
  console.error(error);
  rmSync(storage, { recursive: true, force: true });
  process.exit(1);
});
