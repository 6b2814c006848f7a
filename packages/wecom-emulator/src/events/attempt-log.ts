import { CALLBACK_PATH, CallbackAttempt } from '../calls';
import type { EmulatorCore } from '../core';
import { OutgoingResult } from './http-out';

export interface SentRequest {
  method: 'GET' | 'POST';
  /** With WeCom's parameters. */
  url: URL;
  body: string | null;
  /** Emulator-clock time the request was sent. */
  at: number;
}

/** Writes one request to a receiver into the call log, under path `callback`. */
export function logAttempt(
  core: EmulatorCore,
  sent: SentRequest,
  result: OutgoingResult,
  info: Pick<CallbackAttempt, 'kind' | 'deliveryId' | 'attempt' | 'duplicate'> & { error?: string },
): void {
  const bare = new URL(sent.url);
  bare.search = '';
  const callback: CallbackAttempt = { ...info, url: bare.href, durationMs: result.durationMs };
  if (info.error === undefined) delete callback.error;
  if (result.body !== '') callback.reply = result.body.slice(0, 256);
  core.calls.add({
    time: new Date(sent.at).toISOString(),
    method: sent.method,
    path: CALLBACK_PATH,
    query: Object.fromEntries(sent.url.searchParams),
    ...(sent.body !== null && { body: sent.body }),
    status: result.status,
    errcode: null,
    ip: sent.url.hostname,
    callback,
  });
}
