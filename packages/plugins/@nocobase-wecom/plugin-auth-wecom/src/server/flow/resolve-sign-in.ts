import type { Context } from '@nocobase/actions';
import type { Model } from '@nocobase/database';
import type { AuthModel } from '@nocobase/plugin-auth';
import { signInError } from '../errors/sign-in-error';
import { bindMember } from '../users/bind-member';
import { checkBoundMember } from '../users/bound-sign-in';
import { loadProfile } from '../users/profile';
import { getWeComClient } from '../wecom-clients';
import type { PendingFlow } from './flow-cookie';
import type { LoadedAuthenticator } from '../authenticators';

export type SignInResolution =
  | { kind: 'signed-in'; user: Model }
  /** A member not bound yet, signed in silently (`snsapi_base`): go round again with consent for the mobile. */
  | { kind: 'needs-consent' }
  /** A member not bound yet, on a PC (no mobile): confirm on the phone, where consent yields it (pairing/). */
  | { kind: 'needs-phone'; memberId: string }
  | { kind: 'refused'; error: unknown };

/**
 * Who WeCom says came back, and which NocoBase user that is: the bound user, or one matched or signed up now.
 * Every failure, ours or WeCom's, becomes a `refused` result carrying the typed error.
 */
export async function resolveSignIn(ctx: Context, loaded: LoadedAuthenticator, flow: PendingFlow, code: string): Promise<SignInResolution> {
  try {
    const client = getWeComClient(ctx.app, loaded.options);
    const identity = await client.getUserInfoByCode(code);
    if (identity.kind === 'nonMember') return { kind: 'refused', error: signInError.notMember() };

    const authenticator = loaded.auth.authenticator as AuthModel;
    const bound = await authenticator.findUser(identity.userId);
    if (bound) {
      await checkBoundMember(ctx, loaded.name, identity.userId, bound, client, loaded.options);
      return { kind: 'signed-in', user: bound };
    }
    if (flow.flow === 'oauth' && flow.scope === 'snsapi_base') return { kind: 'needs-consent' };

    const profile = await loadProfile(client, identity.userId, identity.userTicket);
    // Web login yields no user_ticket; without a mobile we could duplicate a person who already has an account.
    if (!profile.mobile && flow.flow === 'web') return { kind: 'needs-phone', memberId: identity.userId };
    return { kind: 'signed-in', user: await bindMember(ctx, authenticator, profile, loaded.options) };
  } catch (error) {
    return { kind: 'refused', error };
  }
}
