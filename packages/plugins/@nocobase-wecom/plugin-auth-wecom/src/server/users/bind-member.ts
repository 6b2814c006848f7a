import type { Context } from '@nocobase/actions';
import type { Model, Transaction } from '@nocobase/database';
import type { AuthModel } from '@nocobase/plugin-auth';
import { signInError } from '../errors/sign-in-error';
import type { PublicOptions } from '../options';
import { takeTurnsOnSqlite } from '../sqlite-writes';
import { findUserByMobile } from './match-user';
import type { WeComProfile } from './profile';
import { signUpValues } from './sign-up';

/** Sequelize's belongsToMany mixins on AuthModel (`authenticators.users`), which NocoBase does not type. */
interface UserAssociation {
  addUser(userId: unknown, options: { through: object; transaction: Transaction }): Promise<unknown>;
  createUser(values: object, options: { through: object; transaction: Transaction }): Promise<Model>;
}

function throughValues(profile: WeComProfile) {
  return {
    uuid: profile.userId,
    nickname: profile.name,
    avatar: profile.avatar ?? '',
    meta: {
      mobile: profile.mobile,
      email: profile.email,
      biz_mail: profile.bizMail,
      open_userid: profile.openUserId,
    },
  };
}

/**
 * Binds a WeCom member to the user with the same mobile, or signs them up.
 * Serialised per (authenticator, userid) across nodes, so parallel first
 * sign-ins of one member create one user.
 */
export async function bindMember(
  ctx: Context,
  authenticator: AuthModel,
  profile: WeComProfile,
  options: PublicOptions,
): Promise<Model> {
  const name = authenticator.get('name') as string;
  const users = authenticator as unknown as UserAssociation;
  const bindOrCreate = async (transaction: Transaction) => {
    const through = throughValues(profile);
    const matched = profile.mobile ? await findUserByMobile(ctx.db, profile.mobile, transaction) : undefined;
    if (matched) {
      const linked = await ctx.db.getRepository('usersAuthenticators').count({
        filter: { authenticator: name, userId: matched.get('id') },
        transaction,
      });
      if (linked > 0) throw signInError.linkedToOtherMember();
      await users.addUser(matched.get('id'), { through, transaction });
      return matched;
    }
    if (!options.autoSignup) throw signInError.noAccount();
    const values = await signUpValues(ctx.db, profile, transaction);
    // What AuthModel.newUser does, plus the through values (nickname, avatar, meta) in the same transaction.
    const user = await users.createUser(values, { through, transaction });
    await ctx.db.emitAsync('users.afterCreateWithAssociations', user, { transaction });
    return user;
  };
  return ctx.app.lockManager.runExclusive(
    `wecom:bind:${name}:${profile.userId}`,
    async () => {
      const bound = await authenticator.findUser(profile.userId);
      if (bound) return bound;
      return takeTurnsOnSqlite(ctx, () =>
        ctx.db.sequelize.transaction((transaction: Transaction) => bindOrCreate(transaction)),
      );
    },
    60_000,
  );
}
