import { describe, expect, it } from 'vitest';
import { callbackLocation, decidePanel, PANEL_REASONS, panelParams } from '../login-panel';

const options = { signInMode: 'panel', panelOrigin: 'https://nb.example.com', panelLoginHost: 'login.work.weixin.qq.com' };
const place = { origin: 'https://nb.example.com', hostname: 'nb.example.com', viewportWidth: 1280, inWeCom: false };

describe('decidePanel', () => {
  it('shows the panel at the trusted origin, with WeCom’s own login service, on a wide screen outside WeCom', () => {
    expect(decidePanel(options, place)).toEqual({ kind: 'panel' });
  });

  it('shows the button, silently, when the admin chose it, on narrow screens and inside WeCom', () => {
    expect(decidePanel({ ...options, signInMode: 'button' }, place)).toEqual({ kind: 'button' });
    expect(decidePanel({}, place)).toEqual({ kind: 'button' });
    expect(decidePanel(options, { ...place, viewportWidth: 340 })).toEqual({ kind: 'button' });
    expect(decidePanel(options, { ...place, inWeCom: true })).toEqual({ kind: 'button' });
  });

  it('says why not on localhost, at another origin, and with another login host', () => {
    for (const hostname of ['localhost', '127.0.0.1', '[::1]', 'app.localhost']) {
      expect(decidePanel(options, { ...place, hostname, origin: `http://${hostname}:13000` })).toEqual({ kind: 'fallback', reason: PANEL_REASONS.localhost });
    }
    expect(decidePanel(options, { ...place, origin: 'https://other.example.com', hostname: 'other.example.com' })).toEqual({
      kind: 'fallback',
      reason: PANEL_REASONS.otherOrigin,
      values: { origin: 'https://nb.example.com', here: 'https://other.example.com' },
    });
    expect(decidePanel({ ...options, panelLoginHost: '127.0.0.1:13001' }, place)).toEqual({
      kind: 'fallback',
      reason: PANEL_REASONS.otherLoginHost,
      values: { host: '127.0.0.1:13001' },
    });
  });
});

describe('panelParams and callbackLocation', () => {
  const webLogin =
    'https://login.work.weixin.qq.com/wwlogin/sso/login?login_type=CorpApp&appid=ww1&agentid=1000002&redirect_uri=https%3A%2F%2Fnb.example.com%2Fapi%2Fwecom%3Acallback&state=S1';

  it('takes appid, agentid, redirect_uri and our state from the web-login URL, and asks for the code by callback', () => {
    expect(panelParams(webLogin, 'zh-CN')).toEqual({
      login_type: 'CorpApp',
      appid: 'ww1',
      agentid: '1000002',
      redirect_uri: 'https://nb.example.com/api/wecom:callback',
      state: 'S1',
      redirect_type: 'callback',
      panel_size: 'small',
      lang: 'zh',
    });
    expect(panelParams(webLogin, 'en-US').lang).toBe('en');
  });

  it('goes to our callback with the code and the state, encoded', () => {
    expect(callbackLocation('https://nb.example.com/api/wecom:callback', 'c&d=1', 'S1')).toBe(
      'https://nb.example.com/api/wecom:callback?code=c%26d%3D1&state=S1',
    );
  });
});
