import type { Context, Next } from '@nocobase/actions';
import { signInError } from '../errors/sign-in-error';
import { switchLocale } from '../errors/translate';
import { redirectToSignIn } from '../flow/fail';
import type { PendingFlow } from '../flow/flow-cookie';
import { issueHandOff } from '../flow/hand-off';
import { loadAuthenticator, soleWeComAuthenticator, type LoadedAuthenticator } from '../authenticators';
import { DEFAULT_TARGET, successLocation } from '../flow/redirect-target';
import { resolveSignIn } from '../flow/resolve-sign-in';
import { continueWithConsent } from '../flow/start-flow';
import { takeState } from '../flow/state';
import { linkCallback } from '../link/callback';
import { confirmPairing } from '../pairing/confirm';
import { startPairing } from '../pairing/start';
import { domainOf } from '../wecom';
import { param } from './params';

/**
 * `GET wecom:callback?code&state`: WeCom sends the browser back here. Always a 302: to the target with
 * `?authenticator=&wecom_handoff=` (never a token), to WeCom again for consent, or to the sign-in page with a
 * translated error.
 */
export async function callback(ctx: Context, next: Next) {
  ctx.set('Cache-Control', 'no-store');
  let flow: PendingFlow | undefined;
  let loaded: LoadedAuthenticator | undefined;
  try {
    flow = await takeState(ctx, param(ctx, 'state'));
    await switchLocale(ctx, flow.locale);
    loaded = await loadAuthenticator(ctx, flow.authenticator);
    const code = param(ctx, 'code');
    if (typeof code !== 'string' || code === '') throw signInError.codeMissing();
    if (flow.intent === 'link') {
      await linkCallback(ctx, loaded, flow, code);
      return await next();
    }
    if (flow.pairing) {
      await confirmPairing(ctx, loaded, flow, code);
      return await next();
    }
    const result = await resolveSignIn(ctx, loaded, flow, code);
    if (result.kind === 'needs-consent') {
      ctx.redirect(continueWithConsent(ctx, loaded, flow));
    } else if (result.kind === 'needs-phone') {
      ctx.redirect(await startPairing(ctx, loaded, flow, result.memberId));
    } else if (result.kind === 'signed-in') {
      const handOff = await issueHandOff(ctx, { userId: result.user.get('id') as number, authenticator: loaded.name });
      ctx.redirect(await successLocation(ctx, flow.redirect, loaded.name, handOff));
    } else {
      await fail(ctx, flow, loaded, result.error);
    }
  } catch (error) {
    await fail(ctx, flow, loaded, error);
  }
  await next();
}

async function fail(ctx: Context, flow: PendingFlow | undefined, loaded: LoadedAuthenticator | undefined, error: unknown) {
  let domain: string | undefined;
  try {
    domain = loaded ? domainOf(loaded.options.origin) : undefined;
  } catch {
    domain = undefined;
  }
  await redirectToSignIn(ctx, {
    authenticator: flow?.authenticator ?? (await soleWeComAuthenticator(ctx)),
    target: flow?.redirect ?? DEFAULT_TARGET,
    error,
    context: { domain },
  });
}
