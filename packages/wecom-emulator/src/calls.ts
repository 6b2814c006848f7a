import type { FaultKind } from './faults';

/** What a `callback` record adds: one request the emulator made to a corp's event receiver (C2.1, C2.2). */
export interface CallbackAttempt {
  /** `verify`: the URL handshake when a receiver is saved; `event`: a contact-change delivery. */
  kind: 'verify' | 'event';
  /** The receiver URL without WeCom's parameters. */
  url: string;
  /** `event` only: the delivery (`GET /__emulator/deliveries`) and its attempt number, 1 for the first. */
  deliveryId?: string;
  attempt?: number;
  /** `event` only: the identical second copy of a delivered request (`duplicate: true` changes). */
  duplicate?: boolean;
  /** Why the attempt failed: no answer, timeout, wrong status or body. */
  error?: string;
  /** The receiver's answer, cut at 256 characters. */
  reply?: string;
  durationMs: number;
}

export interface CallRecord {
  /** Increases by one per logged call. */
  seq: number;
  /** Emulator-clock time, ISO 8601. */
  time: string;
  method: string;
  path: string;
  /** Query parameters (first value of each), with `corpsecret`, `access_token` and `user_ticket` redacted. */
  query: Record<string, string>;
  /** Parsed JSON body (redacted like the query), the raw text if it was not JSON, or absent. */
  body?: unknown;
  status: number;
  /** The errcode answered; null for pages and non-JSON answers. */
  errcode: number | null;
  ip: string;
  /** Location header of a redirect. */
  location?: string;
  /** Set when an injected fault shaped this answer. */
  fault?: FaultKind;
  /** `message/send` only: recipients whose copy was dropped silently by the per-member limits (C3). */
  dropped?: string[];
  /**
   * Set on requests the emulator sent to an event receiver (path `callback`). Then `query` and `body` are what
   * was sent, `status` the receiver's HTTP status (0: no answer), and `ip` the receiver's host.
   */
  callback?: CallbackAttempt;
}

export interface CallFilter {
  path?: string;
  method?: string;
  errcode?: number;
}

const SECRET_KEYS = new Set(['corpsecret']);
const TOKEN_KEYS = new Set(['access_token', 'user_ticket']);
const MAX_RAW_BODY = 2048;

/** Secrets are hidden completely; tokens and tickets keep their last four characters so calls can be told apart. */
export function redact(key: string, value: string): string {
  if (SECRET_KEYS.has(key)) return '***';
  if (TOKEN_KEYS.has(key)) return value.length > 12 ? `***${value.slice(-4)}` : '***';
  return value;
}

export function redactQuery(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of query) {
    if (!(key in out)) out[key] = redact(key, value);
  }
  return out;
}

export function redactBody(body: unknown, raw: string): unknown {
  if (body === undefined) return raw === '' ? undefined : raw.slice(0, MAX_RAW_BODY);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) out[key] = typeof value === 'string' ? redact(key, value) : value;
  return out;
}

/** The `path` of call log records of requests the emulator sent to event receivers. */
export const CALLBACK_PATH = 'callback';

/** The call log: a ring buffer of the last `limit` calls to WeCom paths and callbacks sent (control calls are not logged). */
export class CallLog {
  private entries: CallRecord[] = [];
  private start = 0;
  private seq = 0;

  constructor(private limit: number) {}

  setLimit(limit: number): void {
    const all = this.list();
    this.limit = limit;
    this.entries = all.slice(-limit);
    this.start = 0;
  }

  add(record: Omit<CallRecord, 'seq'>): void {
    const full = { seq: ++this.seq, ...record };
    if (this.entries.length < this.limit) this.entries.push(full);
    else {
      this.entries[this.start] = full;
      this.start = (this.start + 1) % this.limit;
    }
  }

  list(filter: CallFilter = {}): CallRecord[] {
    const ordered = this.start === 0 ? this.entries.slice() : [...this.entries.slice(this.start), ...this.entries.slice(0, this.start)];
    return ordered.filter(
      (c) =>
        (filter.path === undefined || c.path === filter.path) &&
        (filter.method === undefined || c.method === filter.method.toUpperCase()) &&
        (filter.errcode === undefined || c.errcode === filter.errcode),
    );
  }

  clear(): void {
    this.entries = [];
    this.start = 0;
  }

  /** Empty, with `seq` counting from 1 again, as a new log. */
  reset(limit: number): void {
    this.clear();
    this.seq = 0;
    this.limit = limit;
  }
}
