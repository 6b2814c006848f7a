import { joinUrl, parseHttpUrl, requireText } from './wire';

export const DEFAULT_OAUTH_BASE_URL = 'https://open.weixin.qq.com';
export const DEFAULT_WEB_LOGIN_BASE_URL = 'https://login.work.weixin.qq.com';

const OAUTH_PATH = '/connect/oauth2/authorize';
const WEB_LOGIN_PATH = '/wwlogin/sso/login';

/** WeCom accepts only `a-zA-Z0-9`, at most 128 bytes (docs/wecom-protocol.md A2; 84025 otherwise). */
const WELL_FORMED_STATE = /^[A-Za-z0-9]{1,128}$/;

export type OAuthScope = 'snsapi_base' | 'snsapi_privateinfo';

export interface OAuthUrlOptions {
  oauthBaseUrl?: string;
  corpId: string;
  agentId: string | number;
  redirectUri: string;
  state: string;
  /** `snsapi_base` is silent; `snsapi_privateinfo` shows a consent page and yields a user_ticket. */
  scope: OAuthScope;
}

export interface WebLoginUrlOptions {
  webLoginBaseUrl?: string;
  corpId: string;
  agentId: string | number;
  redirectUri: string;
  state: string;
}

/**
 * The in-client OAuth URL (works inside the WeCom app only).
 * `agentid` is always sent: without it WeCom silently downgrades
 * `snsapi_privateinfo` to `snsapi_base` (docs/wecom-protocol.md A2).
 *
 * @see https://developer.work.weixin.qq.com/document/path/91022
 */
export function buildOAuthUrl(options: OAuthUrlOptions): string {
  const url = joinUrl(options.oauthBaseUrl ?? DEFAULT_OAUTH_BASE_URL, OAUTH_PATH);
  const query = encodeQuery([
    ['appid', requireText(options.corpId, 'corpId')],
    ['redirect_uri', requireRedirectUri(options.redirectUri)],
    ['response_type', 'code'],
    ['scope', options.scope],
    ['state', requireState(options.state)],
    ['agentid', requireText(String(options.agentId), 'agentId')],
  ]);
  // The client looks for this fragment to decide whether to attach the member's identity (docs/wecom-protocol.md A2).
  return `${url.href}?${query}#wechat_redirect`;
}

/**
 * The web login page for PC browsers (QR scan or one click in desktop WeCom).
 * Its codes never carry a user_ticket (docs/wecom-protocol.md A3.1).
 *
 * @see https://developer.work.weixin.qq.com/document/path/98173
 */
export function buildWebLoginUrl(options: WebLoginUrlOptions): string {
  const url = joinUrl(options.webLoginBaseUrl ?? DEFAULT_WEB_LOGIN_BASE_URL, WEB_LOGIN_PATH);
  const query = encodeQuery([
    ['login_type', 'CorpApp'],
    ['appid', requireText(options.corpId, 'corpId')],
    ['agentid', requireText(String(options.agentId), 'agentId')],
    ['redirect_uri', requireRedirectUri(options.redirectUri)],
    ['state', requireState(options.state)],
  ]);
  return `${url.href}?${query}`;
}

/**
 * The `host[:port]` to enter as the app's trusted domain and web-login
 * callback domain: no scheme, no path, and no default port (an https proxy
 * that added `:443` broke JeecgBoot#5947; WeCom matches host and port exactly,
 * docs/wecom-protocol.md A2).
 */
export function domainOf(origin: string): string {
  return parseHttpUrl(origin, 'origin').host;
}

/** Normalised by URL parsing: this also drops a default `:443` / `:80` that WeCom would not match. */
function requireRedirectUri(redirectUri: string): string {
  return parseHttpUrl(redirectUri, 'redirect URI').href;
}

function encodeQuery(pairs: ReadonlyArray<[string, string]>): string {
  return pairs.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
}

function requireState(state: string): string {
  if (typeof state !== 'string' || !WELL_FORMED_STATE.test(state)) {
    throw new TypeError('WeCom state must be 1 to 128 characters from A-Z, a-z and 0-9');
  }
  return state;
}
