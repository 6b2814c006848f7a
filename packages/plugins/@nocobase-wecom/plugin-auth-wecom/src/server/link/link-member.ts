import type { Context } from '@nocobase/actions';
import type { Transaction } from '@nocobase/database';
import type { LinkResult } from '../../common/link-result';
import { lockName } from '../flow/sign-in-store';
import { takeTurnsOnSqlite } from '../sqlite-writes';
import type { WeComProfile } from '../users/profile';
import { findMemberBinding, findUserBinding, sameMember } from './bindings';

/**
 * Binds `profile`'s member to the signed-in user who asked for it. Under the lock `users/bind-member.ts` takes
 * for the same member, so a parallel first sign-in of that member cannot create a second user meanwhile.
 * A member bound to someone else, or a user bound to another member, is refused and nothing changes.
 */
export async function linkMember(ctx: Context, authenticator: string, userId: string, profile: WeComProfile): Promise<LinkResult> {
  const link = async (transaction: Transaction): Promise<LinkResult> => {
    const user = await ctx.db.getRepository('users').findOne({ filterByTk: userId, transaction });
    if (!user) return 'failed';
    const member = await findMemberBinding(ctx.db, authenticator, profile.userId, transaction);
    if (member && String(member.get('userId')) !== userId) return 'member-taken';
    const current = await findUserBinding(ctx.db, authenticator, userId, transaction);
    if (current) return sameMember(String(current.get('uuid') ?? ''), profile.userId) ? 'linked' : 'user-linked';
    await ctx.db.getRepository('usersAuthenticators').create({
      values: {
        authenticator,
        userId: user.get('id'),
        uuid: profile.userId,
        nickname: profile.name,
        avatar: profile.avatar ?? '',
        meta: { email: profile.email, biz_mail: profile.bizMail, open_userid: profile.openUserId },
      },
      transaction,
    });
    return 'linked';
  };
  return ctx.app.lockManager.runExclusive(
    lockName('wecom:bind', `${authenticator}\n${profile.userId}`),
    () => takeTurnsOnSqlite(ctx, () => ctx.db.sequelize.transaction((transaction: Transaction) => link(transaction))),
    60_000,
  );
}
