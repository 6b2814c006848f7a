import { buildOAuthUrl, buildWebLoginUrl, type OAuthScope } from '../../urls';

/** The iOS WeCom User-Agent of docs/wecom-protocol.md A8. */
export const WECOM_USER_AGENT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)  Mobile/15E148 wxwork/4.1.30 MicroMessenger/7.0.1 Language/zh ColorScheme/Light wwmver/3.26.13.714';
/** Personal WeChat: MicroMessenger without wxwork. */
export const WECHAT_USER_AGENT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003137) NetType/WIFI Language/zh_CN';

export interface SignInApp {
  emulatorUrl: string;
  corpId: string;
  agentId: string;
  redirectUri: string;
}

/**
 * Follows a WeCom login page the way a browser would, without following the
 * final redirect back to our (absent) app: returns the `code` WeCom put on it.
 */
async function codeFromRedirect(url: string, userAgent: string, state: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual', headers: { 'user-agent': userAgent } });
  const location = response.headers.get('location');
  await response.body?.cancel();
  if (response.status !== 302 || location === null) {
    throw new Error(`expected a 302 with a code from ${new URL(url).pathname}, got HTTP ${response.status}`);
  }
  const back = new URL(location);
  if (back.searchParams.get('state') !== state) throw new Error('the state did not come back unchanged');
  const code = back.searchParams.get('code');
  if (code === null) throw new Error('the redirect carried no code');
  return code;
}

/** A code from the PC web login page, "scanned" by `userId`. */
export function codeFromWebLogin(app: SignInApp, userId: string, state = 'WebState1'): Promise<string> {
  const url = new URL(
    buildWebLoginUrl({ webLoginBaseUrl: app.emulatorUrl, corpId: app.corpId, agentId: app.agentId, redirectUri: app.redirectUri, state }),
  );
  url.searchParams.set('emulator_userid', userId);
  return codeFromRedirect(url.href, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0.0.0 Safari/537.36', state);
}

/** A code from the in-client OAuth page opened inside WeCom by `userId`, consenting if asked. */
export function codeFromWeComClient(app: SignInApp, userId: string, scope: OAuthScope, state = 'ClientState1'): Promise<string> {
  const url = new URL(
    buildOAuthUrl({ oauthBaseUrl: app.emulatorUrl, corpId: app.corpId, agentId: app.agentId, redirectUri: app.redirectUri, state, scope }),
  );
  url.searchParams.set('emulator_userid', userId);
  url.searchParams.set('emulator_consent', '1');
  return codeFromRedirect(url.href, WECOM_USER_AGENT, state);
}

/** A code from the in-client OAuth URL opened in personal WeChat by a non-member. */
export function codeFromPersonalWeChat(app: SignInApp, openId: string, state = 'WeChatState1'): Promise<string> {
  const url = new URL(
    buildOAuthUrl({ oauthBaseUrl: app.emulatorUrl, corpId: app.corpId, agentId: app.agentId, redirectUri: app.redirectUri, state, scope: 'snsapi_base' }),
  );
  url.searchParams.set('emulator_openid', openId);
  return codeFromRedirect(url.href, WECHAT_USER_AGENT, state);
}
