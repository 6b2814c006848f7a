import { startWeComEmulator, type Seed } from '@nocobase-wecom/wecom-emulator';
import { createMockCluster, type MockServer } from '@nocobase/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import PluginAuthWeComServer from '../..';
import { userDataSyncPlugin } from '../../sync/register';
import { runDueSyncs } from '../../sync/schedule';
import { RedisLockAdapter } from './redis-lock-adapter';
import { clusterServicesAvailable, POSTGRES, REDIS_URL } from './services';

const CORP_ID = 'wwclustertest0001';
const AGENT_ID = '1000002';
const ORIGIN = 'https://app.example.com';
const SECRET = 'cluster-test-secret-0123456789';

// An app created before 2022-06-20: user/get still returns the mobile, so first sign-ins work on PC too.
const seed: Seed = {
  corps: [
    {
      corpId: CORP_ID,
      apps: [
        {
          agentId: AGENT_ID,
          secret: SECRET,
          name: 'Cluster',
          createdAt: '2021-01-01T00:00:00+08:00',
          enabled: true,
          trustedDomains: ['app.example.com'],
          webLoginDomains: ['app.example.com'],
          trustedIps: [],
          visibleUserIds: 'all',
          sensitiveFields: ['mobile', 'email'],
        },
      ],
      members: [
        { userid: 'zhangsan', name: '张三', mobile: '13800000001', status: 1, department: [1] },
        { userid: 'lisi', name: '李四', mobile: '13800000002', status: 1, department: [1] },
      ],
      departments: [{ id: 1, name: 'Corp', parentid: 0, order: 1 }],
    },
  ],
};

interface LoggedCall {
  path: string;
}

describe('a cluster of two NocoBase nodes sharing PostgreSQL and Redis', () => {
  let emulator: { url: string; close(): Promise<void> };
  let nodes: MockServer[];
  let destroy: () => Promise<void>;
  let available = false;

  async function gettokenCalls(): Promise<number> {
    const response = await fetch(`${emulator.url}/__emulator/calls?path=${encodeURIComponent('/cgi-bin/gettoken')}`);
    const body: unknown = await response.json();
    const list = (Array.isArray(body) ? body : ((body as { calls?: unknown[] }).calls ?? [])) as LoggedCall[];
    return list.filter((call) => call.path === '/cgi-bin/gettoken').length;
  }

  /** One PC sign-in as `userId`: started on one node, WeCom's redirect lands on the other. */
  async function signIn(userId: string, start: MockServer, land: MockServer): Promise<{ location: string; cookie: string }> {
    const started = await start.agent().post('/wecom:getAuthUrl').set('X-Authenticator', 'wecom').send({ redirect: '/admin' });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const wecomUrl = new URL(started.body.data.url);
    wecomUrl.searchParams.set('emulator_userid', userId);
    const scanned = await fetch(wecomUrl, { redirect: 'manual' });
    const back = new URL(scanned.headers.get('location') ?? '');
    const cookies = ([] as string[]).concat(started.headers['set-cookie'] ?? []).map((cookie) => cookie.split(';')[0]);
    const landed = await land
      .agent()
      .get(`/wecom:callback${back.search}`)
      .set('Cookie', cookies.join('; '));
    expect(landed.status).toBe(302);
    return { location: landed.headers.location as string, cookie: cookies.join('; ') };
  }

  beforeAll(async () => {
    available = await clusterServicesAvailable('The cluster suite (two NocoBase nodes on PostgreSQL + Redis)');
    if (!available) return;
    emulator = await startWeComEmulator({ port: 0, seed });
    const cluster = await createMockCluster({
      plugins: ['error-handler', 'field-sort', 'users', 'auth', 'acl', 'data-source-manager', 'system-settings', 'user-data-sync', 'departments', PluginAuthWeComServer],
      database: { dialect: 'postgres', ...POSTGRES, tablePrefix: 'wecom_cluster_' },
      cacheManager: { defaultStore: 'redis', stores: { redis: { url: REDIS_URL } } },
      lockManager: { defaultAdapter: 'redis' },
      beforeInstall: (app: MockServer) => {
        app.lockManager.registerAdapter('redis', { Adapter: RedisLockAdapter, options: { url: REDIS_URL, prefix: `${app.name}:lock:` } });
      },
    } as never);
    nodes = cluster.nodes;
    destroy = () => cluster.destroy();
    await nodes[0].db.getRepository('authenticators').create({
      values: {
        name: 'wecom',
        authType: 'WeCom',
        enabled: true,
        options: {
          public: { autoSignup: true },
          wecom: { corpId: CORP_ID, agentId: AGENT_ID, secret: SECRET, origin: ORIGIN, apiBaseUrl: emulator.url, oauthBaseUrl: emulator.url, webLoginBaseUrl: emulator.url },
        },
      },
    });
    // plugin-auth caches authenticators in each node's memory: save once through the other node too.
    await nodes[1].db.getRepository('authenticators').update({ filter: { name: 'wecom' }, values: { title: 'WeCom' } });
    // zhangsan is already linked: returning members cost one WeCom call each.
    const user = await nodes[0].db.getRepository('users').create({ values: { nickname: '张三', phone: '13800000001' } });
    await nodes[0].db.getRepository('usersAuthenticators').create({ values: { uuid: 'zhangsan', authenticator: 'wecom', userId: user.id } });
  });

  afterAll(async () => {
    await destroy?.();
    await emulator?.close();
  });

  it('fetches the access token once for 50 parallel sign-ins spread over both nodes', async (context) => {
    if (!available) return context.skip();
    const locations = (
      await Promise.all(Array.from({ length: 50 }, (_, index) => signIn('zhangsan', nodes[index % 2], nodes[(index + 1) % 2])))
    ).map((landing) => landing.location);
    for (const location of locations) expect(location).toMatch(/\/admin\?authenticator=wecom&wecom_handoff=[^&]+$/);
    expect(await gettokenCalls()).toBe(1);
  });

  it('creates exactly one user for 20 parallel first sign-ins of the same member on both nodes', async (context) => {
    if (!available) return context.skip();
    const locations = (
      await Promise.all(Array.from({ length: 20 }, (_, index) => signIn('lisi', nodes[index % 2], nodes[(index + 1) % 2])))
    ).map((landing) => landing.location);
    for (const location of locations) expect(location).toMatch(/wecom_handoff=/);
    const links = await nodes[1].db.getRepository('usersAuthenticators').find({ filter: { uuid: 'lisi', authenticator: 'wecom' } });
    expect(links).toHaveLength(1);
    const users = await nodes[1].db.getRepository('users').find({ filter: { phone: { $includes: '13800000002' } } });
    expect(users).toHaveLength(1);
  });

  it('a hand-off code issued by one node is redeemed on the other, once', async (context) => {
    if (!available) return context.skip();
    const { location, cookie } = await signIn('zhangsan', nodes[0], nodes[1]);
    const code = new URL(location, ORIGIN).searchParams.get('wecom_handoff');
    const redeem = (node: MockServer) => node.agent().post('/wecom:redeem').set('Cookie', cookie).send({ code });
    const first = await redeem(nodes[0]);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const me = await nodes[1].agent().get('/auth:check').set('Authorization', `Bearer ${first.body.data.token}`).set('X-Authenticator', 'wecom');
    expect(me.body.data.nickname).toBe('张三');
    expect((await redeem(nodes[1])).status).toBe(400);
  });

  it('runs a scheduled directory sync once when both nodes find it due at the same moment', async (context) => {
    if (!available) return context.skip();
    await nodes[0].db.getRepository('userDataSyncSources').create({
      values: { name: 'wecom-directory', sourceType: 'wecom', displayName: 'WeCom', enabled: true, options: { authenticator: 'wecom', intervalHours: 6 } },
    });
    const tasks = () => nodes[0].db.getRepository('userDataSyncTasks').count();
    const due = await Promise.all(nodes.map((node) => runDueSyncs(node, userDataSyncPlugin(node)!.syncService)));
    expect(due.flat()).toEqual(['wecom-directory']);
    expect(await tasks()).toBe(1);
    // Not due again until six hours after the run.
    const later = await Promise.all(nodes.map((node) => runDueSyncs(node, userDataSyncPlugin(node)!.syncService, Date.now() + 3_600_000)));
    expect(later.flat()).toEqual([]);
    const muchLater = await runDueSyncs(nodes[1], userDataSyncPlugin(nodes[1])!.syncService, Date.now() + 7 * 3_600_000);
    expect(muchLater).toEqual(['wecom-directory']);
    expect(await tasks()).toBe(2);
    // The runs go on in the background: let them end before the nodes stop.
    const running = () => nodes[0].db.getRepository('userDataSyncTasks').count({ filter: { status: ['init', 'processing'] } });
    for (let i = 0; i < 200 && (await running()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await running()).toBe(0);
  });
});
