import type { Context } from '@nocobase/actions';
import type { Transaction } from '@nocobase/database';
import { MESSAGES } from '../errors/sign-in-error';
import { translate } from '../errors/translate';
import { takeTurnsOnSqlite } from '../sqlite-writes';
import { findUserBinding, toBinding, weComAuthenticators } from './bindings';
import { logBindingChange } from './log';

/**
 * Removes `userId`'s binding under the WeCom authenticator `authenticator` (enabled or not). `by` is who asked:
 * the user themselves or an admin. Returns whether there was one; an unknown authenticator is a 404.
 */
export async function removeBinding(ctx: Context, request: { authenticator: unknown; userId: string; by: string }): Promise<boolean> {
  const { authenticator, userId, by } = request;
  const known = await weComAuthenticators(ctx.db, false);
  if (typeof authenticator !== 'string' || !known.some((item) => item.name === authenticator)) {
    const name = typeof authenticator === 'string' ? authenticator.slice(0, 64) : '';
    ctx.throw(404, translate(ctx, MESSAGES.authenticatorUnavailable, { authenticator: name }));
  }
  const name = authenticator as string;
  const removed = await takeTurnsOnSqlite(ctx, () =>
    ctx.db.sequelize.transaction(async (transaction: Transaction) => {
      const row = await findUserBinding(ctx.db, name, userId, transaction);
      if (!row) return undefined;
      const binding = toBinding(row);
      await ctx.db.getRepository('usersAuthenticators').destroy({ filter: { authenticator: name, userId }, transaction });
      return binding;
    }),
  );
  if (removed) logBindingChange(ctx, 'unlinked', { authenticator: name, memberId: removed.memberId, userId, by });
  return Boolean(removed);
}
