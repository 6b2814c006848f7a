import { expect } from 'vitest';
import { WeComEmulator } from '../../index';
import { WECOM_UA, codeFrom, openPage } from './harness';
import { APP, CORP, TRUSTED, WEB_LOGIN_ONLY } from './test-seed';

export interface OAuthOptions {
  scope?: string;
  /** null leaves agentid out of the URL. */
  agentId?: string | null;
  redirectUri?: string;
  consent?: boolean;
  userAgent?: string;
  state?: string;
  extra?: Record<string, string>;
}

export function oauthQuery(userid: string | null, options: OAuthOptions = {}): Record<string, string> {
  const query: Record<string, string> = {
    appid: CORP,
    redirect_uri: options.redirectUri ?? `https://${TRUSTED}/api/wecom:callback`,
    response_type: 'code',
    scope: options.scope ?? 'snsapi_base',
    state: options.state ?? 'S1',
  };
  const agentId = options.agentId === undefined ? APP.agentId : options.agentId;
  if (agentId !== null) query.agentid = agentId;
  if (userid !== null) query.emulator_userid = userid;
  if (options.consent ?? true) query.emulator_consent = '1';
  return { ...query, ...options.extra };
}

/** Opens the in-client OAuth page as `userid` and returns the code from the 302. */
export async function oauthCode(emu: WeComEmulator, userid: string | null, options: OAuthOptions = {}): Promise<string> {
  const result = await openPage(emu, '/connect/oauth2/authorize', oauthQuery(userid, options), options.userAgent ?? WECOM_UA);
  expect(result.status, result.html.slice(0, 300)).toBe(302);
  return codeFrom(result.location);
}

export async function webLoginCode(emu: WeComEmulator, userid: string, options: { legacy?: boolean; agentId?: string; redirectUri?: string } = {}): Promise<string> {
  const query: Record<string, string> = {
    appid: CORP,
    agentid: options.agentId ?? APP.agentId,
    redirect_uri: options.redirectUri ?? `https://${WEB_LOGIN_ONLY}/api/wecom:callback`,
    state: 'W1',
    emulator_userid: userid,
  };
  if (!options.legacy) query.login_type = 'CorpApp';
  const result = await openPage(emu, options.legacy ? '/wwopen/sso/qrConnect' : '/wwlogin/sso/login', query, 'Mozilla/5.0 Chrome/130');
  expect(result.status, result.html.slice(0, 300)).toBe(302);
  return codeFrom(result.location);
}
