import type { Context, Next } from '@nocobase/actions';
import { SignInError } from '../errors/sign-in-error';
import { describeForUser, translateDescription } from '../errors/translate';
import { loadAuthenticator } from '../authenticators';
import { startFlow } from '../flow/start-flow';
import { redact } from '../wecom';
import { param } from './params';

/** `POST wecom:getAuthUrl` (header `X-Authenticator`, body `{ redirect }`) → `{ url }`. */
export async function getAuthUrl(ctx: Context, next: Next) {
  const name = ctx.get('X-Authenticator') || param(ctx, 'authenticator');
  try {
    const loaded = await loadAuthenticator(ctx, name);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { url: startFlow(ctx, loaded, param(ctx, 'redirect')) };
  } catch (error) {
    if (!(error instanceof SignInError)) {
      ctx.logger?.error?.('wecom:getAuthUrl failed', { method: 'wecom:getAuthUrl', error: redact(String(error)) });
    }
    ctx.throw(400, translateDescription(ctx, describeForUser(error)));
  }
  await next();
}
