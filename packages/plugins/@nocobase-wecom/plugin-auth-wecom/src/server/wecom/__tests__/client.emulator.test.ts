import { startWeComEmulator, type Seed, type SeedMember, type WeComEmulator } from '@nocobase-wecom/wecom-emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WeComClient, type WeComClientOptions } from '../client';
import { describeError, describeErrorForUser } from '../describe-error';
import { WeComApiError, WeComProtocolError, WeComTransportError } from '../errors';
import { MemoryLock, MemoryTokenStore } from '../token-cache';
import { parseCodeIdentity } from '../parsers';
import { callWeCom } from '../wire';
import { codeFromPersonalWeChat, codeFromWebLogin, codeFromWeComClient, type SignInApp } from './helpers/sign-in';

const CORP_ID = 'wwcore0000000001';
const SECRET = 'core-test-secret-7f3a9c1e5b2d4f60';
const LEGACY_SECRET = 'legacy-app-secret-1a2b3c4d5e6f7a8b';
const IP_LOCKED_SECRET = 'ip-locked-secret-0f1e2d3c4b5a6978';
const DISABLED_SECRET = 'disabled-app-secret-99887766554433';
const DOMAIN = 'app.example.com';
const REDIRECT_URI = `https://${DOMAIN}/api/wecom:callback`;

const members: SeedMember[] = [
  { userid: 'zhangsan', name: '张三', mobile: '13800000000', email: 'zhangsan@example.com', bizMail: 'zhangsan@corp.example', gender: 1, status: 1 },
  { userid: 'lisi', name: '李四', mobile: '13900000000', status: 5 },
  { userid: 'wangwu', name: '王五', mobile: '13700000000', status: 1 },
  { userid: 'zhaoliu', name: '赵六', mobile: '13600000000', status: 1 },
];

const seed: Seed = {
  corps: [
    {
      corpId: CORP_ID,
      apps: [
        {
          agentId: 1000002, secret: SECRET, name: 'NocoBase', createdAt: '2024-01-01T00:00:00+08:00',
          trustedDomains: [DOMAIN], webLoginDomains: [DOMAIN], visibleUserIds: ['zhangsan', 'lisi', 'wangwu'],
          sensitiveFields: ['mobile', 'email', 'biz_mail', 'avatar', 'gender'],
        },
        // Created before 2022-06-20: user/get still returns the mobile (docs/wecom-protocol.md A6).
        { agentId: 1000003, secret: LEGACY_SECRET, name: 'Old app', createdAt: '2021-03-01T00:00:00+08:00', trustedDomains: [DOMAIN], webLoginDomains: [DOMAIN] },
        // Only 203.0.113.7 may call data APIs; our tests call from 127.0.0.1.
        { agentId: 1000004, secret: IP_LOCKED_SECRET, name: 'Locked', trustedIps: ['203.0.113.7'], trustedDomains: [DOMAIN], webLoginDomains: [DOMAIN] },
        { agentId: 1000005, secret: DISABLED_SECRET, name: 'Disabled', enabled: false },
      ],
      members,
    },
  ],
  nonMembers: [{ openid: 'oPersonalWeChat0001', externalUserId: 'wmExternal0001' }],
};

let emulator: WeComEmulator;
let app: SignInApp;

beforeAll(async () => {
  emulator = await startWeComEmulator({ port: 0, seed });
  app = { emulatorUrl: emulator.url, corpId: CORP_ID, agentId: '1000002', redirectUri: REDIRECT_URI };
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(() => {
  emulator.setSeed(seed); // also drops every token, code and ticket
  emulator.clearFaults();
  emulator.clearCalls();
});

afterEach(() => {
  emulator.clearFaults();
});

function client(overrides: Partial<WeComClientOptions> = {}): WeComClient {
  return new WeComClient({
    corpId: CORP_ID,
    agentId: '1000002',
    secret: SECRET,
    apiBaseUrl: emulator.url,
    busyRetry: { delaysMs: [5, 10, 20] },
    ...overrides,
  });
}

const count = (path: string) => emulator.calls(path).length;

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('access token', () => {
  it('is fetched once and reused', async () => {
    const wecom = client();
    for (let index = 0; index < 3; index += 1) expect((await wecom.getUser('zhangsan')).name).toBe('张三');
    expect(count('/cgi-bin/gettoken')).toBe(1);
    expect(count('/cgi-bin/user/get')).toBe(3);
    const gettoken = emulator.calls('/cgi-bin/gettoken')[0];
    expect(gettoken?.method).toBe('GET');
    expect(gettoken?.query).toMatchObject({ corpid: CORP_ID, corpsecret: '***' });
  });

  it('50 concurrent calls cause one gettoken', async () => {
    const wecom = client();
    const members = await Promise.all(Array.from({ length: 50 }, () => wecom.getUser('zhangsan')));
    expect(members.every((member) => member.userId === 'zhangsan')).toBe(true);
    expect(count('/cgi-bin/gettoken')).toBe(1);
    expect(count('/cgi-bin/user/get')).toBe(50);
  });

  it('two nodes sharing a store and a lock fetch it once between them', async () => {
    const store = new MemoryTokenStore();
    const lock = new MemoryLock();
    const nodeA = client({ store, lock });
    const nodeB = client({ store, lock });
    await Promise.all([...Array.from({ length: 10 }, () => nodeA.getUser('zhangsan')), ...Array.from({ length: 10 }, () => nodeB.getUser('wangwu'))]);
    expect(count('/cgi-bin/gettoken')).toBe(1);
  });

  it('a revoked token is replaced transparently: two gettoken calls, the data call retried once', async () => {
    const wecom = client();
    await wecom.getUser('zhangsan');
    expect(emulator.revokeTokens()).toBe(1);
    expect((await wecom.getUser('wangwu')).name).toBe('王五');
    expect(count('/cgi-bin/gettoken')).toBe(2);
    expect(emulator.calls('/cgi-bin/user/get').map((call) => call.errcode)).toEqual([0, 40014, 0]);
  });

  it('50 concurrent calls with a revoked token share one new token', async () => {
    const wecom = client();
    await wecom.getUser('zhangsan');
    emulator.revokeTokens();
    await Promise.all(Array.from({ length: 50 }, () => wecom.getUser('zhangsan')));
    expect(count('/cgi-bin/gettoken')).toBe(2);
    expect(emulator.calls({ path: '/cgi-bin/user/get', errcode: 40014 }).length).toBe(50);
  });

  it('a token that expired on WeCom\'s clock (42001) is replaced transparently', async () => {
    const wecom = client();
    await wecom.getUser('zhangsan');
    emulator.advanceClock(7200);
    await wecom.getUser('zhangsan');
    expect(emulator.calls('/cgi-bin/user/get').map((call) => call.errcode)).toEqual([0, 42001, 0]);
    expect(count('/cgi-bin/gettoken')).toBe(2);
  });

  it('is refreshed ahead of expiry by our own clock', async () => {
    const clock = { now: Date.now() };
    const wecom = client({ now: () => clock.now });
    await wecom.getUser('zhangsan');
    clock.now += 5700 * 1000; // 79% of 7200 s
    await wecom.getUser('zhangsan');
    expect(count('/cgi-bin/gettoken')).toBe(1);
    clock.now += 200 * 1000; // past 80%
    await wecom.getUser('zhangsan');
    expect(count('/cgi-bin/gettoken')).toBe(2);
    expect(emulator.calls('/cgi-bin/user/get').every((call) => call.errcode === 0)).toBe(true);
  });
});

describe('error boundary', () => {
  it('retries -1 (system busy) and succeeds on the third attempt', async () => {
    const wecom = client();
    emulator.fault({ path: '/cgi-bin/user/get', errcode: -1, times: 2 });
    expect((await wecom.getUser('zhangsan')).userId).toBe('zhangsan');
    expect(emulator.calls('/cgi-bin/user/get').map((call) => call.errcode)).toEqual([-1, -1, 0]);
  });

  it('gives up on -1 after 3 retries', async () => {
    const wecom = client();
    emulator.fault({ path: '/cgi-bin/user/get', errcode: -1, times: 10 });
    const error = await rejectionOf(wecom.getUser('zhangsan'));
    expect(error).toMatchObject({ errcode: -1, isSystemBusy: true });
    expect(count('/cgi-bin/user/get')).toBe(4);
    expect(describeError(error).code).toBe('WECOM_SYSTEM_BUSY');
  });

  it.each([45009, 45033])('surfaces %i as rate-limited without retrying', async (errcode) => {
    const wecom = client();
    emulator.fault({ path: '/cgi-bin/user/get', errcode, times: 5 });
    const error = await rejectionOf(wecom.getUser('zhangsan'));
    expect(error).toBeInstanceOf(WeComApiError);
    expect(error).toMatchObject({ errcode, isRateLimited: true, endpoint: '/cgi-bin/user/get' });
    expect(count('/cgi-bin/user/get')).toBe(1);
    expect(count('/cgi-bin/gettoken')).toBe(1);
    expect(describeError(error)).toMatchObject({ code: 'WECOM_RATE_LIMITED', audience: 'user' });
  });

  it('60020: gettoken works, the data call is refused, and the description carries the caller IP', async () => {
    const wecom = client({ agentId: '1000004', secret: IP_LOCKED_SECRET });
    const error = await rejectionOf(wecom.getUser('zhangsan'));
    expect(error).toBeInstanceOf(WeComApiError);
    if (!(error instanceof WeComApiError)) return;
    expect(error.errcode).toBe(60020);
    expect(error.errmsg).toMatch(/^not allow to access from your ip, hint: \[.+\], from ip: 127\.0\.0\.1, more info at/);
    expect(emulator.calls('/cgi-bin/gettoken')[0]?.errcode).toBe(0);
    const description = describeError(error);
    expect(description).toMatchObject({ code: 'WECOM_IP_NOT_TRUSTED', audience: 'admin', params: { ip: '127.0.0.1' } });
    expect(description.message).toContain('{{ip}}');
    expect(describeErrorForUser(error).message).toMatch(/contact your administrator/);
  });

  it('an injected HTTP 500 is a protocol error, a reset is a transport error, a delay past timeoutMs is a timeout', async () => {
    const wecom = client({ timeoutMs: 200, busyRetry: { delaysMs: [] } });
    await wecom.getUser('zhangsan');
    emulator.fault({ path: '/cgi-bin/user/get', httpStatus: 500 });
    expect(await rejectionOf(wecom.getUser('zhangsan'))).toMatchObject({ name: 'WeComProtocolError', problem: 'http-status', httpStatus: 500 });
    emulator.fault({ path: '/cgi-bin/user/get', reset: true });
    const reset = await rejectionOf(wecom.getUser('zhangsan'));
    expect(reset).toBeInstanceOf(WeComTransportError);
    expect(reset).toMatchObject({ isTimeout: false });
    emulator.fault({ path: '/cgi-bin/user/get', delayMs: 1000 });
    expect(await rejectionOf(wecom.getUser('zhangsan'))).toMatchObject({ name: 'WeComTransportError', isTimeout: true });
  });
});

describe('sign-in codes', () => {
  it('in-client privateinfo with consent yields a user_ticket, and getUserDetail returns the mobile', async () => {
    const wecom = client();
    const code = await codeFromWeComClient(app, 'zhangsan', 'snsapi_privateinfo');
    const identity = await wecom.getUserInfoByCode(code);
    expect(identity).toEqual({ kind: 'member', userId: 'zhangsan', userTicket: expect.any(String) });
    if (identity.kind !== 'member' || identity.userTicket === undefined) return;
    const detail = await wecom.getUserDetail(identity.userTicket);
    expect(detail).toMatchObject({ userId: 'zhangsan', mobile: '13800000000', email: 'zhangsan@example.com', bizMail: 'zhangsan@corp.example' });
    const request = emulator.calls('/cgi-bin/auth/getuserdetail')[0];
    expect(request?.method).toBe('POST');
    expect(request?.body).toHaveProperty('user_ticket');
  });

  it('in-client snsapi_base is silent and yields no ticket', async () => {
    const identity = await client().getUserInfoByCode(await codeFromWeComClient(app, 'wangwu', 'snsapi_base'));
    expect(identity).toEqual({ kind: 'member', userId: 'wangwu' });
  });

  it('a web-login code yields the userid and no ticket', async () => {
    const identity = await client().getUserInfoByCode(await codeFromWebLogin(app, 'zhangsan'));
    expect(identity).toEqual({ kind: 'member', userId: 'zhangsan' });
    expect(emulator.calls('/cgi-bin/auth/getuserinfo')[0]?.query).toMatchObject({ code: expect.any(String) });
  });

  it('personal WeChat yields a non-member with an openid', async () => {
    const identity = await client().getUserInfoByCode(await codeFromPersonalWeChat(app, 'oPersonalWeChat0001'));
    expect(identity).toEqual({ kind: 'nonMember', openId: 'oPersonalWeChat0001', externalUserId: 'wmExternal0001' });
  });

  it('a used code is 40029, described to the user as an expired sign-in link', async () => {
    const wecom = client();
    const code = await codeFromWebLogin(app, 'zhangsan');
    await wecom.getUserInfoByCode(code);
    const error = await rejectionOf(wecom.getUserInfoByCode(code));
    expect(error).toMatchObject({ errcode: 40029 });
    expect(describeError(error)).toMatchObject({ code: 'WECOM_INVALID_CODE', audience: 'user', message: 'The sign-in link has expired or was already used. Please try again.' });
  });

  it('a code for a redirect host the app does not trust is 50001, described with the domain to enter', async () => {
    const wecom = client();
    const code = await codeFromWebLogin(app, 'zhangsan');
    emulator.setSeed({ corps: [{ corpId: CORP_ID, members, apps: [{ agentId: 1000002, secret: SECRET, trustedDomains: ['other.example.com'], webLoginDomains: ['other.example.com'] }] }] }, { keepSessions: true });
    const error = await rejectionOf(wecom.getUserInfoByCode(code));
    expect(error).toMatchObject({ errcode: 50001 });
    expect(describeError(error, { domain: DOMAIN })).toMatchObject({ code: 'WECOM_REDIRECT_DOMAIN_NOT_TRUSTED', params: { domain: DOMAIN } });
  });

  it('reads both the lowercase auth/getuserinfo and the PascalCase legacy user/getuserinfo', async () => {
    const wecom = client();
    const lowercase = await wecom.getUserInfoByCode(await codeFromWebLogin(app, 'zhangsan'));
    const tokenResponse = await fetch(`${emulator.url}/cgi-bin/gettoken?corpid=${CORP_ID}&corpsecret=${SECRET}`);
    const body: unknown = await tokenResponse.json();
    const accessToken = typeof body === 'object' && body !== null && 'access_token' in body && typeof body.access_token === 'string' ? body.access_token : '';
    const legacyCode = await codeFromWebLogin(app, 'zhangsan');
    const legacy = await callWeCom(
      { baseUrl: emulator.url },
      { method: 'GET', path: '/cgi-bin/user/getuserinfo', query: { access_token: accessToken, code: legacyCode }, parse: parseCodeIdentity },
    );
    expect(lowercase).toEqual({ kind: 'member', userId: 'zhangsan' });
    expect(legacy).toEqual({ kind: 'member', userId: 'zhangsan' });
  });
});

describe('directory', () => {
  it('getUser on an app created after 2022-06-20 has no mobile; on an older app it has', async () => {
    const recent = await client().getUser('zhangsan');
    expect(recent).toMatchObject({ userId: 'zhangsan', name: '张三', status: 'active', departmentIds: [1] });
    expect(recent.mobile).toBeUndefined();
    const old = await client({ agentId: '1000003', secret: LEGACY_SECRET }).getUser('zhangsan');
    expect(old).toMatchObject({ mobile: '13800000000', email: 'zhangsan@example.com', gender: 'male' });
  });

  it('reports a member who left as status left', async () => {
    expect(await client().getUser('lisi')).toMatchObject({ status: 'left' });
  });

  it('60111 for an unknown userid, 60011 outside the visible range', async () => {
    const wecom = client();
    expect(describeError(await rejectionOf(wecom.getUser('nobody')))).toMatchObject({ code: 'WECOM_MEMBER_NOT_FOUND', audience: 'user' });
    expect(describeError(await rejectionOf(wecom.getUser('zhaoliu')))).toMatchObject({ code: 'WECOM_MEMBER_NOT_VISIBLE', audience: 'user' });
  });

  it('getUserIdByMobile posts the mobile and returns the userid', async () => {
    expect(await client().getUserIdByMobile('13800000000')).toBe('zhangsan');
    expect(emulator.calls('/cgi-bin/user/getuserid')[0]).toMatchObject({ method: 'POST', body: { mobile: '13800000000' } });
  });

  it('getUserIdByEmail posts the email with its type and returns the userid', async () => {
    const wecom = client();
    expect(await wecom.getUserIdByEmail('zhangsan@corp.example')).toBe('zhangsan');
    expect(await wecom.getUserIdByEmail('zhangsan@example.com', 2)).toBe('zhangsan');
    expect(emulator.calls('/cgi-bin/user/get_userid_by_email').map((call) => call.body)).toEqual([
      { email: 'zhangsan@corp.example', email_type: 1 },
      { email: 'zhangsan@example.com', email_type: 2 },
    ]);
  });

  it('an unknown mobile or email is a typed 46004', async () => {
    const wecom = client();
    for (const lookup of [wecom.getUserIdByMobile('13811112222'), wecom.getUserIdByEmail('nobody@example.com', 2)]) {
      const error = await rejectionOf(lookup);
      expect(error).toBeInstanceOf(WeComApiError);
      expect((error as WeComApiError).errcode).toBe(46004);
    }
  });
});

describe('checkCredentials', () => {
  it('passes with good settings, using a fresh token and a probe of auth/getuserinfo', async () => {
    const wecom = client();
    await wecom.getUser('zhangsan');
    await expect(wecom.checkCredentials()).resolves.toEqual({ tokenExpiresInSeconds: 7200, probeEndpoint: '/cgi-bin/auth/getuserinfo' });
    expect(count('/cgi-bin/gettoken')).toBe(2);
    expect(emulator.calls('/cgi-bin/auth/getuserinfo')[0]?.errcode).toBe(40029);
  });

  it.each([
    [{ secret: 'wrong-secret-0000000000' }, 40001, 'WECOM_INVALID_SECRET'],
    [{ corpId: 'wwunknowncorp000' }, 40013, 'WECOM_INVALID_CORP_ID'],
    [{ agentId: '1000005', secret: DISABLED_SECRET }, 50003, 'WECOM_APP_DISABLED'],
    [{ agentId: '1000004', secret: IP_LOCKED_SECRET }, 60020, 'WECOM_IP_NOT_TRUSTED'],
  ] as const)('fails with %j → %i (%s)', async (overrides, errcode, code) => {
    const error = await rejectionOf(client(overrides).checkCredentials());
    expect(error).toBeInstanceOf(WeComApiError);
    expect(error).toMatchObject({ errcode });
    expect(describeError(error)).toMatchObject({ code, audience: 'admin' });
    expect(String(error)).not.toContain(SECRET);
  });

  it('reports a base URL that is not WeCom as a protocol error', async () => {
    const error = await rejectionOf(client({ apiBaseUrl: `${emulator.url}/not-wecom` }).checkCredentials());
    expect(error).toBeInstanceOf(WeComProtocolError);
  });
});
