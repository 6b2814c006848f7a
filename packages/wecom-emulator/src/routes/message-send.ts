import { ApiContext, ApiReply, fail, invalidParam, isReply, ok } from '../http/reply';
import { StoredMessage } from '../state/messages';
import { authenticate } from './guard';
import { checkBody, isKnownMsgtype, isProblem } from './message-body';
import { MAX_PARTIES, MAX_TAGS, MAX_USERS, Recipients, resolveRecipients, splitIds } from './message-recipients';

const DEFAULT_DUPLICATE_INTERVAL_S = 1800;
const MAX_DUPLICATE_INTERVAL_S = 4 * 3600;

/** `agentid` as WeCom reads it: an integer, or a string of digits (C3, observed). null = missing. */
function readAgentid(value: unknown): string | null | 'invalid' {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d{1,15}$/.test(value.trim())) return String(Number(value.trim()));
  return 'invalid';
}

/** `invaliduser` / `invalidparty` / `invalidtag`, each only when something was invalid. */
function invalidFields(r: Recipients): Record<string, string> {
  const out: Record<string, string> = {};
  if (r.invalidUsers.length > 0) out.invaliduser = r.invalidUsers.join('|');
  if (r.invalidParties.length > 0) out.invalidparty = r.invalidParties.join('|');
  if (r.invalidTags.length > 0) out.invalidtag = r.invalidTags.join('|');
  return out;
}

function duplicateInterval(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return DEFAULT_DUPLICATE_INTERVAL_S;
  return Math.min(Math.floor(value), MAX_DUPLICATE_INTERVAL_S);
}

/**
 * POST /cgi-bin/message/send (C3). Order: token/IP (message sending does not count towards the A9 limits) →
 * 47001 body not JSON → 41011 no agentid → 40056 agentid not an integer or not an app of the corp → 301002
 * another app than the token's → (a repeat under enable_duplicate_check: the first answer again) → 40008
 * msgtype → the msgtype's fields (44004, 45002, 41016, 41033, 41010, 40058) → 40032 / 82002 / 82003 too
 * many users / departments / tags → 81013 no valid recipient → 45009 the app's daily allowance → delivered.
 * Recipients over the per-member limits are dropped silently (errcode 0); the call log lists them in `dropped`.
 */
export function messageSend(ctx: ApiContext): ApiReply {
  const caller = authenticate(ctx, { rateLimit: false });
  if (isReply(caller)) return caller;
  const { app, corp } = caller;
  if (ctx.body === 'invalid') return fail(ctx, 47001);
  const body = ctx.body ?? {};

  const agentId = readAgentid(body.agentid);
  if (agentId === null) return fail(ctx, 41011);
  if (agentId === 'invalid' || !corp.apps.has(agentId)) return fail(ctx, 40056);
  if (agentId !== app.agentId) return fail(ctx, 301002);

  const { messages, behaviour } = ctx.core;
  // "同样内容(请求json)的消息，不会重复收到": only sent requests are remembered, so a match is a valid request.
  // It is not delivered again and gets the first answer (msgid included) [unverified].
  const duplicateKey = body.enable_duplicate_check === 1 ? `${app.corpId}\u0000${app.agentId}\u0000${JSON.stringify(body)}` : null;
  const duplicate = duplicateKey === null ? undefined : messages.duplicateOf(duplicateKey, ctx.now);
  if (duplicate) return { ...ok({ ...duplicate }), logExtra: { dropped: [] } };

  const msgtype = body.msgtype;
  if (!isKnownMsgtype(msgtype)) return fail(ctx, 40008);
  const checked = checkBody(msgtype, body[msgtype], (taskId) => messages.hasTaskId(app.corpId, app.agentId, taskId));
  if (isProblem(checked)) return checked.param === undefined ? fail(ctx, checked.errcode) : invalidParam(ctx, checked.param);

  const users = splitIds(body.touser);
  const toAll = users.length === 1 && users[0] === '@all';
  const parties = toAll ? [] : splitIds(body.toparty);
  const tags = toAll ? [] : splitIds(body.totag);
  if (users.length > MAX_USERS) return fail(ctx, 40032);
  if (parties.length > MAX_PARTIES) return fail(ctx, 82002);
  if (tags.length > MAX_TAGS) return fail(ctx, 82003);
  const recipients = resolveRecipients(corp, app, users, parties, tags);
  if (!recipients.anyValid) {
    const refused = fail(ctx, behaviour.messageAllInvalidErrcode);
    return { ...refused, body: { ...refused.body, ...invalidFields(recipients) } };
  }

  const limits = behaviour.rateLimits;
  const perDay = limits.messageRecipientsPerSeatPerDay === null ? null : behaviour.corpSeatLimit * limits.messageRecipientsPerSeatPerDay;
  if (!messages.takeDaily(app.corpId, app.agentId, recipients.members.length, perDay, ctx.now)) return fail(ctx, 45009);

  const memberLimits = { perMinute: limits.messagesPerMemberPerMinute, perHour: limits.messagesPerMemberPerHour };
  const deliveredTo: string[] = [];
  const dropped: string[] = [];
  for (const member of recipients.members) {
    const userid = member.seed.userid;
    (messages.admit(app.corpId, app.agentId, userid, ctx.now, memberLimits) ? deliveredTo : dropped).push(userid);
  }
  const safe = body.safe === 1 || body.safe === 2 ? body.safe : 0;
  const message: StoredMessage = {
    msgid: messages.newMsgid(),
    corpId: app.corpId,
    agentId: app.agentId,
    appName: app.seed.name,
    sentAt: ctx.now,
    msgtype,
    content: structuredClone(checked.content),
    safe,
    responseCode: checked.interactive ? messages.newResponseCode() : null,
    deliveredTo,
    recalledAt: null,
  };
  messages.record(message, checked.taskId);
  const answer: Record<string, unknown> = { ...invalidFields(recipients), msgid: message.msgid };
  if (message.responseCode !== null) answer.response_code = message.responseCode;
  if (duplicateKey !== null) messages.rememberDuplicate(duplicateKey, answer, ctx.now + duplicateInterval(body.duplicate_check_interval) * 1000);
  return { ...ok(answer), logExtra: { dropped } };
}
