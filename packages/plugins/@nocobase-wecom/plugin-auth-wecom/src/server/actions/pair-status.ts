import type { Context, Next } from '@nocobase/actions';
import { signInError } from '../errors/sign-in-error';
import { describeForUser, translate, translateDescription } from '../errors/translate';
import { loadAuthenticator } from '../authenticators';
import { browserHashOf, readFlowCookie } from '../flow/flow-cookie';
import { issueHandOff } from '../flow/hand-off';
import { successLocation } from '../flow/redirect-target';
import { isExpired, isPairingCode, PAIRING_LIFETIME_MS, readPairing, updatePairing, type Pairing } from '../pairing/store';
import { param } from './params';

type Status =
  | { status: 'waiting'; link: string; expiresAt: number }
  | { status: 'confirmed'; location: string }
  | { status: 'refused'; message: string };

type Outcome = { kind: 'waiting'; pairing: Pairing } | { kind: 'confirmed'; pairing: Pairing } | { kind: 'refused'; error: unknown };

/**
 * `GET wecom:pairStatus?pairing=<code>`: the PC's sign-in page asks, about every 1.5 s, whether the phone has
 * confirmed. Only the browser the pairing was made for gets an answer about it. Once confirmed, the pairing is
 * used up and the answer is the normal landing (with a one-time hand-off code bound to this browser).
 */
export async function pairStatus(ctx: Context, next: Next) {
  ctx.set('Cache-Control', 'no-store');
  const code = param(ctx, 'pairing');
  const browser = browserHashOf(readFlowCookie(ctx));
  // Most polls find the phone has not answered yet: a plain read says so. Anything else goes under the lock.
  const peeked = isPairingCode(code) ? await readPairing(ctx.app, code) : undefined;
  if (peeked?.phoneLink && browser && peeked.browser === browser && peeked.status === 'waiting' && !isExpired(peeked)) {
    ctx.body = waiting(peeked.phoneLink, code as string, peeked);
    return next();
  }
  const outcome: Outcome = isPairingCode(code)
    ? await updatePairing<Outcome>(ctx.app, code, async (pairing) => {
        // Another browser learns nothing, not even whether the code exists.
        if (!pairing || !browser || pairing.browser !== browser) return { result: { kind: 'refused', error: signInError.pairingUnknown() } };
        if (pairing.status === 'refused') {
          const refusal = pairing.refusal ?? { code: 'WECOM_PAIRING_UNKNOWN', message: signInError.pairingUnknown().message, params: {} };
          return { next: null, result: { kind: 'refused', error: refusal } };
        }
        if (pairing.status === 'confirmed') return { next: null, result: { kind: 'confirmed', pairing } };
        if (isExpired(pairing)) return { next: null, result: { kind: 'refused', error: signInError.pairingExpired() } };
        return { result: { kind: 'waiting', pairing } };
      })
    : { kind: 'refused', error: signInError.pairingUnknown() };
  ctx.body = await answer(ctx, code as string, outcome);
  await next();
}

/** The phone's link carries the pairing code; the PC shows it as a QR code until the pairing expires. */
function waiting(phoneLink: string, code: string, pairing: Pairing): Status {
  return { status: 'waiting', link: `${phoneLink}?p=${encodeURIComponent(code)}`, expiresAt: pairing.issuedAt + PAIRING_LIFETIME_MS };
}

async function answer(ctx: Context, code: string, outcome: Outcome): Promise<Status> {
  if (outcome.kind === 'refused') {
    const error = outcome.error;
    const description = error instanceof Error ? describeForUser(error) : (error as { message: string; params?: Record<string, string> });
    return { status: 'refused', message: translate(ctx, description.message, description.params ?? {}) };
  }
  const { pairing } = outcome;
  try {
    const loaded = await loadAuthenticator(ctx, pairing.authenticator);
    if (outcome.kind === 'waiting') {
      return waiting(loaded.links.pairingUrl, code, pairing);
    }
    const handOff = await issueHandOff(ctx, { userId: pairing.userId as number, authenticator: loaded.name });
    (ctx.logger ?? ctx.app?.logger)?.info?.('WeCom PC sign-in finished after the phone confirmed', {
      method: 'wecom:pairStatus',
      authenticator: loaded.name,
      userid: pairing.memberId,
      userId: pairing.userId,
    });
    return { status: 'confirmed', location: await successLocation(ctx, pairing.redirect, loaded.name, handOff) };
  } catch (error) {
    return { status: 'refused', message: translateDescription(ctx, describeForUser(error)) };
  }
}
