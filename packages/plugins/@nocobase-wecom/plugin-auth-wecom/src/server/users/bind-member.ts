import type { Context } from '@nocobase/actions';
import type { Model, Transaction } from '@nocobase/database';
import type { AuthModel } from '@nocobase/plugin-auth';
import { signInError } from '../errors/sign-in-error';
import type { AuthenticatorSettings } from '../options';
import { lockName } from '../flow/sign-in-store';
import { takeTurnsOnSqlite } from '../sqlite-writes';
import { findUsersByMobile, isRootUser } from './match-user';
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
 * The user with this member's mobile, when phone matching is on. `users.phone` is a field users may edit
 * themselves, so a match is refused when it is not one user, and root users are never matched.
 */
async function matchByPhone(ctx: Context, profile: WeComProfile, transaction: Transaction): Promise<Model | undefined> {
  if (!profile.mobile) return undefined;
  const matches = await findUsersByMobile(ctx.db, profile.mobile, transaction);
  if (matches.length > 1) throw signInError.phoneAmbiguous(profile.userId);
  const [matched] = matches;
  if (matched && (await isRootUser(ctx.db, matched.get('id') as number, transaction))) throw signInError.rootNotLinkable();
  return matched;
}

function logBinding(ctx: Context, authenticator: string, profile: WeComProfile, userId: unknown, how: 'phone' | 'sign-up') {
  const logger = ctx.logger ?? ctx.app?.logger;
  logger?.info?.('WeCom member bound to a user', { method: 'wecom:callback', authenticator, userid: profile.userId, userId, how });
}

/**
 * Binds a WeCom member to the user with the same mobile, or signs them up.
 * Serialised per (authenticator, userid) across nodes, so parallel first
 * sign-ins of one member create one user.
 */
export async function bindMember(ctx: Context, authenticator: AuthModel, profile: WeComProfile, options: AuthenticatorSettings): Promise<Model> {
  const name = authenticator.get('name') as string;
  const users = authenticator as unknown as UserAssociation;
  const bindOrCreate = async (transaction: Transaction) => {
    const through = throughValues(profile);
    const matched = options.matchByPhone ? await matchByPhone(ctx, profile, transaction) : undefined;
    if (matched) {
      const linked = await ctx.db.getRepository('usersAuthenticators').count({
        filter: { authenticator: name, userId: matched.get('id') },
        transaction,
      });
      if (linked > 0) throw signInError.linkedToOtherMember();
      await users.addUser(matched.get('id'), { through, transaction });
      return { user: matched, how: 'phone' as const };
    }
    if (!options.autoSignup) throw signInError.noAccount();
    const values = await signUpValues(ctx.db, profile, transaction);
    // What AuthModel.newUser does, plus the through values (nickname, avatar, meta) in the same transaction.
    const user = await users.createUser(values, { through, transaction });
    await ctx.db.emitAsync('users.afterCreateWithAssociations', user, { transaction });
    return { user, how: 'sign-up' as const };
  };
  return ctx.app.lockManager.runExclusive(
    lockName('wecom:bind', `${name}\n${profile.userId}`),
    async () => {
      const bound = await authenticator.findUser(profile.userId);
      if (bound) return bound;
      const { user, how } = await takeTurnsOnSqlite(ctx, () =>
        ctx.db.sequelize.transaction((transaction: Transaction) => bindOrCreate(transaction)),
      );
      logBinding(ctx, name, profile, user.get('id'), how);
      return user;
    },
    60_000,
  );
}
