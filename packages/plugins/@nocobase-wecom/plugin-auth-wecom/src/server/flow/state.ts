import type { Context } from '@nocobase/actions';
import { randomBytes } from 'node:crypto';
import { signInError } from '../errors/sign-in-error';
import { currentOrNewFlowCookie, readFlowCookie, writeFlowCookie, type PendingFlow } from './flow-cookie';
import { sameSignature, sign } from './signing-key';
import { exclusively } from './sign-in-store';

export const STATE_LIFETIME_MS = 10 * 60_000;
/** Clocks of cluster nodes may disagree a little. */
const CLOCK_SKEW_MS = 60_000;

/**
 * `<id: 32 hex><issued at: 9 base36><signature: 32 hex>`: 73 characters of WeCom's `a-zA-Z0-9` alphabet (at most
 * 128). The signature lets the callback tell a state we issued from anything else before it touches any store.
 */
const STATE = /^([0-9a-f]{32})([0-9a-z]{9})([0-9a-f]{32})$/;

const signatureOf = (ctx: Context, body: string) => sign(ctx.app, `state:${body}`, 16);
const usedKey = (state: string) => `state-used:${state}`;

/** Starts a sign-in in this browser: a new state, remembered in the browser's flow cookie. */
export function issueState(ctx: Context, flow: Omit<PendingFlow, 'state' | 'issuedAt'>): string {
  const issuedAt = Date.now();
  const body = `${randomBytes(16).toString('hex')}${issuedAt.toString(36).padStart(9, '0')}`;
  const state = `${body}${signatureOf(ctx, body)}`;
  const cookie = currentOrNewFlowCookie(ctx);
  writeFlowCookie(ctx, { nonce: cookie.nonce, flows: [...cookie.flows, { ...flow, state, issuedAt }] }, STATE_LIFETIME_MS);
  return state;
}

/**
 * Takes the pending sign-in `state` belongs to, once. In order: a state we did not sign is unknown (nothing is
 * read or written for it), an old one expired, a used one replayed, one this browser's cookie does not hold
 * was started elsewhere. Only then is it marked used, atomically across nodes.
 */
export async function takeState(ctx: Context, raw: unknown): Promise<PendingFlow> {
  if (raw === undefined || raw === null || raw === '') throw signInError.stateMissing();
  const match = typeof raw === 'string' ? STATE.exec(raw) : null;
  if (!match || !sameSignature(signatureOf(ctx, `${match[1]}${match[2]}`), match[3])) throw signInError.stateUnknown();
  const state = raw as string;
  const age = Date.now() - parseInt(match[2], 36);
  if (age < -CLOCK_SKEW_MS) throw signInError.stateUnknown();
  if (age > STATE_LIFETIME_MS) throw signInError.stateExpired();

  const cookie = readFlowCookie(ctx);
  const flow = cookie?.flows.find((pending) => pending.state === state);
  await exclusively(ctx.app, state, async (store) => {
    if (await store.get(usedKey(state))) throw signInError.stateReplayed();
    if (!flow) throw signInError.stateOtherBrowser();
    await store.set(usedKey(state), 1, STATE_LIFETIME_MS + CLOCK_SKEW_MS);
  });
  if (cookie && flow) {
    writeFlowCookie(ctx, { nonce: cookie.nonce, flows: cookie.flows.filter((pending) => pending !== flow) }, STATE_LIFETIME_MS);
  }
  return flow as PendingFlow;
}
