import type { Context, Next } from '@nocobase/actions';
import { loadAuthenticator } from '../authenticators';
import { SignInError } from '../errors/sign-in-error';
import { describeForUser, translateDescription } from '../errors/translate';
import { startFlow } from '../flow/start-flow';
import { redact } from '../wecom';
import { param } from '../actions/params';
import { findUserBinding, toBinding, weComAuthenticators } from './bindings';
import { currentUserId } from './current-user';
import { removeBinding } from './remove-binding';

/**
 * `POST wecom:getLinkUrl { authenticator, redirect }` (signed in) → `{ url }`: WeCom's page that links the
 * member who confirms there to the signed-in user. The user is remembered in the flow cookie with the state.
 */
export async function getLinkUrl(ctx: Context, next: Next) {
  const userId = currentUserId(ctx);
  if (!userId) ctx.throw(401);
  try {
    const loaded = await loadAuthenticator(ctx, param(ctx, 'authenticator'));
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { url: startFlow(ctx, loaded, param(ctx, 'redirect'), { intent: 'link', linkUserId: userId }) };
  } catch (error) {
    if (!(error instanceof SignInError)) {
      ctx.logger?.error?.('wecom:getLinkUrl failed', { method: 'wecom:getLinkUrl', error: redact(String(error)) });
    }
    ctx.throw(400, translateDescription(ctx, describeForUser(error)));
  }
  await next();
}

/**
 * `GET wecom:myBinding` (signed in) → one entry per enabled WeCom sign-in method: whether the signed-in user is
 * linked, and to which member (`{ authenticator, title, linked, memberId?, memberName? }`).
 */
export async function myBinding(ctx: Context, next: Next) {
  const userId = currentUserId(ctx);
  if (!userId) ctx.throw(401);
  const authenticators = await weComAuthenticators(ctx.db, true);
  ctx.body = await Promise.all(
    authenticators.map(async ({ name, title }) => {
      const row = await findUserBinding(ctx.db, name, userId as string);
      if (!row) return { authenticator: name, title, linked: false };
      const { memberId, memberName, linkedAt } = toBinding(row);
      return { authenticator: name, title, linked: true, memberId, memberName, linkedAt };
    }),
  );
  await next();
}

/** `POST wecom:unlink { authenticator }` (signed in): removes the signed-in user's own binding. → `{ unlinked }`. */
export async function unlink(ctx: Context, next: Next) {
  const userId = currentUserId(ctx);
  if (!userId) ctx.throw(401);
  ctx.body = { unlinked: await removeBinding(ctx, { authenticator: param(ctx, 'authenticator'), userId: userId as string, by: userId as string }) };
  await next();
}
