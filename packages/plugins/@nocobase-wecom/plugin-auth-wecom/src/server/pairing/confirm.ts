import type { Context } from '@nocobase/actions';
import type { AuthModel } from '@nocobase/plugin-auth';
import { signInError } from '../errors/sign-in-error';
import { describeForAdmin, describeForUser, translateDescription } from '../errors/translate';
import type { PendingFlow } from '../flow/flow-cookie';
import type { LoadedAuthenticator } from '../authenticators';
import { bindMember } from '../users/bind-member';
import { loadProfile } from '../users/profile';
import { getWeComClient } from '../wecom-clients';
import { redact } from '../wecom';
import { renderPhonePage } from './phone-page';
import { isExpired, readPairing, updatePairing, type Pairing } from './store';

function checkWaiting(pairing: Pairing | undefined, authenticator: string): Pairing {
  if (!pairing || pairing.authenticator !== authenticator) throw signInError.pairingUnknown();
  if (pairing.status !== 'waiting') throw signInError.pairingUsed();
  if (isExpired(pairing)) throw signInError.pairingExpired();
  return pairing;
}

/** The NocoBase user for the member on the phone: bound already, or matched / signed up as in-client sign-in does. */
async function confirmedUser(ctx: Context, loaded: LoadedAuthenticator, pairing: Pairing, code: string) {
  const client = getWeComClient(ctx.app, loaded.options);
  const identity = await client.getUserInfoByCode(code);
  if (identity.kind === 'nonMember') throw signInError.notMember();
  // WeCom userids are case-insensitive.
  if (identity.userId.toLowerCase() !== pairing.memberId.toLowerCase()) throw signInError.pairingOtherMember();
  const authenticator = loaded.auth.authenticator as AuthModel;
  const bound = await authenticator.findUser(identity.userId);
  if (bound) return bound;
  const profile = await loadProfile(client, identity.userId, identity.userTicket);
  return bindMember(ctx, authenticator, profile, loaded.options);
}

/**
 * The phone's half of a pairing, at the callback: the member on the phone must be the one the PC's web login
 * named. The outcome is written to the pairing for the PC to pick up, and the phone shows a page saying it. The
 * phone is never signed in by this.
 */
export async function confirmPairing(ctx: Context, loaded: LoadedAuthenticator, flow: PendingFlow, code: string): Promise<void> {
  const pairingCode = flow.pairing as string;
  const logger = ctx.logger ?? ctx.app?.logger;
  try {
    const pairing = checkWaiting(await readPairing(ctx.app, pairingCode), loaded.name);
    let outcome: Pick<Pairing, 'status' | 'userId' | 'refusal'>;
    let failure: unknown;
    try {
      const user = await confirmedUser(ctx, loaded, pairing, code);
      outcome = { status: 'confirmed', userId: user.get('id') as number };
    } catch (error) {
      failure = error;
      const { code: errorCode, message, params } = describeForUser(error);
      outcome = { status: 'refused', refusal: { code: errorCode, message, params } };
    }
    await updatePairing(ctx.app, pairingCode, async (current) => {
      const waiting = checkWaiting(current, loaded.name);
      return { next: { ...waiting, ...outcome }, result: undefined };
    });
    if (failure !== undefined) throw failure;
    logger?.info?.('WeCom member confirmed a PC sign-in on the phone', { method: 'wecom:callback', authenticator: loaded.name, userid: pairing.memberId, userId: outcome.userId });
    renderPhonePage(ctx, { kind: 'done' });
  } catch (error) {
    const admin = describeForAdmin(error);
    logger?.warn?.(`WeCom phone confirmation refused: ${admin.code}`, {
      method: 'wecom:callback',
      authenticator: loaded.name,
      code: admin.code,
      params: admin.params,
      error: error instanceof Error ? redact(error.message) : undefined,
    });
    renderPhonePage(ctx, { kind: 'refused', message: translateDescription(ctx, describeForUser(error)) });
  }
}
