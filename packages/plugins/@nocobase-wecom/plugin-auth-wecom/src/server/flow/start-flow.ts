import type { Context } from '@nocobase/actions';
import { currentLocale } from '../errors/translate';
import { buildOAuthUrl, buildWebLoginUrl, detectClient } from '../wecom';
import type { PendingFlow } from './flow-cookie';
import type { LoadedAuthenticator } from '../authenticators';
import { chooseTarget } from './redirect-target';
import { issueState } from './state';

/** The target travels in the flow cookie, which must stay under the browser's 4 KB. */
const MAX_TARGET_BYTES = 1024;

/**
 * The WeCom URL that starts a sign-in: the in-client OAuth inside the WeCom
 * app (silent `snsapi_base` first), the web login page elsewhere.
 */
export function startFlow(
  ctx: Context,
  loaded: LoadedAuthenticator,
  requestedRedirect: unknown,
  link: Pick<PendingFlow, 'intent' | 'linkUserId'> = {},
): string {
  let redirect = chooseTarget(requestedRedirect, loaded.options.redirectPath);
  if (Buffer.byteLength(redirect) > MAX_TARGET_BYTES) redirect = chooseTarget(undefined, loaded.options.redirectPath);
  const locale = currentLocale(ctx);
  const { corpId, agentId, oauthBaseUrl, webLoginBaseUrl } = loaded.options;
  const redirectUri = loaded.links.callbackUrl;
  if (detectClient(ctx.get('user-agent')) === 'wecom') {
    const state = issueState(ctx, { authenticator: loaded.name, redirect, flow: 'oauth', scope: 'snsapi_base', locale, ...link });
    return buildOAuthUrl({ oauthBaseUrl, corpId, agentId, redirectUri, state, scope: 'snsapi_base' });
  }
  const state = issueState(ctx, { authenticator: loaded.name, redirect, flow: 'web', locale, ...link });
  return buildWebLoginUrl({ webLoginBaseUrl, corpId, agentId, redirectUri, state });
}

/** Second round for a member not bound yet: ask for consent so `auth/getuserdetail` yields the mobile. */
export function continueWithConsent(ctx: Context, loaded: LoadedAuthenticator, previous: PendingFlow): string {
  const { corpId, agentId, oauthBaseUrl } = loaded.options;
  const state = issueState(ctx, {
    authenticator: loaded.name,
    redirect: previous.redirect,
    flow: 'oauth',
    scope: 'snsapi_privateinfo',
    locale: previous.locale,
  });
  return buildOAuthUrl({ oauthBaseUrl, corpId, agentId, redirectUri: loaded.links.callbackUrl, state, scope: 'snsapi_privateinfo' });
}
