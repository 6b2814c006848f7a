import { ApiContext, ApiReply, fail, invalidParam, isReply, ok } from '../http/reply';
import { CorpState, MemberState, isVisible } from '../state/directory';
import { authenticate } from './guard';

const MOBILE = /^\+?[0-9-]{5,32}$/;

type Lookup = (corp: CorpState, body: Record<string, unknown>) => MemberState | undefined | { badParam: string };

/**
 * Shared by `user/getuserid` (mobile) and `user/get_userid_by_email` (A6). Order (A11): token/IP →
 * 45009 once the day's error budget is spent → 47001 body not JSON → 40058 bad parameter → not found
 * (46004 by default) → 60011 not visible. Failed lookups count against the budget: 20 % of the seat limit.
 */
function lookupUserid(ctx: ApiContext, lookup: Lookup): ApiReply {
  const caller = authenticate(ctx);
  if (isReply(caller)) return caller;
  const { app, corp } = caller;
  const { behaviour, errorBudget } = ctx.core;
  const budgetKey = `${corp.corpId}\u0000${ctx.path}`;
  if (errorBudget.isExhausted(budgetKey, Math.floor(behaviour.corpSeatLimit * 0.2), ctx.now)) return fail(ctx, 45009);
  if (ctx.body === 'invalid') return fail(ctx, 47001);
  const found = lookup(corp, ctx.body ?? {});
  const failWith = (reply: ApiReply): ApiReply => {
    errorBudget.recordError(budgetKey, ctx.now);
    return reply;
  };
  if (found === undefined) return failWith(fail(ctx, behaviour.getuseridNotFoundErrcode));
  if ('badParam' in found) return failWith(invalidParam(ctx, found.badParam));
  if (!isVisible(app, found.seed.userid)) return failWith(fail(ctx, 60011));
  return ok({ userid: found.seed.userid });
}

/** POST /cgi-bin/user/getuserid {"mobile"}. */
export const userGetuserid = (ctx: ApiContext): ApiReply =>
  lookupUserid(ctx, (corp, body) => {
    const mobile = body.mobile;
    if (typeof mobile !== 'string' || !MOBILE.test(mobile)) return { badParam: 'mobile' };
    return corp.byMobile.get(mobile);
  });

/** POST /cgi-bin/user/get_userid_by_email {"email","email_type"}: 1 = corporate mailbox (default), 2 = personal email. */
export const userGetUseridByEmail = (ctx: ApiContext): ApiReply =>
  lookupUserid(ctx, (corp, body) => {
    const { email } = body;
    const type = body.email_type ?? 1;
    if (typeof email !== 'string' || !email.includes('@') || email.length > 64) return { badParam: 'email' };
    if (type !== 1 && type !== 2) return { badParam: 'email_type' };
    return (type === 1 ? corp.byBizMail : corp.byEmail).get(email.toLowerCase());
  });
