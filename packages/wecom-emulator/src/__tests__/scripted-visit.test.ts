import { describe, expect, it } from 'vitest';
import { WeComEmulator, answeredPageUrl, passSignInPage } from '../index';
import { DESKTOP_UA, WECHAT_UA, WECOM_UA, codeFrom, getApi, tokenFor, useTestEmulator } from './support/harness';
import { APP, CORP, TRUSTED, WEB_LOGIN_ONLY } from './support/test-seed';

let emu: WeComEmulator;
useTestEmulator((started) => {
  emu = started;
});

function oauthUrl(scope: string): string {
  const url = new URL('/connect/oauth2/authorize', emu.url);
  const query = { appid: CORP, redirect_uri: `https://${TRUSTED}/api/wecom:callback`, response_type: 'code', scope, state: 'S1', agentid: APP.agentId };
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return `${url.href}#wechat_redirect`;
}

async function whoSignedIn(location: string): Promise<Record<string, unknown>> {
  return getApi(emu, '/cgi-bin/auth/getuserinfo', { access_token: await tokenFor(emu), code: codeFrom(location) });
}

describe('passSignInPage: a scripted visit to a sign-in page', () => {
  it('answers as the member, consents, and returns the callback with code and state', async () => {
    const location = await passSignInPage(oauthUrl('snsapi_privateinfo'), { userid: 'lisi', userAgent: WECOM_UA });
    expect(location).toMatch(new RegExp(`^https://${TRUSTED}/api/wecom:callback\\?code=[\\w-]+&state=S1$`));
    expect(await whoSignedIn(location)).toMatchObject({ errcode: 0, userid: 'lisi', user_ticket: expect.any(String) });
  });

  it('consents only where the page asks, and keeps the rest of the URL', () => {
    const base = answeredPageUrl(oauthUrl('snsapi_base'), { userid: 'lisi' });
    expect(base.searchParams.get('emulator_userid')).toBe('lisi');
    expect(base.searchParams.has('emulator_consent')).toBe(false);
    expect(base.hash).toBe('#wechat_redirect');
    expect(base.searchParams.get('redirect_uri')).toBe(`https://${TRUSTED}/api/wecom:callback`);
    expect(answeredPageUrl(oauthUrl('snsapi_privateinfo'), { userid: 'lisi', consent: false }).searchParams.get('emulator_consent')).toBe('0');
  });

  it('throws with the page when the member denies consent, or the page has no one to sign in', async () => {
    await expect(passSignInPage(oauthUrl('snsapi_privateinfo'), { userid: 'lisi', consent: false, userAgent: WECOM_UA })).rejects.toThrow(/HTTP 200.*你已拒绝授权/s);
    await expect(passSignInPage(oauthUrl('snsapi_base'), { userAgent: DESKTOP_UA })).rejects.toThrow(/请在企业微信客户端打开链接/);
  });

  it('visits as a personal-WeChat user by openid', async () => {
    const location = await passSignInPage(oauthUrl('snsapi_base'), { openid: 'oScriptedVisitor01', userAgent: WECHAT_UA });
    expect(await whoSignedIn(location)).toMatchObject({ openid: 'oScriptedVisitor01' });
  });

  it('scans the web-login QR code as the member', async () => {
    const url = new URL('/wwlogin/sso/login', emu.url);
    const query = { login_type: 'CorpApp', appid: CORP, agentid: APP.agentId, redirect_uri: `https://${WEB_LOGIN_ONLY}/api/wecom:callback`, state: 'W1' };
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const location = await passSignInPage(url, { userid: 'zhangsan', userAgent: DESKTOP_UA });
    expect(new URL(location).searchParams.get('state')).toBe('W1');
    expect(await whoSignedIn(location)).toMatchObject({ userid: 'zhangsan' });
  });
});
