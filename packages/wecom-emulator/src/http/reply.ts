import type { EmulatorCore } from '../core';

/** A JSON answer from a WeCom API; HTTP 200 whatever the errcode (A0). */
export interface ApiReply {
  readonly kind: 'api';
  readonly errcode: number;
  readonly body: Record<string, unknown>;
  /** Extra fields for this call's log record (e.g. `dropped` for message/send). */
  readonly logExtra?: { readonly dropped?: string[] };
}

/** An HTML page or a redirect from one of the login pages. */
export interface PageReply {
  readonly kind: 'page';
  readonly status: number;
  readonly html?: string;
  readonly location?: string;
  readonly setCookie?: string;
}

export function isReply(value: object): value is ApiReply {
  return 'kind' in value && value.kind === 'api';
}

export interface ApiContext {
  readonly core: EmulatorCore;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** The parsed JSON object body; `undefined` when there was none; 'invalid' when it was not a JSON object. */
  readonly body: Record<string, unknown> | 'invalid' | undefined;
  /** Caller IP: the socket's remote address without `::ffff:` (A0 "from ip"). */
  readonly ip: string;
  readonly now: number;
}

export interface PageContext {
  readonly core: EmulatorCore;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly userAgent: string;
  readonly cookieHeader: string;
  readonly now: number;
}

export function ok(body: Record<string, unknown>): ApiReply {
  return { kind: 'api', errcode: 0, body: { errcode: 0, errmsg: 'ok', ...body } };
}

export function fail(ctx: ApiContext, errcode: number, text?: string): ApiReply {
  return { kind: 'api', errcode, body: { errcode, errmsg: ctx.core.errmsg(errcode, ctx.ip, text) } };
}

/** 40058 with the parameter named, the way WeCom does: `invalid param 'mobile'` (A10). */
export function invalidParam(ctx: ApiContext, name: string): ApiReply {
  return fail(ctx, 40058, `${ctx.core.errText(40058)} '${name}'`);
}

export function page(html: string): PageReply {
  return { kind: 'page', status: 200, html };
}

export function redirect(location: string, setCookie?: string): PageReply {
  return setCookie === undefined ? { kind: 'page', status: 302, location } : { kind: 'page', status: 302, location, setCookie };
}
