import type { Context, Next } from '@nocobase/actions';
import { redirectToSignIn } from '../flow/fail';
import { loadAuthenticator } from '../authenticators';
import { chooseTarget } from '../flow/redirect-target';
import { startFlow } from '../flow/start-flow';
import { param } from './params';

/**
 * `GET wecom:entry?authenticator=&redirect=` → 302 to WeCom. Static, so it is
 * the workbench homepage link and what automatic login navigates to.
 */
export async function entry(ctx: Context, next: Next) {
  const name = param(ctx, 'authenticator');
  const requested = param(ctx, 'redirect');
  try {
    const loaded = await loadAuthenticator(ctx, name);
    const url = startFlow(ctx, loaded, requested);
    ctx.set('Cache-Control', 'no-store');
    ctx.redirect(url);
  } catch (error) {
    await redirectToSignIn(ctx, {
      authenticator: typeof name === 'string' ? name : '',
      target: chooseTarget(requested, undefined),
      error,
    });
  }
  await next();
}
