import { ApiContext, ApiReply, fail, isReply, ok } from '../http/reply';
import { DETAIL_FIELD_ORDER } from '../state/member-wire';
import { isVisible } from '../state/directory';
import { authenticate } from './guard';

/**
 * POST /cgi-bin/auth/getuserdetail {"user_ticket"} (A5), also served as the legacy /cgi-bin/user/getuserdetail.
 * Order (A11): token/IP checks → 47001 body not JSON → 84015 missing, unknown or another app's ticket →
 * 84014 expired → 60111 member gone → 60011 member no longer visible.
 * Only the fields the admin enabled for the app are returned; `gender` is a string; there is no `name` (A5).
 */
function getuserdetail(ctx: ApiContext, legacy: boolean): ApiReply {
  const caller = authenticate(ctx);
  if (isReply(caller)) return caller;
  const { app, corp } = caller;
  if (ctx.body === 'invalid') return fail(ctx, 47001);
  const ticketText = ctx.body?.user_ticket;
  const ticket = typeof ticketText === 'string' ? ctx.core.tickets.lookup(ticketText) : undefined;
  if (!ticket || ticket.corpId !== app.corpId || ticket.agentId !== app.agentId) return fail(ctx, 84015);
  if (ticket.expiresAt <= ctx.now) return fail(ctx, 84014);
  const member = corp.members.get(ticket.userid);
  if (!member) return fail(ctx, 60111);
  if (!isVisible(app, ticket.userid)) return fail(ctx, 60011);
  const body: Record<string, unknown> = { userid: member.seed.userid };
  if (legacy && ctx.core.behaviour.legacyDetailIncludesName) {
    body.name = member.seed.name;
    body.position = member.seed.position;
  }
  for (const field of DETAIL_FIELD_ORDER) {
    if (app.sensitiveFields.includes(field)) body[field] = member.wire.detail[field];
  }
  return ok(body);
}

export const authGetuserdetail = (ctx: ApiContext): ApiReply => getuserdetail(ctx, false);
export const legacyUserGetuserdetail = (ctx: ApiContext): ApiReply => getuserdetail(ctx, true);
