import { ApiContext, ApiReply, fail, isReply } from '../http/reply';
import { CodeRecord } from '../state/codes';
import { AppState, isVisible } from '../state/directory';
import { UserTicket } from '../state/tickets';
import { authenticate, checkRate } from './guard';

export interface Exchange {
  readonly code: CodeRecord;
  readonly app: AppState;
  readonly ticket: UserTicket | null;
}

/** A user_ticket needs snsapi_privateinfo with agentid, consent, a visible member, and the in-client page (A2, A3.1). */
function earnsTicket(code: CodeRecord, app: AppState): boolean {
  return (
    code.subject.kind === 'member' &&
    code.source === 'oauth' &&
    code.scope === 'snsapi_privateinfo' &&
    code.consented &&
    code.agentId !== null &&
    isVisible(app, code.subject.userid)
  );
}

/**
 * Shared by `auth/getuserinfo` and the legacy `user/getuserinfo`. Order (A11):
 * token checks → 60020 → 41008 → 40029 → 50001. Calls with a valid code are exempt from the rate
 * limits (A4.1), so only failing ones are counted (and may get 45009 instead).
 * A code is consumed only by a successful exchange.
 */
export function exchangeCode(ctx: ApiContext): Exchange | ApiReply {
  const caller = authenticate(ctx, { rateLimit: false });
  if (isReply(caller)) return caller;
  const { app } = caller;
  const codeText = ctx.query.get('code');
  const ttl = ctx.core.behaviour.codeTtlSeconds;
  const code = codeText ? ctx.core.codes.peek(codeText, ctx.now, ttl) : undefined;
  const belongs = code !== undefined && code.corpId === app.corpId && (code.agentId === null || code.agentId === app.agentId);
  if (!code || !belongs) return checkRate(ctx, app.corpId) ?? fail(ctx, codeText ? 40029 : 41008);
  // "跳转的域名须完全匹配access_token对应应用的可信域名，否则会返回50001错误" (A2).
  const domains = code.source === 'weblogin' ? app.webLoginDomains : app.trustedDomains;
  if (!domains.has(code.redirectHost)) return fail(ctx, 50001);
  ctx.core.codes.consume(code.code);
  const ticket =
    earnsTicket(code, app) && code.subject.kind === 'member'
      ? ctx.core.tickets.issue(app.corpId, app.agentId, code.subject.userid, ctx.now, ctx.core.behaviour.ticketTtlSeconds)
      : null;
  return { code, app, ticket };
}
