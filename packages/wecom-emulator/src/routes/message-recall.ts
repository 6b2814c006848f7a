import { ApiContext, ApiReply, fail, invalidParam, isReply, ok } from '../http/reply';
import { RECALL_WINDOW_MS } from '../state/messages';
import { authenticate } from './guard';

/**
 * POST /cgi-bin/message/recall {"msgid"} (C3). Order: token/IP/45009 (A9 applies here) → 47001 body not JSON → 40058
 * `invalid param 'msgid'` when the msgid is missing, unknown, another app's, or older than 24 hours (C3
 * leaves the errcode [unverified] and names 40058). Recalling a message twice answers 0 again.
 * A recalled message stays in the inboxes, marked recalled.
 */
export function messageRecall(ctx: ApiContext): ApiReply {
  const caller = authenticate(ctx);
  if (isReply(caller)) return caller;
  const { app } = caller;
  if (ctx.body === 'invalid') return fail(ctx, 47001);
  const msgid = ctx.body?.msgid;
  const message = typeof msgid === 'string' && msgid !== '' ? ctx.core.messages.lookup(msgid) : undefined;
  if (!message || message.corpId !== app.corpId || message.agentId !== app.agentId) return invalidParam(ctx, 'msgid');
  if (message.sentAt <= ctx.now - RECALL_WINDOW_MS) return invalidParam(ctx, 'msgid');
  if (message.recalledAt === null) message.recalledAt = ctx.now;
  return ok({});
}
