/**
 * `npm run bench:notify`: one text card to 10,000 NocoBase users through the `wecom` notification channel, sent
 * twice, on SQLite (in-process NocoBase, the emulator over HTTP). The users are bound members, members found by
 * phone (`user/getuserid`) and users WeCom does not know, mixed. Prints the WeCom calls of each send (goal:
 * ⌈reached / 1000⌉ sends, one lookup per phone-resolved user the first time and none the second) and its wall time.
 *
 * Env: BENCH_USERS (10000); the mix is 60% bound, 30% by phone, 10% unknown (no binding, no phone).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { inProcessBench } from './in-process';

const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const CORP_ID = 'wwnotifybench0001';
const AGENT_ID = '1000002';
const SECRET = 'notify-bench-secret-0123456789abcdef';
const CHANNEL = 'wecom-bench';

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const kindOf = (i: number) => (i % 10 < 6 ? 'bound' : i % 10 < 9 ? 'phone' : 'unknown');
const mobileOf = (i: number) => `137${String(i).padStart(8, '0')}`;

async function main() {
  const { storage, createMockServer, startWeComEmulator, PluginAuthWeComServer } = await inProcessBench('notify');
  const { default: PluginNotificationManagerServer } = await import('@nocobase/plugin-notification-manager');

  const members = Array.from({ length: USERS }, (_, i) => i)
    .filter((i) => kindOf(i) !== 'unknown')
    .map((i) => ({ userid: `member${i}`, name: `成员${i}`, mobile: mobileOf(i), department: [1] }));
  const emulator = await startWeComEmulator({
    seed: {
      corps: [{ corpId: CORP_ID, apps: [{ agentId: AGENT_ID, secret: SECRET, createdAt: '2023-01-01T00:00:00+08:00', visibleUserIds: 'all' }], members }],
    } as never,
  });
  const app = await createMockServer({
    database: { dialect: 'sqlite', storage: path.join(storage, 'bench.sqlite') },
    plugins: ['error-handler', 'field-sort', 'users', 'auth', 'acl', 'data-source-manager', 'system-settings', 'notification-manager', PluginAuthWeComServer],
  } as never);
  await app.db.getRepository('authenticators').create({
    values: { name: 'wecom', authType: 'WeCom', enabled: true, options: { wecom: { corpId: CORP_ID, agentId: AGENT_ID, secret: SECRET, origin: 'http://localhost', apiBaseUrl: emulator.url } } },
  });
  await app.db.getRepository('notificationChannels').create({ values: { name: CHANNEL, title: 'WeCom', notificationType: 'wecom', options: { authenticator: 'wecom' } } });

  log(`bench:notify — ${USERS} users (${Math.round(USERS * 0.6)} bound, ${Math.round(USERS * 0.3)} by phone, ${Math.round(USERS * 0.1)} unknown)`);
  const users = app.db.getModel('users');
  const rows = Array.from({ length: USERS }, (_, i) => ({ username: `u${i}`, nickname: `User ${i}`, ...(kindOf(i) === 'phone' ? { phone: mobileOf(i) } : {}) }));
  const created = (await users.bulkCreate(rows, { returning: true })) as unknown as { get(key: string): unknown }[];
  const ids = created.map((row) => Number(row.get('id')));
  await app.db.getModel('usersAuthenticators').bulkCreate(
    ids.flatMap((id, i) => (kindOf(i) === 'bound' ? [{ authenticator: 'wecom', uuid: `member${i}`, userId: id, nickname: '', avatar: '', meta: {} }] : [])),
  );

  const manager = app.pm.get(PluginNotificationManagerServer) as unknown as { sendNow(options: Record<string, unknown>): Promise<{ status: string; reason?: string }> };
  const reached = Math.round(USERS * 0.9);
  const send = async (label: string) => {
    emulator.clearCalls();
    const started = performance.now();
    const result = await manager.sendNow({
      channelName: CHANNEL,
      triggerFrom: 'bench',
      message: { msgtype: 'textcard', title: 'Leave approved', description: 'Enjoy your holiday', url: 'https://example.com/leave/1' },
      receivers: { type: 'userId', value: ids },
    });
    const wall = (performance.now() - started) / 1000;
    const calls = emulator.calls();
    const sends = calls.filter((call) => call.path === '/cgi-bin/message/send').length;
    const lookups = calls.filter((call) => call.path === '/cgi-bin/user/getuserid').length;
    const wantedLookups = label === 'first send' ? Math.round(USERS * 0.3) : 0;
    const wantedSends = Math.ceil(reached / 1000);
    log(
      `${label.padEnd(12)} wall ${wall.toFixed(1).padStart(6)} s | message/send ${sends} (goal ${wantedSends}: ${sends === wantedSends ? 'ok' : 'MISSED'}) | user/getuserid ${lookups} (goal ${wantedLookups}: ${lookups === wantedLookups ? 'ok' : 'MISSED'}) | result ${result.status}${result.reason ? `: ${result.reason.slice(0, 120)}…` : ''}`,
    );
  };
  await send('first send');
  await send('second send');
  await app.destroy();
  await emulator.close();
  rmSync(storage, { recursive: true, force: true });
  process.exit(0);
}

main().catch((error) => {
  log(String(error?.stack ?? error));
  process.exit(1);
});
