import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WeComEmulator } from '../index';
import { PANEL_PROTOCOL } from '../pages/login-panel';
import { DESKTOP_UA, getApi, openPage, tokenFor, useTestEmulator } from './support/harness';
import { APP, CORP, WEB_LOGIN_ONLY } from './support/test-seed';

let emu: WeComEmulator;
useTestEmulator((started) => {
  emu = started;
});

const CALLBACK = `https://${WEB_LOGIN_ONLY}/api/wecom:callback`;

/** What `createWWLoginPanel` puts in the iframe's address (its params plus `version`). */
const panelQuery = (extra: Record<string, string> = {}) => ({
  login_type: 'CorpApp',
  appid: CORP,
  agentid: APP.agentId,
  redirect_uri: CALLBACK,
  state: 'PanelState1',
  redirect_type: 'callback',
  panel_size: 'small',
  version: PANEL_PROTOCOL.sdkVersion,
  ...extra,
});
const open = (extra: Record<string, string> = {}) => openPage(emu, '/wwlogin/sso/login', panelQuery(extra), DESKTOP_UA);

/** The callbacks a panel document makes, from the data its script carries. */
function callsOf(html: string): Array<{ name: string; payload: Record<string, unknown> }> {
  const match = /var d=(\{.*?\});var p=d\.protocol;/s.exec(html);
  expect(match, 'the protocol script').not.toBeNull();
  return JSON.parse(match?.[1] ?? '{}').calls;
}

describe('the JS-SDK login panel (createWWLoginPanel)', () => {
  it('shows the member picker and deny, tells the page there is no desktop client, and speaks the SDK handshake', async () => {
    const page = await open();
    expect(page.status).toBe(200);
    expect(page.html).toContain('Scan as 张三');
    expect(page.html).toContain('name="emulator_action" value="deny"');
    expect(page.html).toContain('name="redirect_type" value="callback"');
    expect(page.html).not.toContain('One-click login');
    expect(page.html).toContain(PANEL_PROTOCOL.ready);
    expect(page.html).toContain(PANEL_PROTOCOL.init);
    expect(callsOf(page.html)).toEqual([{ name: 'onCheckWeComLogin', payload: { isWeComLogin: false } }]);
  });

  it('hands the code to onLoginSuccess instead of redirecting; the code yields the member', async () => {
    const page = await open({ emulator_userid: 'lisi' });
    expect(page.status).toBe(200);
    expect(page.location).toBeNull();
    const [call] = callsOf(page.html);
    if (!call) throw new Error('the panel made no call');
    expect(call.name).toBe('onLoginSuccess');
    const user = await getApi(emu, '/cgi-bin/auth/getuserinfo', { access_token: await tokenFor(emu), code: String(call.payload.code) });
    expect(user).toEqual({ errcode: 0, errmsg: 'ok', userid: 'lisi' });
  });

  it('reports deny and an unknown member through onLoginFail', async () => {
    expect(callsOf((await open({ emulator_action: 'deny' })).html)).toEqual([
      { name: 'onLoginFail', payload: { errCode: 1, errMsg: '用户拒绝登录 · The member refused to sign in' } },
    ]);
    expect(callsOf((await open({ emulator_userid: 'ghost' })).html)[0]?.name).toBe('onLoginFail');
  });

  it('offers one-click login when the desktop client is signed in', async () => {
    emu.configure({ desktopClientUserid: 'zhangsan' });
    const page = await open();
    expect(page.html).toContain('One-click login as 张三');
    expect(page.html).toContain('data-testid="one-click"');
    expect(callsOf(page.html)).toEqual([{ name: 'onCheckWeComLogin', payload: { isWeComLogin: true } }]);
  });

  it('still checks the app and the callback domain like the page does', async () => {
    const page = await open({ redirect_uri: 'https://evil.example/api/wecom:callback' });
    expect(page.html).toContain('is not a callback domain of this app');
  });
});

/**
 * The contract with the official SDK: the emulated panel speaks what @wecom/jssdk's own source expects. An upgrade
 * of the SDK that changes any of these fails here, before a browser test does.
 */
describe(`@wecom/jssdk ${PANEL_PROTOCOL.sdkVersion}, as the emulator reads it`, () => {
  const require = createRequire(__filename);
  const packageFile = require.resolve('@wecom/jssdk/package.json');
  const source = fs.readFileSync(path.join(path.dirname(packageFile), 'dist', 'wecom.js'), 'utf8');
  const panelSource = source.slice(source.indexOf('function createWWLoginPanel('), source.indexOf('function getPanelSize('));

  it('is the version the emulator was written against', () => {
    expect(JSON.parse(fs.readFileSync(packageFile, 'utf8')).version).toBe(PANEL_PROTOCOL.sdkVersion);
  });

  it('loads https://login.work.weixin.qq.com/wwlogin/sso/login with its params and version in an iframe', () => {
    expect(panelSource).toContain("useIframeClient(iframeEl, 'https://login.work.weixin.qq.com'");
    expect(panelSource).toContain("new URL('https://login.work.weixin.qq.com/wwlogin/sso/login')");
    expect(panelSource).toContain("url.searchParams.set('version', SDK_VERSION)");
    expect(panelSource).toContain("if (msg.type === 'call') {\n            return handleCallMsg(msg, options);");
  });

  it('posts init on load, waits for ready, and runs calls as options[name](payload)', () => {
    expect(source).toContain(`type: '${PANEL_PROTOCOL.init}'`);
    expect(source).toContain(`case '${PANEL_PROTOCOL.ready}':`);
    expect(source).toContain(`case '${PANEL_PROTOCOL.call}':`);
    expect(source).toContain('if (!msg.uid) {\n            return callback(msg.args, event);');
    expect(source).toContain('safeRun(options[msg.name], msg.payload || msg.data, thisArg);');
    expect(source).toContain('if (event.origin !== origin || iframeEl.contentWindow !== event.source)');
    expect(source).toContain('const msg = tryParseJSON(event.data);');
  });

  it('names the three callbacks the emulated panel calls', () => {
    const types = fs.readFileSync(path.join(path.dirname(packageFile), 'types', 'index.d.ts'), 'utf8');
    for (const name of PANEL_PROTOCOL.callbacks) expect(types).toContain(`${name}?: (`);
  });
});
