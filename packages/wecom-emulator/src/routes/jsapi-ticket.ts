import { ApiContext, ApiReply, fail, invalidParam, isReply, ok } from '../http/reply';
import { authenticate } from './guard';

function issue(ctx: ApiContext, key: string, perHour: number | null): ApiReply {
  const { core } = ctx;
  if (!core.rateLimiter.hit(`t\u0000${key}`, { perMinute: null, perHour }, ctx.now)) return fail(ctx, 45009);
  const ttl = core.behaviour.jsapiTicketTtlSeconds;
  const ticket = core.jsapiTickets.obtain(key, ctx.now, ttl);
  const expiresIn = core.behaviour.repeatTokenExpiresIn === 'full' ? ttl : Math.round((ticket.expiresAt - ctx.now) / 1000);
  return ok({ ticket: ticket.ticket, expires_in: expiresIn });
}

/** GET /cgi-bin/get_jsapi_ticket (A7): the corp's JS-SDK ticket; at most 400 per hour per corp. */
export function getJsapiTicket(ctx: ApiContext): ApiReply {
  const caller = authenticate(ctx);
  if (isReply(caller)) return caller;
  return issue(ctx, `corp\u0000${caller.app.corpId}`, ctx.core.behaviour.rateLimits.jsapiTicketPerCorpPerHour);
}

/** GET /cgi-bin/ticket/get?type=agent_config (A7): the app's ticket; at most 100 per hour per app. */
export function ticketGet(ctx: ApiContext): ApiReply {
  const caller = authenticate(ctx);
  if (isReply(caller)) return caller;
  if (ctx.query.get('type') !== 'agent_config') return invalidParam(ctx, 'type');
  const key = `app\u0000${caller.app.corpId}\u0000${caller.app.agentId}`;
  return issue(ctx, key, ctx.core.behaviour.rateLimits.agentConfigTicketPerAppPerHour);
}
