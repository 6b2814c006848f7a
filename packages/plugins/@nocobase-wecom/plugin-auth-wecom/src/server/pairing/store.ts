import { randomBytes } from 'node:crypto';
import type { ErrorDescription } from '../wecom';
import { sha256 } from '../flow/signing-key';
import { exclusively, signInStore } from '../flow/sign-in-store';

type AppLike = Parameters<typeof signInStore>[0];

/** How long the PC waits for the phone. */
export const PAIRING_LIFETIME_MS = 5 * 60_000;
/** Kept a little longer, so that a late poll is told "expired" rather than "unknown". */
const RECORD_TTL_MS = PAIRING_LIFETIME_MS + 2 * 60_000;
const CODE = /^[A-Za-z0-9_-]{22}$/;

/**
 * A PC sign-in of a member WeCom gave us no mobile for, waiting for the same member to confirm on the phone.
 * Only the hash of its code is a key; the code itself is in the PC's address and the phone's QR link.
 */
export interface Pairing {
  authenticator: string;
  /** The userid WeCom's PC web login returned: the phone must be this member. */
  memberId: string;
  /** sha256 of the PC browser's flow-cookie nonce: only that browser may finish. */
  browser: string;
  /** Where the PC lands afterwards (already checked). */
  redirect: string;
  /** The phone's short link without the code (`…/wecom:pair`), so that a waiting PC's polls need no more. */
  phoneLink?: string;
  locale?: string;
  issuedAt: number;
  status: 'waiting' | 'confirmed' | 'refused';
  /** The NocoBase user the phone confirmed. */
  userId?: number | string;
  /** Why the phone's confirmation was refused, for the PC to show. */
  refusal?: Pick<ErrorDescription, 'code' | 'message' | 'params'>;
}

const recordKey = (code: string) => `pairing:${sha256(code)}`;

export function isPairingCode(raw: unknown): raw is string {
  return typeof raw === 'string' && CODE.test(raw);
}

export function isExpired(pairing: Pairing, now = Date.now()): boolean {
  return now - pairing.issuedAt > PAIRING_LIFETIME_MS;
}

export async function createPairing(app: AppLike, values: Omit<Pairing, 'issuedAt' | 'status'>): Promise<string> {
  const code = randomBytes(16).toString('base64url');
  const store = await signInStore(app);
  await store.set(recordKey(code), { ...values, issuedAt: Date.now(), status: 'waiting' } satisfies Pairing, RECORD_TTL_MS);
  return code;
}

export async function readPairing(app: AppLike, code: string): Promise<Pairing | undefined> {
  const store = await signInStore(app);
  return store.get<Pairing>(recordKey(code));
}

/**
 * Changes a pairing alone among everyone touching the same code, across nodes. `change` gets the current record
 * (or undefined) and returns the new one, `null` to remove it, or undefined to leave it.
 */
export async function updatePairing<T>(
  app: AppLike,
  code: string,
  change: (pairing: Pairing | undefined) => Promise<{ next?: Pairing | null; result: T }>,
): Promise<T> {
  return exclusively(app, `pairing\n${code}`, async (store) => {
    const { next, result } = await change(await store.get<Pairing>(recordKey(code)));
    if (next === null) await store.del(recordKey(code));
    else if (next) await store.set(recordKey(code), next, RECORD_TTL_MS);
    return result;
  });
}
