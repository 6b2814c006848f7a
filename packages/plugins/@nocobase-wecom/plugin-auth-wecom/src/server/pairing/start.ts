import type { Context } from '@nocobase/actions';
import { signInError } from '../errors/sign-in-error';
import { browserHashOf, readFlowCookie, type PendingFlow } from '../flow/flow-cookie';
import { pairingLocation } from '../flow/redirect-target';
import type { LoadedAuthenticator } from '../authenticators';
import { createPairing } from './store';

/**
 * WeCom's PC web login names the member but gives no mobile, so an unbound member can't be matched safely
 * here. Instead of a dead end, the PC waits on the sign-in page for the same member to confirm on the phone
 * (in-client OAuth with consent yields the mobile). Returns where the PC goes: the sign-in page with the QR code.
 */
export async function startPairing(ctx: Context, loaded: LoadedAuthenticator, flow: PendingFlow, memberId: string): Promise<string> {
  const browser = browserHashOf(readFlowCookie(ctx));
  if (!browser) throw signInError.stateOtherBrowser();
  const code = await createPairing(ctx.app, {
    authenticator: loaded.name,
    memberId,
    browser,
    redirect: flow.redirect,
    locale: flow.locale,
    phoneLink: loaded.links.pairingUrl,
  });
  (ctx.logger ?? ctx.app?.logger)?.info?.('WeCom sign-in waits for the member to confirm on the phone', {
    method: 'wecom:callback',
    authenticator: loaded.name,
    userid: memberId,
  });
  return pairingLocation(ctx, flow.redirect, loaded.name, code);
}
