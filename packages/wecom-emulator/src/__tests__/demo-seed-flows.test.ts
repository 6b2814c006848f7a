import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Seed, WeComEmulator, startWeComEmulator } from '../index';
import { DESKTOP_UA, WECHAT_UA, WECOM_UA, codeFrom, expectWeComError, getApi, openPage } from './support/harness';

/** What the plugin's own tests and the demo rely on: the demo seed, through the real pages and APIs. */
const DEMO = JSON.parse(readFileSync(join(__dirname, '../../../../demo/wecom-seed.json'), 'utf8')) as Seed;
const CORP = 'wwdemo0000000001';
const AGENT = '1000002';
const SECRET = 'demo-secret-not-for-production';
const CALLBACK = 'http://127.0.0.1:13000/api/wecom:callback';

let emu: WeComEmulator;
let token: string;

beforeAll(async () => {
  emu = await startWeComEmulator({ port: 0, seed: DEMO });
  const body = await getApi(emu, '/cgi-bin/gettoken', { corpid: CORP, corpsecret: SECRET });
  token = String(body.access_token);
});
afterAll(() => emu.close());

async function webLogin(userid: string, legacy = false): Promise<string> {
  const query: Record<string, string> = { appid: CORP, agentid: AGENT, redirect_uri: CALLBACK, state: 'demo', emulator_userid: userid };
  if (!legacy) query.login_type = 'CorpApp';
  const page = await openPage(emu, legacy ? '/wwopen/sso/qrConnect' : '/wwlogin/sso/login', query, DESKTOP_UA);
  expect(page.status, page.html.slice(0, 200)).toBe(302);
  return codeFrom(page.location);
}

function oauthQuery(userid: string, scope: string): Record<string, string> {
  return { appid: CORP, agentid: AGENT, redirect_uri: CALLBACK, response_type: 'code', scope, state: 'demo', emulator_userid: userid, emulator_consent: '1' };
}

describe('demo seed (demo/wecom-seed.json) through the pages and APIs', () => {
  it('zhangsan: web login → auth/getuserinfo → user/get without sensitive fields (app created 2023)', async () => {
    const code = await webLogin('zhangsan');
    expect(await getApi(emu, '/cgi-bin/auth/getuserinfo', { access_token: token, code })).toEqual({ errcode: 0, errmsg: 'ok', userid: 'zhangsan' });
    const user = await getApi(emu, '/cgi-bin/user/get', { access_token: token, userid: 'zhangsan' });
    expect(user).toMatchObject({ errcode: 0, userid: 'zhangsan', name: '张三', status: 1 });
    expect(user).not.toHaveProperty('mobile');
    expect(user).not.toHaveProperty('email');
  });

  it('wangwu (disabled, status 2) still gets a code from every login page; user/get says status 2', async () => {
    for (const code of [await webLogin('wangwu'), await webLogin('wangwu', true)]) {
      expect((await getApi(emu, '/cgi-bin/auth/getuserinfo', { access_token: token, code })).userid).toBe('wangwu');
    }
    const inClient = await openPage(emu, '/connect/oauth2/authorize', oauthQuery('wangwu', 'snsapi_base'), WECOM_UA);
    expect(inClient.status).toBe(302);
    expect((await getApi(emu, '/cgi-bin/user/get', { access_token: token, userid: 'wangwu' })).status).toBe(2);
  });

  it('zhaoliu (outside the visible range): web login issues a code, privateinfo shows 无权限, user/get → 60011', async () => {
    expect((await getApi(emu, '/cgi-bin/auth/getuserinfo', { access_token: token, code: await webLogin('zhaoliu') })).userid).toBe('zhaoliu');
    const consent = await openPage(emu, '/connect/oauth2/authorize', oauthQuery('zhaoliu', 'snsapi_privateinfo'), WECOM_UA);
    expect(consent.status).toBe(200);
    expect(consent.html).toContain('无权限');
    expectWeComError(await getApi(emu, '/cgi-bin/user/get', { access_token: token, userid: 'zhaoliu' }), 60011);
  });

  it('lisi with snsapi_privateinfo and consent gets a user_ticket; getuserdetail returns the mobile', async () => {
    const page = await openPage(emu, '/connect/oauth2/authorize', oauthQuery('lisi', 'snsapi_privateinfo'), WECOM_UA);
    const info = await getApi(emu, '/cgi-bin/auth/getuserinfo', { access_token: token, code: codeFrom(page.location) });
    expect(info.userid).toBe('lisi');
    const detail = await fetch(`${emu.url}/cgi-bin/auth/getuserdetail?access_token=${token}`, { method: 'POST', body: JSON.stringify({ user_ticket: info.user_ticket }) });
    expect(await detail.json()).toMatchObject({ errcode: 0, userid: 'lisi', mobile: '13800000002' });
  });

  it('personal WeChat resolves to the seeded non-member openid', async () => {
    const page = await openPage(emu, '/connect/oauth2/authorize', oauthQuery('zhangsan', 'snsapi_base'), WECHAT_UA);
    expect(await getApi(emu, '/cgi-bin/auth/getuserinfo', { access_token: token, code: codeFrom(page.location) })).toEqual({
      errcode: 0,
      errmsg: 'ok',
      openid: 'oDemoWeChatUser0001',
    });
  });
});

describe('startWeComEmulator options', () => {
  it('accepts behaviour options under `behaviour` as well as at the top level', async () => {
    const other = await startWeComEmulator({ port: 0, seed: DEMO, behaviour: { disabledMemberLogin: 'error-page', rateLimits: { perCorpPerApiPerMinute: 1 } } });
    try {
      expect(other.behaviour.disabledMemberLogin).toBe('error-page');
      expect(other.behaviour.rateLimits).toMatchObject({ perCorpPerApiPerMinute: 1, perCorpPerApiPerHour: 150_000 });
      const page = await fetch(`${other.url}/wwlogin/sso/login?login_type=CorpApp&appid=${CORP}&agentid=${AGENT}&redirect_uri=${encodeURIComponent(CALLBACK)}&emulator_userid=wangwu`, { redirect: 'manual' });
      expect(page.status).toBe(200);
    } finally {
      await other.close();
    }
    await expect(startWeComEmulator({ port: 0, behaviour: { tokenTtlSeconds: -1 } })).rejects.toThrow(/tokenTtlSeconds/);
  });
});
