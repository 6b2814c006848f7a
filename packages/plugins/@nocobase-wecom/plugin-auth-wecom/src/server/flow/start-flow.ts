import type { Context } from '@nocobase/actions';
import { buildOAuthUrl, buildWebLoginUrl, detectClient } from '../wecom';
import { currentLocale } from '../errors/translate';
import { bindBrowser } from './browser-binding';
import type { LoadedAuthenticator } from './load-authenticator';
import { chooseTarget } from './redirect-target';
import { saveState, type StateRecord } from './state-store';

/**
 * The WeCom URL that starts a sign-in: the in-client OAuth inside the WeCom
 * app (silent `snsapi_base` first), the web login page elsewhere.
 */
export async function startFlow(ctx: Context, loaded: LoadedAuthenticator, requestedRedirect: unknown): Promise<string> {
  const redirect = chooseTarget(requestedRedirect, loaded.options.public.redirectPath);
  const browser = bindBrowser(ctx);
  const locale = currentLocale(ctx);
  const { corpId, agentId, oauthBaseUrl, webLoginBaseUrl } = loaded.options.wecom;
  const redirectUri = loaded.links.callbackUrl;
  if (detectClient(ctx.get('user-agent')) === 'wecom') {
    const state = await saveState(ctx, { authenticator: loaded.name, redirect, flow: 'oauth', scope: 'snsapi_base', browser, locale });
    return buildOAuthUrl({ oauthBaseUrl, corpId, agentId, redirectUri, state, scope: 'snsapi_base' });
  }
  const state = await saveState(ctx, { authenticator: loaded.name, redirect, flow: 'web', browser, locale });
  return buildWebLoginUrl({ webLoginBaseUrl, corpId, agentId, redirectUri, state });
}

/** Second round for a member not bound yet: ask for consent so `auth/getuserdetail` yields the mobile. */
export async function continueWithConsent(ctx: Context, loaded: LoadedAuthenticator, previous: StateRecord): Promise<string> {
  const { corpId, agentId, oauthBaseUrl } = loaded.options.wecom;
  const state = await saveState(ctx, {
    authenticator: loaded.name,
    redirect: previous.redirect,
    flow: 'oauth',
    scope: 'snsapi_privateinfo',
    browser: previous.browser,
    locale: previous.locale,
  });
  return buildOAuthUrl({ oauthBaseUrl, corpId, agentId, redirectUri: loaded.links.callbackUrl, state, scope: 'snsapi_privateinfo' });
}
