import { AuthConfig, BaseAuth } from '@nocobase/auth';
import type { Model } from '@nocobase/database';
import { signInError } from './errors/sign-in-error';
import { takeTurnsOnSqlite } from './sqlite-writes';

/** Set by `wecom:redeem` once the hand-off code checked out: the user the sign-in resolved to. */
export const SIGNED_IN_USER = 'wecomSignedInUser';

/**
 * The authenticator type. WeCom's side of a sign-in happens in `wecom:callback` (see flow/resolve-sign-in.ts);
 * `validate()` only hands NocoBase the user that was resolved there, so `auth:signIn` called directly with a
 * WeCom authenticator signs nobody in.
 */
export class WeComAuth extends BaseAuth {
  constructor(config: AuthConfig) {
    super({ ...config, userCollection: config.ctx.db.getCollection('users') });
  }

  async validate(): Promise<Model> {
    const user = this.ctx.state?.[SIGNED_IN_USER] as Model | undefined;
    if (!user) throw signInError.stateMissing();
    return user;
  }

  async signNewToken(userId: number): Promise<string> {
    return takeTurnsOnSqlite(this.ctx, () => super.signNewToken(userId));
  }
}
