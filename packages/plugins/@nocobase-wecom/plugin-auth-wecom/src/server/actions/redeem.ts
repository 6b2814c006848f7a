import type { Context, Next } from '@nocobase/actions';
import { signInError, SignInError } from '../errors/sign-in-error';
import { describeForUser, translateDescription } from '../errors/translate';
import { redeemHandOff } from '../flow/hand-off';
import { loadAuthenticator } from '../authenticators';
import { redact } from '../wecom';
import { SIGNED_IN_USER } from '../wecom-auth';
import { param } from './params';

/**
 * `POST wecom:redeem { code }` → `{ token }`: the landing page trades its one-time hand-off code for NocoBase's
 * token, by XHR, with the cookies of the browser that signed in. NocoBase's `signIn()` also sets its httpOnly
 * auth cookies on this response.
 */
export async function redeem(ctx: Context, next: Next) {
  ctx.set('Cache-Control', 'no-store');
  try {
    const handOff = await redeemHandOff(ctx, param(ctx, 'code'));
    const loaded = await loadAuthenticator(ctx, handOff.authenticator);
    const user = await ctx.db.getRepository('users').findOne({ filterByTk: handOff.userId });
    if (!user) throw signInError.userGone();
    ctx.state[SIGNED_IN_USER] = user;
    const { token } = await loaded.auth.signIn();
    ctx.body = { token };
  } catch (error) {
    if (!(error instanceof SignInError)) {
      ctx.logger?.error?.('wecom:redeem failed', { method: 'wecom:redeem', error: redact(String(error)) });
    }
    ctx.throw(400, translateDescription(ctx, describeForUser(error)));
  }
  await next();
}
