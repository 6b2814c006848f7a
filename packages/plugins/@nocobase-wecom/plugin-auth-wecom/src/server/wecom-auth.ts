import { AuthConfig, BaseAuth } from '@nocobase/auth';
import type { Model } from '@nocobase/database';
import type { AuthModel } from '@nocobase/plugin-auth';
import { signInError } from './errors/sign-in-error';
import type { StateRecord } from './flow/state-store';
import { readOptions } from './options';
import { takeTurnsOnSqlite } from './sqlite-writes';
import { bindMember } from './users/bind-member';
import { loadProfile } from './users/profile';
import { getWeComClient } from './wecom-clients';

/** Set by `wecom:callback` after it consumed and checked the state. */
export interface PendingSignIn {
  code: string;
  record: StateRecord;
}

/** An unbound member signed in silently (`snsapi_base`): the callback goes round again with consent. */
export class ConsentNeeded extends Error {
  constructor() {
    super('WeCom consent needed');
    this.name = 'ConsentNeeded';
  }
}

export class WeComAuth extends BaseAuth {
  constructor(config: AuthConfig) {
    super({ ...config, userCollection: config.ctx.db.getCollection('users') });
  }

  async validate(): Promise<Model> {
    try {
      return await this.resolveUser();
    } catch (error) {
      // BaseAuth.signIn() rethrows as an HTTP error; the callback needs the original.
      this.ctx.state.wecomFailure = error;
      throw error;
    }
  }

  async signNewToken(userId: number): Promise<string> {
    return takeTurnsOnSqlite(this.ctx, () => super.signNewToken(userId));
  }

  private async resolveUser(): Promise<Model> {
    const pending = this.ctx.state?.wecomSignIn as PendingSignIn | undefined;
    if (!pending) throw signInError.stateMissing(); // e.g. auth:signIn called directly with this authenticator
    const options = readOptions(this.options);
    const client = getWeComClient(this.ctx.app, options.wecom);
    const identity = await client.getUserInfoByCode(pending.code);
    if (identity.kind === 'nonMember') throw signInError.notMember();

    const authenticator = this.authenticator as unknown as AuthModel;
    const bound = await authenticator.findUser(identity.userId);
    if (bound) return bound;
    if (pending.record.flow === 'oauth' && pending.record.scope === 'snsapi_base') throw new ConsentNeeded();

    const profile = await loadProfile(client, identity.userId, identity.userTicket);
    // Web login yields no user_ticket; without a mobile we could duplicate a person who already has an account.
    if (!profile.mobile && pending.record.flow === 'web') throw signInError.firstSignInInApp();
    return bindMember(this.ctx, authenticator, profile, options.public);
  }
}
