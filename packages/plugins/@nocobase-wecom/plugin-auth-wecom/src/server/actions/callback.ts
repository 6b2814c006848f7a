import type { Context, Next } from '@nocobase/actions';
import { signInError } from '../errors/sign-in-error';
import { switchLocale } from '../errors/translate';
import { browserHash } from '../flow/browser-binding';
import { redirectToSignIn } from '../flow/fail';
import { loadAuthenticator, soleWeComAuthenticator, type LoadedAuthenticator } from '../flow/load-authenticator';
import { DEFAULT_TARGET, successLocation } from '../flow/redirect-target';
import { checkState, consumeState, type StateRecord } from '../flow/state-store';
import { continueWithConsent } from '../flow/start-flow';
import { domainOf } from '../wecom';
import { ConsentNeeded, type PendingSignIn } from '../wecom-auth';
import { param } from './params';

/**
 * `GET wecom:callback?code&state`: WeCom sends the browser back here. Always a
 * 302: to the target with `?authenticator=&token=`, to WeCom again for consent,
 * or to the sign-in page with a translated error.
 */
export async function callback(ctx: Context, next: Next) {
  let record: StateRecord | undefined;
  let loaded: LoadedAuthenticator | undefined;
  ctx.set('Cache-Control', 'no-store');
  try {
    record = await consumeState(ctx, param(ctx, 'state'));
    await switchLocale(ctx, record.locale);
    checkState(record, browserHash(ctx));
    loaded = await loadAuthenticator(ctx, record.authenticator);
    const code = param(ctx, 'code');
    if (typeof code !== 'string' || code === '') throw signInError.codeMissing();
    const pending: PendingSignIn = { code, record };
    ctx.state.wecomSignIn = pending;
    const { token } = await loaded.auth.signIn();
    ctx.redirect(await successLocation(ctx, record.redirect, loaded.name, token));
  } catch (thrown) {
    const error = ctx.state.wecomFailure ?? thrown;
    if (error instanceof ConsentNeeded && record && loaded) {
      try {
        ctx.redirect(await continueWithConsent(ctx, loaded, record));
        return next();
      } catch (consentError) {
        return finish(ctx, next, record, loaded, consentError);
      }
    }
    await finish(ctx, next, record, loaded, error);
    return;
  }
  await next();
}

async function finish(ctx: Context, next: Next, record: StateRecord | undefined, loaded: LoadedAuthenticator | undefined, error: unknown) {
  let domain: string | undefined;
  try {
    domain = loaded ? domainOf(loaded.options.wecom.origin) : undefined;
  } catch {
    domain = undefined;
  }
  await redirectToSignIn(ctx, {
    authenticator: record?.authenticator ?? (await soleWeComAuthenticator(ctx)),
    target: record?.redirect ?? DEFAULT_TARGET,
    error,
    context: { domain },
  });
  await next();
}
