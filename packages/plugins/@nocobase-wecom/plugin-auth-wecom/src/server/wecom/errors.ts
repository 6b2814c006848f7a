import { isIP } from 'node:net';

/** `code` of {@link WeComApiError}: WeCom answered with a non-zero `errcode`. */
export const WECOM_API_ERROR = 'WECOM_API_ERROR';
/** `code` of {@link WeComTransportError}: no usable answer (network failure, timeout). */
export const WECOM_TRANSPORT_ERROR = 'WECOM_TRANSPORT_ERROR';
/** `code` of {@link WeComProtocolError}: an answer that breaks WeCom's documented shape. */
export const WECOM_PROTOCOL_ERROR = 'WECOM_PROTOCOL_ERROR';

/**
 * 40014 invalid access_token, 42001 access_token expired: fetch a new token and retry once (docs/wecom-protocol.md A1, A10).
 * 41001 (access_token missing) is left out on purpose: the client never sends an empty token, so
 * 41001 would mean a bug that a new token cannot fix.
 */
export const TOKEN_REJECTED_ERRCODES: readonly number[] = [40014, 42001];
/** 45009 frequency limit, 45033 concurrency limit (docs/wecom-protocol.md A9). Retrying only makes it worse. */
export const RATE_LIMITED_ERRCODES: readonly number[] = [45009, 45033];
/** -1 system busy: WeCom asks for at most 3 retries (docs/wecom-protocol.md A1). */
export const SYSTEM_BUSY_ERRCODE = -1;

export type WeComError = WeComApiError | WeComTransportError | WeComProtocolError;

/**
 * WeCom answered HTTP 200 with `errcode` ≠ 0.
 * `errmsg` is WeCom's text with credentials redacted; keep it for logs, show
 * people the description from `describeError` instead.
 */
export class WeComApiError extends Error {
  readonly code = WECOM_API_ERROR;
  readonly errcode: number;
  readonly errmsg: string;
  /** The endpoint path, e.g. `/cgi-bin/user/get`. Never a URL: the query holds the access token. */
  readonly endpoint: string;

  constructor(endpoint: string, errcode: number, errmsg: string, options?: { cause?: unknown }) {
    super(`WeCom ${endpoint} failed with errcode ${errcode}: ${errmsg}`, options);
    this.name = 'WeComApiError';
    this.endpoint = endpoint;
    this.errcode = errcode;
    this.errmsg = errmsg;
  }

  get isTokenRejected(): boolean {
    return TOKEN_REJECTED_ERRCODES.includes(this.errcode);
  }

  get isRateLimited(): boolean {
    return RATE_LIMITED_ERRCODES.includes(this.errcode);
  }

  get isSystemBusy(): boolean {
    return this.errcode === SYSTEM_BUSY_ERRCODE;
  }

  /** The caller IP WeCom reports in its errmsg (`…, from ip: 1.2.3.4, …`, docs/wecom-protocol.md A0), if any. */
  get callerIp(): string | undefined {
    return parseCallerIp(this.errmsg);
  }
}

/** The request never produced a usable HTTP answer: DNS, connection, TLS, reset or timeout. */
export class WeComTransportError extends Error {
  readonly code = WECOM_TRANSPORT_ERROR;
  readonly endpoint: string;
  readonly isTimeout: boolean;

  /** `cause` must already be sanitised (see `sanitizeCause`): undici errors can contain the URL. */
  constructor(endpoint: string, isTimeout: boolean, options: { cause: Error }) {
    super(
      isTimeout ? `WeCom ${endpoint} did not answer in time` : `WeCom ${endpoint} could not be reached`,
      options,
    );
    this.name = 'WeComTransportError';
    this.endpoint = endpoint;
    this.isTimeout = isTimeout;
  }
}

export type ProtocolErrorDetails =
  | { problem: 'http-status'; httpStatus: number }
  | { problem: 'not-json' }
  | { problem: 'invalid-field'; field: string; expected: string };

export type ProtocolProblem = ProtocolErrorDetails['problem'];

/** WeCom (or whatever the base URL points at) answered, but not in WeCom's documented shape. */
export class WeComProtocolError extends Error {
  readonly code = WECOM_PROTOCOL_ERROR;
  readonly endpoint: string;
  readonly problem: ProtocolProblem;
  /** Set when `problem` is `http-status`. */
  readonly httpStatus?: number;
  /** Set when `problem` is `invalid-field`: the response field that was missing or mistyped. */
  readonly field?: string;

  constructor(
    endpoint: string,
    details: ProtocolErrorDetails,
    options?: { cause?: unknown },
  ) {
    super(`WeCom ${endpoint} sent an unexpected response: ${describeProblem(details)}`, options);
    this.name = 'WeComProtocolError';
    this.endpoint = endpoint;
    this.problem = details.problem;
    if (details.problem === 'http-status') this.httpStatus = details.httpStatus;
    if (details.problem === 'invalid-field') this.field = details.field;
  }
}

function describeProblem(details: ProtocolErrorDetails): string {
  switch (details.problem) {
    case 'http-status':
      return `HTTP status ${details.httpStatus} instead of 200`;
    case 'not-json':
      return 'the body is not a JSON object';
    case 'invalid-field':
      return `field "${details.field}" is missing or is not ${details.expected}`;
  }
}

export function isWeComError(error: unknown): error is WeComError {
  return (
    error instanceof WeComApiError || error instanceof WeComTransportError || error instanceof WeComProtocolError
  );
}

function parseCallerIp(errmsg: string): string | undefined {
  const match = /from ip:\s*([0-9a-fA-F:.]+?)\s*(?:,|$)/.exec(errmsg);
  const candidate = match?.[1];
  return candidate !== undefined && isIP(candidate) !== 0 ? candidate : undefined;
}
