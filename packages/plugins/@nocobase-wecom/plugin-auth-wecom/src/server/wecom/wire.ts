import { WeComApiError, WeComProtocolError, WeComTransportError } from './errors';
import { redact, sanitizeCause } from './redact';
import { isRecord, ResponseFields } from './response-fields';

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Query parameters and body fields whose values must never reach an error or a log. */
const SENSITIVE_NAMES = ['access_token', 'corpsecret', 'user_ticket'];

export type FetchFunction = typeof fetch;

export interface WireOptions {
  /** e.g. `https://qyapi.weixin.qq.com`; may carry a path prefix. */
  baseUrl: string;
  fetch?: FetchFunction;
  timeoutMs?: number;
}

export interface WeComCall<T> {
  method: 'GET' | 'POST';
  /** e.g. `/cgi-bin/auth/getuserinfo`. Errors carry this path, never the URL. */
  path: string;
  query?: Readonly<Record<string, string>>;
  /** Sent as JSON (WeCom's POST APIs take JSON bodies, docs/wecom-protocol.md A0). */
  body?: Readonly<Record<string, unknown>>;
  /** Reads the fields of a successful answer; throws WeComProtocolError via ResponseFields. */
  parse: (fields: ResponseFields) => T;
}

/**
 * Performs one WeCom call and turns the answer into a parsed value or a typed
 * error. This is the only place that reads `errcode`.
 *
 * @throws {WeComApiError} errcode ≠ 0 (WeCom reports errors as HTTP 200, docs/wecom-protocol.md A0)
 * @throws {WeComTransportError} network failure or timeout
 * @throws {WeComProtocolError} HTTP status ≠ 200, a body that is not a JSON object, or a bad field
 */
export async function callWeCom<T>(options: WireOptions, call: WeComCall<T>): Promise<T> {
  const endpoint = call.path.startsWith('/') ? call.path : `/${call.path}`;
  const url = joinUrl(options.baseUrl, endpoint);
  for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
  const sensitiveValues = collectSensitiveValues(call);
  const fetchFunction = options.fetch ?? fetch;

  let response: Response;
  try {
    response = await fetchFunction(url, {
      method: call.method,
      headers: call.body ? { accept: 'application/json', 'content-type': 'application/json' } : { accept: 'application/json' },
      body: call.body ? JSON.stringify(call.body) : undefined,
      // A redirect would mean the base URL is wrong; never follow it with a token in hand.
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (error) {
    throw transportError(endpoint, error, sensitiveValues);
  }

  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw new WeComProtocolError(endpoint, { problem: 'http-status', httpStatus: response.status });
  }

  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw transportError(endpoint, error, sensitiveValues);
  }

  const body = parseJson(text);
  if (!isRecord(body)) throw new WeComProtocolError(endpoint, { problem: 'not-json' });

  const fields = new ResponseFields(endpoint, body);
  // "根据errcode存在并且值非0，判断调用失败": only a present, non-zero errcode is a failure (docs/wecom-protocol.md A0).
  const errcode = fields.optionalNumber('errcode') ?? 0;
  if (errcode !== 0) {
    const errmsg = typeof body.errmsg === 'string' ? body.errmsg : '';
    throw new WeComApiError(endpoint, errcode, redact(errmsg, sensitiveValues));
  }
  return call.parse(fields);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function collectSensitiveValues(call: WeComCall<unknown>): string[] {
  const values: string[] = [];
  for (const name of SENSITIVE_NAMES) {
    const fromQuery = call.query?.[name];
    if (fromQuery !== undefined) values.push(fromQuery);
    const fromBody = call.body?.[name];
    if (typeof fromBody === 'string') values.push(fromBody);
  }
  return values;
}

function transportError(endpoint: string, error: unknown, sensitiveValues: readonly string[]): WeComTransportError {
  const isTimeout = error instanceof Error && error.name === 'TimeoutError';
  return new WeComTransportError(endpoint, isTimeout, { cause: sanitizeCause(error, sensitiveValues) });
}

/**
 * Joins a configured base URL (which may carry a path prefix, as private WeCom
 * deployments and reverse proxies do) with an endpoint path.
 *
 * `new URL('/cgi-bin/gettoken', 'https://proxy.example.com/wecom')` would drop
 * the `/wecom` prefix, so the join is done by hand.
 */
export function joinUrl(baseUrl: string, path: string): URL {
  const base = parseHttpUrl(baseUrl, 'base URL');
  if (base.search !== '' || base.hash !== '') {
    throw new TypeError('A WeCom base URL must not contain a query string or a fragment');
  }
  if (base.username !== '' || base.password !== '') {
    // fetch refuses such URLs and quotes the whole URL, token included, in its error.
    throw new TypeError('A WeCom base URL must not contain a user name or password');
  }
  const prefix = base.pathname.replace(/\/+$/, '');
  const suffix = path.startsWith('/') ? path : `/${path}`;
  base.pathname = `${prefix}${suffix}`;
  return base;
}

/** Parses an absolute http(s) URL or throws a TypeError naming what was expected. */
export function parseHttpUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`The ${what} must be an absolute http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`The ${what} must be an absolute http(s) URL`);
  }
  return url;
}

/** Returns `value`, or throws a TypeError if it is not a non-empty string. */
export function requireText(value: string, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`WeCom ${name} must be a non-empty string`);
  return value;
}
