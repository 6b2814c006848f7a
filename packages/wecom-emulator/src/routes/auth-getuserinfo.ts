import { createHash } from 'node:crypto';
import { ApiContext, ApiReply, isReply, ok } from '../http/reply';
import { exchangeCode } from './code-exchange';

/** GET /cgi-bin/auth/getuserinfo (A4.1): lowercase field names. */
export function authGetuserinfo(ctx: ApiContext): ApiReply {
  const exchange = exchangeCode(ctx);
  if (isReply(exchange)) return exchange;
  const { subject } = exchange.code;
  if (subject.kind === 'nonMember') {
    return ok(subject.externalUserId === null ? { openid: subject.openid } : { openid: subject.openid, external_userid: subject.externalUserId });
  }
  return ok(exchange.ticket ? { userid: subject.userid, user_ticket: exchange.ticket.ticket } : { userid: subject.userid });
}

function deviceIdFor(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 32).toUpperCase();
}

/** GET /cgi-bin/user/getuserinfo, the legacy endpoint (A4.2): PascalCase `UserId` / `OpenId` / `DeviceId`. */
export function legacyUserGetuserinfo(ctx: ApiContext): ApiReply {
  const exchange = exchangeCode(ctx);
  if (isReply(exchange)) return exchange;
  const { subject } = exchange.code;
  if (subject.kind === 'nonMember') {
    const body: Record<string, unknown> = { OpenId: subject.openid, DeviceId: deviceIdFor(subject.openid) };
    if (subject.externalUserId !== null) body.external_userid = subject.externalUserId;
    return ok(body);
  }
  const member = ctx.core.directory.corps.get(exchange.app.corpId)?.members.get(subject.userid);
  const body: Record<string, unknown> = { UserId: subject.userid, DeviceId: member?.wire.deviceId ?? deviceIdFor(subject.userid) };
  if (exchange.ticket) {
    const behaviour = ctx.core.behaviour;
    body.user_ticket = exchange.ticket.ticket;
    body.expires_in = behaviour.legacyTicketExpiresIn ?? behaviour.ticketTtlSeconds;
  }
  return ok(body);
}
