import { describe, expect, it } from 'vitest';
import { WeComEmulator } from '../index';
import { DESKTOP_UA, WECHAT_UA, WECOM_UA, codeFrom, getApi, openPage, useTestEmulator, tokenFor } from './support/harness';
import { oauthQuery } from './support/login';
import { APP, DISABLED_APP, NON_MEMBER, TRUSTED, TRUSTED_WITH_PORT, WEB_LOGIN_ONLY, testSeed } from './support/test-seed';

const PATH = '/connect/oauth2/authorize';
let emu: WeComEmulator;
useTestEmulator((started) => {
  emu = started;
});

const open = (query: Record<string, string>, ua = WECOM_UA, cookie?: string) => openPage(emu, PATH, query, ua, cookie);

async function userOf(location: string | null): Promise<Record<string, unknown>> {
  const token = await tokenFor(emu);
  return getApi(emu, '/cgi-bin/auth/getuserinfo', { access_token: token, code: codeFrom(location) });
}

describe('A11 B1 in-client OAuth page: who may use it', () => {
  it('shows "请在企业微信客户端打开链接" (HTTP 200, no redirect) to a desktop browser', async () => {
    const page = await open(oauthQuery('zhangsan'), DESKTOP_UA);
    expect(page.status).toBe(200);
    expect(page.location).toBeNull();
    expect(page.html).toContain('请在企业微信客户端打开链接');
  });

  it('completes in personal WeChat, but as a non-member openid', async () => {
    const page = await open(oauthQuery('zhangsan', { scope: 'snsapi_privateinfo' }), WECHAT_UA);
    expect(page.status).toBe(302);
    expect(await userOf(page.location)).toEqual({ errcode: 0, errmsg: 'ok', openid: NON_MEMBER.openid, external_userid: NON_MEMBER.externalUserId });
  });

  it('uses emulator_openid for the WeChat visitor, or a stable generated openid when the seed has none', async () => {
    const chosen = await open(oauthQuery(null, { extra: { emulator_openid: 'oCustomVisitor01' } }), WECHAT_UA);
    expect((await userOf(chosen.location)).openid).toBe('oCustomVisitor01');
    const seed = testSeed();
    seed.nonMembers = [];
    emu.setSeed(seed);
    const a = await userOf((await open(oauthQuery(null), WECHAT_UA)).location);
    const b = await userOf((await open(oauthQuery(null), WECHAT_UA)).location);
    expect(a.openid).toMatch(/^o[\w-]{27}$/);
    expect(b.openid).toBe(a.openid);
    expect(a).not.toHaveProperty('external_userid');
  });
});

describe('A11 B1 in-client OAuth page: parameters', () => {
  it('redirects with code and state, keeping the query of redirect_uri and putting ours before the fragment', async () => {
    const page = await open(oauthQuery('zhangsan', { redirectUri: `https://${TRUSTED}/cb?next=%2Fadmin#/signin`, state: 'Abc123' }));
    expect(page.status).toBe(302);
    const location = page.location ?? '';
    expect(location).toMatch(/^https:\/\/app\.example\.com\/cb\?next=%2Fadmin&code=[\w-]+&state=Abc123#\/signin$/);
    expect(await userOf(location)).toMatchObject({ userid: 'zhangsan' });
  });

  it('matches the redirect host exactly, port included', async () => {
    expect((await open(oauthQuery('zhangsan', { redirectUri: `http://${TRUSTED_WITH_PORT}/cb` }))).status).toBe(302);
    for (const uri of [`http://127.0.0.1:13001/cb`, `https://${TRUSTED}:443/cb`, `http://127.0.0.1/cb`, `https://evil.${TRUSTED}/cb`, `https://${WEB_LOGIN_ONLY}/cb`]) {
      const page = await open(oauthQuery('zhangsan', { redirectUri: uri }));
      expect(page.status, uri).toBe(200);
      expect(page.html, uri).toContain('redirect_uri需使用应用可信域名');
    }
  });

  it('shows an error page for a bad appid, agentid or disabled app', async () => {
    expect((await open({ ...oauthQuery('zhangsan'), appid: 'wwnope' })).html).toContain('appid');
    const badAgent = await open(oauthQuery('zhangsan', { agentId: '999' }));
    expect(badAgent.status).toBe(200);
    expect(badAgent.html).toContain('errcode: 40056');
    expect((await open(oauthQuery('zhangsan', { agentId: DISABLED_APP.agentId }))).html).toContain('应用已停用');
  });

  it('rejects a state outside a-zA-Z0-9 / 128 bytes with the 84025 page', async () => {
    for (const state of ['has space', 'a-b', 'x'.repeat(129)]) {
      const page = await open(oauthQuery('zhangsan', { state }));
      expect(page.status).toBe(200);
      expect(page.html).toContain('errcode: 84025');
    }
    expect((await open(oauthQuery('zhangsan', { state: 'x'.repeat(128) }))).status).toBe(302);
  });

  it('requires response_type=code and a scope; an unknown scope counts as base unless configured to fail', async () => {
    expect((await open({ ...oauthQuery('zhangsan'), response_type: 'token' })).html).toContain('response_type');
    const userinfo = await open(oauthQuery('zhangsan', { scope: 'snsapi_userinfo' }));
    expect(userinfo.status).toBe(302);
    emu.configure({ unknownScope: 'error' });
    expect((await open(oauthQuery('zhangsan', { scope: 'snsapi_userinfo' }))).status).toBe(200);
  });
});

describe('A11 B1 in-client OAuth page: the member', () => {
  it('shows a member picker form when nobody is signed in; the choice is remembered in a cookie', async () => {
    const picker = await open(oauthQuery(null, { consent: false }));
    expect(picker.status).toBe(200);
    expect(picker.html).toContain(`<form method="get" action="${PATH}">`);
    expect(picker.html).toContain('name="emulator_userid" value="zhangsan"');
    expect(picker.html).toContain('name="redirect_uri" value="https://app.example.com/api/wecom:callback"');
    const chosen = await open(oauthQuery('lisi', { consent: false }));
    expect(chosen.setCookie).toMatch(/^emulator_userid=lisi; Path=\//);
    const again = await open(oauthQuery(null, { consent: false }), WECOM_UA, 'emulator_userid=lisi');
    expect(again.status).toBe(302);
    expect((await userOf(again.location)).userid).toBe('lisi');
  });

  it('shows the picker with a notice for an unknown member', async () => {
    const unknown = await open(oauthQuery('ghost'));
    expect(unknown.status).toBe(200);
    expect(unknown.location).toBeNull();
    expect(unknown.html).toContain('No member &quot;ghost&quot;');
  });

  it('lets a disabled member through by default (so the relying party can refuse), or shows an error page', async () => {
    const allowed = await open(oauthQuery('wangwu'));
    expect(allowed.status).toBe(302);
    expect((await userOf(allowed.location)).userid).toBe('wangwu');
    emu.configure({ disabledMemberLogin: 'error-page' });
    const refused = await open(oauthQuery('wangwu'));
    expect(refused.status).toBe(200);
    expect(refused.html).toContain('账号已被停用');
  });

  it('lets a member outside the visible range sign in with snsapi_base (userid only)', async () => {
    const page = await open(oauthQuery('zhaoliu'));
    expect(await userOf(page.location)).toEqual({ errcode: 0, errmsg: 'ok', userid: 'zhaoliu' });
  });
});

describe('A11 B1 in-client OAuth page: snsapi_privateinfo consent', () => {
  it('shows a consent page listing the enabled fields; Allow and Deny re-open the URL', async () => {
    const page = await open(oauthQuery('zhangsan', { scope: 'snsapi_privateinfo', consent: false }));
    expect(page.status).toBe(200);
    expect(page.html).toContain('申请获取你的以下信息');
    expect(page.html).toContain('手机号 mobile');
    expect(page.html).toContain('name="emulator_consent" value="1"');
    expect(page.html).toContain('name="emulator_userid" value="zhangsan"');
  });

  it('approves with emulator_consent=1: the code yields a user_ticket', async () => {
    const page = await open(oauthQuery('zhangsan', { scope: 'snsapi_privateinfo' }));
    expect(page.status).toBe(302);
    expect(await userOf(page.location)).toHaveProperty('user_ticket');
  });

  it('stays on a "declined" page with emulator_consent=0 (no redirect, no code)', async () => {
    const page = await open(oauthQuery('zhangsan', { scope: 'snsapi_privateinfo', extra: { emulator_consent: '0' } }));
    expect(page.status).toBe(200);
    expect(page.location).toBeNull();
    expect(page.html).toContain('你已拒绝授权');
  });

  it('skips consent (and the ticket) when agentid is missing: silently downgraded to base', async () => {
    const page = await open(oauthQuery('zhangsan', { scope: 'snsapi_privateinfo', agentId: null, consent: false }));
    expect(page.status).toBe(302);
    expect(await userOf(page.location)).toEqual({ errcode: 0, errmsg: 'ok', userid: 'zhangsan' });
  });

  it('shows the no-permission page to a member outside the visible range', async () => {
    const page = await open(oauthQuery('zhaoliu', { scope: 'snsapi_privateinfo' }));
    expect(page.status).toBe(200);
    expect(page.html).toContain('无权限');
    expect(emu.calls(PATH).at(-1)).toMatchObject({ status: 200, errcode: null });
  });

  it('logs page calls with the Location they redirected to', async () => {
    emu.clearCalls();
    const page = await open(oauthQuery('zhangsan'));
    expect(emu.calls(PATH)).toEqual([expect.objectContaining({ method: 'GET', status: 302, location: page.location, query: expect.objectContaining({ agentid: APP.agentId }) })]);
  });
});
