import { startWeComEmulator, type Seed } from '@nocobase-wecom/wecom-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WeComClient } from '../client';
import { describeError } from '../describe-error';
import { WeComApiError } from '../errors';
import { MemoryLock, MemoryTokenStore } from '../memory-store';
import { codeFromWebLogin, codeFromWeComClient, type SignInApp } from './helpers/sign-in';

const CORP_ID = 'wwcoretest0000001';
const AGENT_ID = '1000002';
const SECRET = 'core-test-secret-0123456789';

const seed: Seed = {
  corps: [
    {
      corpId: CORP_ID,
      apps: [
        {
          agentId: AGENT_ID,
          secret: SECRET,
          name: 'Core tests',
          createdAt: '2023-03-01T00:00:00+08:00',
          enabled: true,
          trustedDomains: ['app.example.com'],
          webLoginDomains: ['app.example.com'],
          trustedIps: [],
          visibleUserIds: 'all',
          sensitiveFields: ['mobile', 'email', 'biz_mail', 'avatar', 'gender', 'address', 'qr_code'],
        },
      ],
      members: [
        { userid: 'zhangsan', name: '张三', mobile: '13800000001', email: 'zs@example.com', status: 1, department: [1] },
      ],
      departments: [{ id: 1, name: 'Corp', parentid: 0, order: 1 }],
    },
  ],
};

interface LoggedCall {
  path: string;
  errcode?: number;
}

let emulator: { url: string; close(): Promise<void> };
let app: SignInApp;

async function control(path: string, body?: unknown, method = 'POST'): Promise<unknown> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status, `${method} ${path}`).toBeLessThan(300);
  return response.headers.get('content-type')?.includes('json') ? response.json() : undefined;
}

async function calls(path: string): Promise<LoggedCall[]> {
  const response = await fetch(`${emulator.url}/__emulator/calls?path=${encodeURIComponent(path)}`);
  const body: unknown = await response.json();
  const list = Array.isArray(body) ? body : (body as { calls?: unknown[] }).calls ?? [];
  return (list as LoggedCall[]).filter((call) => call.path === path);
}

function newClient(): WeComClient {
  return new WeComClient({
    corpId: CORP_ID,
    agentId: AGENT_ID,
    secret: SECRET,
    apiBaseUrl: emulator.url,
    store: new MemoryTokenStore(),
    lock: new MemoryLock(),
    busyRetry: { delaysMs: [1, 1, 1] },
  });
}

beforeAll(async () => {
  emulator = await startWeComEmulator({ port: 0, seed });
  app = { emulatorUrl: emulator.url, corpId: CORP_ID, agentId: AGENT_ID, redirectUri: 'https://app.example.com/api/wecom:callback' };
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(async () => {
  await control('/__emulator/seed', seed);
  await control('/__emulator/faults', { reset: true });
  await control('/__emulator/calls', undefined, 'DELETE');
});

describe('WeComClient against the emulator', () => {
  it('resolves a web-login code to the member, without a user ticket', async () => {
    const identity = await newClient().getUserInfoByCode(await codeFromWebLogin(app, 'zhangsan'));
    expect(identity).toEqual({ kind: 'member', userId: 'zhangsan' });
  });

  it('gets mobile and email from an in-client privateinfo sign-in', async () => {
    const client = newClient();
    const identity = await client.getUserInfoByCode(await codeFromWeComClient(app, 'zhangsan', 'snsapi_privateinfo'));
    expect(identity.kind).toBe('member');
    if (identity.kind !== 'member') return;
    expect(identity.userTicket).toBeTruthy();
    const detail = await client.getUserDetail(identity.userTicket ?? '');
    expect(detail).toMatchObject({ userId: 'zhangsan', mobile: '13800000001', email: 'zs@example.com' });
  });

  it('fetches the access token once for 50 concurrent calls', async () => {
    const client = newClient();
    const members = await Promise.all(Array.from({ length: 50 }, () => client.getUser('zhangsan')));
    expect(members.every((member) => member.name === '张三')).toBe(true);
    expect(await calls('/cgi-bin/gettoken')).toHaveLength(1);
    expect(await calls('/cgi-bin/user/get')).toHaveLength(50);
  });

  it('refreshes a revoked token transparently, retrying the call once', async () => {
    const client = newClient();
    await client.getUser('zhangsan');
    await control('/__emulator/tokens/revoke', {});
    const member = await client.getUser('zhangsan');
    expect(member.userId).toBe('zhangsan');
    expect(await calls('/cgi-bin/gettoken')).toHaveLength(2);
    const userGets = await calls('/cgi-bin/user/get');
    expect(userGets.map((call) => call.errcode)).toEqual([0, 40014, 0]);
  });

  it('retries "system busy" (-1) and then succeeds', async () => {
    const client = newClient();
    await client.getUser('zhangsan');
    await control('/__emulator/faults', { path: '/cgi-bin/user/get', errcode: -1, times: 2 });
    expect((await client.getUser('zhangsan')).userId).toBe('zhangsan');
    expect((await calls('/cgi-bin/user/get')).map((call) => call.errcode)).toEqual([0, -1, -1, 0]);
  });

  it('does not retry a rate limit', async () => {
    const client = newClient();
    await client.getUser('zhangsan');
    await control('/__emulator/faults', { path: '/cgi-bin/user/get', errcode: 45009, times: 5 });
    const error = await client.getUser('zhangsan').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WeComApiError);
    expect((error as WeComApiError).isRateLimited).toBe(true);
    expect(await calls('/cgi-bin/user/get')).toHaveLength(2);
  });

  it("tells the admin which server IP to trust when WeCom answers 60020", async () => {
    const [corp] = seed.corps;
    const restricted: Seed = { corps: [{ ...corp, apps: (corp.apps ?? []).map((app) => ({ ...app, trustedIps: ['203.0.113.7'] })) }] };
    await control('/__emulator/seed', restricted);
    const error = await newClient().getUser('zhangsan').catch((caught: unknown) => caught);
    expect((error as WeComApiError).errcode).toBe(60020);
    const description = describeError(error);
    expect(description.audience).toBe('admin');
    expect(description.params.ip).toBe('127.0.0.1');
    expect(description.message).toContain('{{ip}}');
  });

  it('reports an unknown member as 60111', async () => {
    const error = await newClient().getUser('nobody').catch((caught: unknown) => caught);
    expect((error as WeComApiError).errcode).toBe(60111);
  });
});
