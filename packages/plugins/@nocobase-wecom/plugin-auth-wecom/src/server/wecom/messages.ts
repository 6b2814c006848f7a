/**
 * App messages (`message/send`, docs/wecom-protocol.md C3): the request body's shape, the answer and the retry
 * rule for sends. Framework-free like the rest of the core.
 */
import { WeComApiError, WeComTransportError } from './errors';
import type { ResponseFields } from './response-fields';

export const MESSAGE_SEND_PATH = '/cgi-bin/message/send';

/** At most this many userids / department ids in one `message/send` (C3). */
export const MAX_USERS_PER_SEND = 1000;
export const MAX_PARTIES_PER_SEND = 100;

/** Waits before the 2nd and 3rd try of a send: at most 3 tries in all. */
export const DEFAULT_SEND_RETRY_DELAYS_MS: readonly number[] = [300, 1000];

/** The body of one `message/send`, without `agentid` (the client adds its own). */
export interface AppMessageRequest {
  /** userids joined by `|`, at most 1,000. */
  touser?: string;
  /** department ids joined by `|`, at most 100. */
  toparty?: string;
  msgtype: string;
  [field: string]: unknown;
}

export interface SentAppMessage {
  msgid?: string;
  /** As WeCom lists them: userids lowercased. */
  invalidUsers: string[];
  invalidParties: string[];
}

function splitIds(value: string | undefined): string[] {
  return (value ?? '')
    .split('|')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** `message/send` → `{ msgid, invaliduser, invalidparty }` (C3). */
export function parseSentMessage(fields: ResponseFields): SentAppMessage {
  return {
    msgid: fields.optionalString('msgid'),
    invalidUsers: splitIds(fields.optionalString('invaliduser')),
    invalidParties: splitIds(fields.optionalString('invalidparty')),
  };
}

/**
 * Whether a failed send may be tried again: -1 (busy), 45009 / 45033 (frequency and concurrency limits) and
 * timeouts. A timed-out send may have been delivered; the caller sends with WeCom's duplicate check so a
 * retry is not delivered twice.
 */
export function isRetryableSendError(error: unknown): boolean {
  if (error instanceof WeComApiError) return error.isSystemBusy || error.isRateLimited;
  return error instanceof WeComTransportError && error.isTimeout;
}
