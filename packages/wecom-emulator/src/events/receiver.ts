import { randomInt } from 'node:crypto';
import { encrypt, signature } from '../callback/crypto';
import type { EmulatorCore } from '../core';
import { NormalizedEventReceiver } from '../seed/types';
import { logAttempt } from './attempt-log';
import { sendOutgoing, withQuery } from './http-out';

/** C2.1: the receiver must answer the URL handshake within 1 s. */
export const VERIFY_TIMEOUT_MS = 1000;

/** What `GET /__emulator/receiver` shows: no key material. */
export interface ReceiverView {
  url: string;
  idsOnly: boolean;
  tokenSet: boolean;
  encodingAESKeySet: boolean;
}

export function receiverView(receiver: NormalizedEventReceiver): ReceiverView {
  return { url: receiver.url, idsOnly: receiver.idsOnly, tokenSet: receiver.token !== '', encodingAESKeySet: receiver.encodingAESKey !== '' };
}

/** `count` random decimal digits, the first not 0: WeCom's nonces and echostr plaintexts look like this. */
export function randomDigits(count: number): string {
  let out = String(randomInt(1, 10));
  while (out.length < count) out += String(randomInt(0, 10));
  return out;
}

function describeMismatch(status: number, reply: string, expected: string): string {
  if (status !== 200) return `the receiver answered HTTP ${status}; it must answer 200 with the decrypted echostr`;
  const shown = JSON.stringify(reply.length > 80 ? `${reply.slice(0, 80)}…` : reply);
  return `the receiver answered ${shown}; it must answer exactly the decrypted echostr ${JSON.stringify(expected)} (no quotes, BOM or newline)`;
}

/**
 * WeCom's URL verification (C2.1): GET `url?msg_signature&timestamp&nonce&echostr`, with `echostr` the encrypted
 * plaintext (receiveid = corp id), percent-encoded, and the signature over token, timestamp, nonce and echostr.
 * Passes only on HTTP 200 with exactly the plaintext within 1 s. Logged in the call log. Returns why it failed, or null.
 */
export async function verifyReceiver(core: EmulatorCore, corpId: string, receiver: NormalizedEventReceiver): Promise<string | null> {
  const plaintext = randomDigits(19);
  const echostr = encrypt(receiver.encodingAESKey, plaintext, corpId);
  const at = core.clock.now();
  const timestamp = String(Math.floor(at / 1000));
  const nonce = randomDigits(10);
  const url = withQuery(receiver.url, { msg_signature: signature(receiver.token, timestamp, nonce, echostr), timestamp, nonce, echostr });
  const result = await sendOutgoing(url, 'GET', null, VERIFY_TIMEOUT_MS);
  let error: string | undefined;
  if (result.error !== undefined) error = result.error.startsWith('no answer') ? `the receiver did not answer within ${VERIFY_TIMEOUT_MS} ms` : `could not reach the receiver: ${result.error}`;
  else if (result.status !== 200 || result.body !== plaintext) error = describeMismatch(result.status, result.body, plaintext);
  logAttempt(core, { method: 'GET', url, body: null, at }, result, { kind: 'verify', ...(error !== undefined && { error }) });
  return error ?? null;
}
