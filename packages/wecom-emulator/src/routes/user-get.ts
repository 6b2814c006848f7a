import { ApiContext, ApiReply, fail, isReply, ok } from '../http/reply';
import { isVisible } from '../state/directory';
import { authenticate } from './guard';
import { memberByLowercase } from './message-recipients';

/**
 * GET /cgi-bin/user/get?userid (A6); POST is accepted too (Tachybase sends one; [unverified] whether WeCom
 * does), with `userid` in the query or the JSON body. Order: token/IP → 41009 → 60111 → 60011.
 * Apps created from 2022-06-20 20:00 +08:00 do not get avatar, thumb_avatar, gender, mobile, email,
 * biz_mail, qr_code or address.
 */
export function userGet(ctx: ApiContext): ApiReply {
  const caller = authenticate(ctx);
  if (isReply(caller)) return caller;
  const { app, corp } = caller;
  const fromBody = typeof ctx.body === 'object' && typeof ctx.body.userid === 'string' ? ctx.body.userid : '';
  const userid = ctx.query.get('userid') || fromBody;
  if (!userid) return fail(ctx, 41009);
  // Userids are case-insensitive in lookups; the answer keeps the stored case (C1, C4).
  const member = memberByLowercase(corp, userid);
  if (!member) return fail(ctx, 60111);
  if (!isVisible(app, member.seed.userid)) return fail(ctx, 60011);
  return ok(app.hidesDirectorySensitiveFields ? member.wire.restricted : member.wire.full);
}
