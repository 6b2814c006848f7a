import type { Context } from '@nocobase/actions';
import { randomBytes } from 'node:crypto';
import { signInError } from '../errors/sign-in-error';
import { browserHashOf, readFlowCookie } from './flow-cookie';
import { sha256 } from './signing-key';
import { exclusively, signInStore } from './sign-in-store';

/** How long the page has to redeem its code after WeCom sent the browser back. */
export const HAND_OFF_LIFETIME_MS = 60_000;
/** Kept longer than the lifetime, so that a late code is told apart from an unknown one. */
const RECORD_TTL_MS = 3 * HAND_OFF_LIFETIME_MS;
const USED_TTL_MS = 10 * 60_000;
const CODE = /^[A-Za-z0-9_-]{43}$/;

export interface HandOff {
  userId: number | string;
  authenticator: string;
  /** sha256 of the flow cookie's nonce: only the browser that signed in may redeem. */
  browser: string;
  issuedAt: number;
}

const recordKey = (hash: string) => `hand-off:${hash}`;
const usedKey = (hash: string) => `hand-off-used:${hash}`;

/**
 * The one-time code the callback puts in the landing page's address instead of a token (RFC 9700 §4.3.2: a
 * token in a URL ends up in logs, history and Referer). Only its hash is stored.
 */
export async function issueHandOff(ctx: Context, signedIn: { userId: number | string; authenticator: string }): Promise<string> {
  const browser = browserHashOf(readFlowCookie(ctx));
  if (!browser) throw signInError.stateOtherBrowser();
  const code = randomBytes(32).toString('base64url');
  const hash = sha256(code);
  // A fresh random key: nobody else can be writing it, so no lock.
  const store = await signInStore(ctx.app);
  await store.set(recordKey(hash), { ...signedIn, browser, issuedAt: Date.now() } satisfies HandOff, RECORD_TTL_MS);
  return code;
}

/** Takes the sign-in a code stands for, once, in the browser it was issued to, within its lifetime. */
export async function redeemHandOff(ctx: Context, raw: unknown): Promise<HandOff> {
  if (typeof raw !== 'string' || !CODE.test(raw)) throw signInError.handOffUnknown();
  const hash = sha256(raw);
  const browser = browserHashOf(readFlowCookie(ctx));
  return exclusively(ctx.app, hash, async (store) => {
    const record = await store.get<HandOff>(recordKey(hash));
    if (!record) throw (await store.get(usedKey(hash))) ? signInError.handOffReplayed() : signInError.handOffUnknown();
    // Not burnt: someone else holding the code must not be able to spoil the real sign-in.
    if (record.browser !== browser) throw signInError.handOffOtherBrowser();
    await store.del(recordKey(hash));
    await store.set(usedKey(hash), 1, USED_TTL_MS);
    if (Date.now() - record.issuedAt > HAND_OFF_LIFETIME_MS) throw signInError.handOffExpired();
    return record;
  });
}
