import type { Context } from '@nocobase/actions';
import { generateState, isWellFormedState, type OAuthScope } from '../wecom';
import { signInError } from '../errors/sign-in-error';

export const STATE_LIFETIME_MS = 10 * 60_000;
/** Kept longer than the lifetime so that an expired state is told apart from an unknown one. */
const RECORD_TTL_MS = 20 * 60_000;
const CONSUMED_TTL_MS = 20 * 60_000;

export type FlowKind = 'web' | 'oauth';

export interface StateRecord {
  authenticator: string;
  redirect: string;
  flow: FlowKind;
  scope?: OAuthScope;
  /** sha256 of the browser's flow cookie. */
  browser: string;
  /** The language the sign-in started in: WeCom's redirect back is a navigation without `X-Locale`. */
  locale?: string;
  issuedAt: number;
}

const recordKey = (state: string) => `wecom:state:${state}`;
const consumedKey = (state: string) => `wecom:state-consumed:${state}`;

export async function saveState(ctx: Context, record: Omit<StateRecord, 'issuedAt'>): Promise<string> {
  const state = generateState();
  await ctx.app.cache.set(recordKey(state), { ...record, issuedAt: Date.now() }, RECORD_TTL_MS);
  return state;
}

/**
 * Takes the state's record out of the cache, once: concurrent callbacks with
 * the same state are serialised by the lock, and the second one finds the
 * "consumed" marker.
 */
export async function consumeState(ctx: Context, state: unknown): Promise<StateRecord> {
  if (state === undefined || state === null || state === '') throw signInError.stateMissing();
  if (!isWellFormedState(state)) throw signInError.stateUnknown();
  const cache = ctx.app.cache;
  const record = await ctx.app.lockManager.runExclusive(
    `wecom:state:${state}`,
    async (): Promise<StateRecord | undefined> => {
      const found = await cache.get(recordKey(state));
      if (!found) return undefined;
      await cache.del(recordKey(state));
      await cache.set(consumedKey(state), true, CONSUMED_TTL_MS);
      return found as StateRecord;
    },
    10_000,
  );
  if (!record) {
    throw (await cache.get(consumedKey(state))) ? signInError.stateReplayed() : signInError.stateUnknown();
  }
  return record;
}

export function checkState(record: StateRecord, browser: string | undefined): void {
  if (Date.now() - record.issuedAt > STATE_LIFETIME_MS) throw signInError.stateExpired();
  if (!browser || browser !== record.browser) throw signInError.stateOtherBrowser();
}
