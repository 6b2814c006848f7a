import { describe, expect, it } from 'vitest';
import { WeComEmulator } from '../index';
import { DESKTOP_UA, codeFrom, getApi, openPage, useTestEmulator, tokenFor } from './support/harness';
import { APP, CORP, DISABLED_APP, TRUSTED, WEB_LOGIN_ONLY } from './support/test-seed';

let emu: WeComEmulator;
useTestEmulator((started) => {
  emu = started;
});

const CALLBACK = `https://${WEB_LOGIN_ONLY}/api/wecom:callback`;

function query(extra: Record<string, string> = {}, legacy = false): Record<string, string> {
  const q: Record<string, string> = { appid: CORP, agentid: APP.agentId, redirect_uri: CALLBACK, state: 'WebState1', ...extra };
  return legacy ? q : { login_type: 'CorpApp', ...q };
}

async function redeem(location: string | null): Promise<Record<string, unknown>> {
  return getApi(emu, '/cgi-bin/auth/getuserinfo', { access_token: await tokenFor(emu), code: codeFrom(location) });
}

describe.each([
  { name: 'A11 B2 /wwlogin/sso/login', path: '/wwlogin/sso/login', legacy: false },
  { name: 'A11 B3 /wwopen/sso/qrConnect (legacy)', path: '/wwopen/sso/qrConnect', legacy: true },
])('$name', ({ path, legacy }) => {
  const open = (extra: Record<string, string> = {}) => openPage(emu, path, query(extra, legacy), DESKTOP_UA);

  it('shows a QR panel a person can use: a fake QR code, "scan as" buttons and a deny action', async () => {
    const page = await open();
    expect(page.status).toBe(200);
    expect(page.html).toContain('<svg class="qr"');
    expect(page.html).toContain(`<form method="get" action="${path}">`);
    expect(page.html).toContain('name="emulator_userid" value="zhangsan"');
    expect(page.html).toContain('Scan as 张三');
    expect(page.html).toContain('name="emulator_action" value="deny"');
    expect(page.html).toContain('name="state" value="WebState1"');
  });

  it('redirects back with code and state when a member "scans"; the code yields the userid and no ticket', async () => {
    const page = await open({ emulator_userid: 'lisi' });
    expect(page.status).toBe(302);
    const back = new URL(page.location ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);
    expect(back.searchParams.get('state')).toBe('WebState1');
    expect([...back.searchParams.keys()]).toEqual(legacy ? ['code', 'state', 'appid'] : ['code', 'state']);
    if (legacy) expect(back.searchParams.get('appid')).toBe(CORP);
    expect(await redeem(page.location)).toEqual({ errcode: 0, errmsg: 'ok', userid: 'lisi' });
  });

  it('returns only the state when the person denies', async () => {
    const page = await open({ emulator_action: 'deny' });
    expect(page.status).toBe(302);
    expect(page.location).toBe(`${CALLBACK}?state=WebState1`);
  });

  it('accepts the OAuth trusted domains too, and nothing else ("该链接无法访问")', async () => {
    expect((await open({ redirect_uri: `https://${TRUSTED}/cb`, emulator_userid: 'zhangsan' })).status).toBe(302);
    for (const uri of [`https://login.example.com/cb`, `https://evil.example.com/cb`, 'not a url']) {
      const page = await open({ redirect_uri: uri, emulator_userid: 'zhangsan' });
      expect(page.status, uri).toBe(200);
      expect(page.html, uri).toContain('该链接无法访问');
    }
  });

  it('shows "该链接无法访问" for a bad appid or agentid, and the disabled-app page', async () => {
    expect((await open({ appid: 'wwnope' })).html).toContain('该链接无法访问');
    expect((await open({ agentid: '42' })).html).toContain('该链接无法访问');
    expect((await open({ agentid: '' })).html).toContain('该链接无法访问');
    expect((await open({ agentid: DISABLED_APP.agentId, redirect_uri: `https://${TRUSTED}/cb` })).html).toContain('应用已停用');
  });

  it('lets members outside the visible range through by default (A3.1), or shows "无权限" (A3.3) when configured', async () => {
    expect((await redeem((await open({ emulator_userid: 'zhaoliu' })).location)).userid).toBe('zhaoliu');
    emu.configure({ webLoginOutsideVisibleRange: 'no-permission' });
    const page = await open({ emulator_userid: 'zhaoliu' });
    expect(page.status).toBe(200);
    expect(page.html).toContain('无权限');
  });

  it('lets a disabled member through by default, or shows an error page when configured', async () => {
    expect((await open({ emulator_userid: 'wangwu' })).status).toBe(302);
    emu.configure({ disabledMemberLogin: 'error-page' });
    const page = await open({ emulator_userid: 'wangwu' });
    expect(page.status).toBe(200);
    expect(page.html).toContain('账号已被停用');
  });

  it('shows the panel with a notice for an unknown member', async () => {
    const page = await open({ emulator_userid: 'ghost' });
    expect(page.status).toBe(200);
    expect(page.html).toContain('No member &quot;ghost&quot;');
  });
});

describe('web login specifics', () => {
  it('requires login_type=CorpApp on /wwlogin/sso/login and explains that ServiceApp is not emulated', async () => {
    const base = query({ emulator_userid: 'zhangsan' });
    expect((await openPage(emu, '/wwlogin/sso/login', { ...base, login_type: 'ServiceApp' })).html).toContain('ServiceApp');
    const { login_type: _omit, ...missing } = base;
    expect((await openPage(emu, '/wwlogin/sso/login', missing)).html).toContain('login_type must be CorpApp');
  });

  it('appends appid on the new page too when configured (unverified behaviour)', async () => {
    emu.configure({ webLoginAppendsAppid: true });
    const page = await openPage(emu, '/wwlogin/sso/login', query({ emulator_userid: 'zhangsan' }));
    expect(new URL(page.location ?? '').searchParams.get('appid')).toBe(CORP);
  });

  it('keeps a hash route after the query, as a hash-router callback expects (A3.3)', async () => {
    const page = await openPage(emu, '/wwopen/sso/qrConnect', query({ redirect_uri: `https://${TRUSTED}/#/login`, emulator_userid: 'zhangsan' }, true));
    expect(page.location).toMatch(/^https:\/\/app\.example\.com\/\?code=[\w-]+&state=WebState1&appid=wwtestcorp0000001#\/login$/);
  });
});
