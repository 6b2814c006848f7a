import type { Context, Next } from '@nocobase/actions';
import { signInError } from '../errors/sign-in-error';
import { describeForUser, switchLocale, translateDescription } from '../errors/translate';
import { loadAuthenticator } from '../authenticators';
import { issueState } from '../flow/state';
import { renderPhonePage } from '../pairing/phone-page';
import { isExpired, isPairingCode, readPairing } from '../pairing/store';
import { buildOAuthUrl, detectClient } from '../wecom';
import { param } from './params';

/**
 * `GET wecom:pair?p=<code>`: the link in the QR code the PC shows. Opened in the WeCom app on the phone, it starts
 * the in-client OAuth with consent (`snsapi_privateinfo`, which yields the mobile) for this pairing; the callback
 * finishes it (pairing/confirm.ts). Elsewhere it says to open it in WeCom.
 */
export async function pair(ctx: Context, next: Next) {
  ctx.set('Cache-Control', 'no-store');
  try {
    const code = param(ctx, 'p');
    if (!isPairingCode(code)) throw signInError.pairingUnknown();
    const pairing = await readPairing(ctx.app, code);
    if (!pairing) throw signInError.pairingUnknown();
    await switchLocale(ctx, pairing.locale);
    if (pairing.status !== 'waiting') throw signInError.pairingUsed();
    if (isExpired(pairing)) throw signInError.pairingExpired();
    const loaded = await loadAuthenticator(ctx, pairing.authenticator);
    if (detectClient(ctx.get('user-agent')) !== 'wecom') {
      renderPhonePage(ctx, { kind: 'open-in-wecom' });
    } else {
      const { corpId, agentId, oauthBaseUrl } = loaded.options;
      const scope = 'snsapi_privateinfo';
      // The redirect is never used (the phone is not signed in); the state only carries the pairing.
      const state = issueState(ctx, { authenticator: loaded.name, redirect: pairing.redirect, flow: 'oauth', scope, locale: pairing.locale, pairing: code });
      ctx.redirect(buildOAuthUrl({ oauthBaseUrl, corpId, agentId, redirectUri: loaded.links.callbackUrl, state, scope }));
    }
  } catch (error) {
    renderPhonePage(ctx, { kind: 'refused', message: translateDescription(ctx, describeForUser(error)) });
  }
  await next();
}
