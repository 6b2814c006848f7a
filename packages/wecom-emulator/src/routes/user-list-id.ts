import { ApiContext, ApiReply, fail, invalidParam, isReply, ok } from '../http/reply';
import { authenticate } from './guard';

export const LIST_ID_MAX_LIMIT = 10_000;

/** Cursors are opaque to callers: base64url of the row offset. */
function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return null;
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  return match ? Number(match[1]) : null;
}

/**
 * POST /cgi-bin/user/list_id `{cursor?, limit}` (C1 (d), doc 96067): one row `{userid, department}` per
 * (member, department) of the whole corp, `limit` rows a page; an empty `next_cursor` ends the listing.
 * Only the contact-sync secret's token may call it.
 * Order: token/IP → 48002 not the contact-sync token → 47001 body not JSON → 40058 bad `limit` (not 1–10,000)
 * → 40058 bad `cursor`.
 */
export function userListId(ctx: ApiContext): ApiReply {
  const caller = authenticate(ctx);
  if (isReply(caller)) return caller;
  if (!caller.app.isContactSync) return fail(ctx, 48002);
  const body = ctx.body ?? {};
  if (body === 'invalid') return fail(ctx, 47001);
  const { limit, cursor } = body;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > LIST_ID_MAX_LIMIT) return invalidParam(ctx, 'limit');
  let offset = 0;
  if (cursor !== undefined && cursor !== '') {
    const decoded = typeof cursor === 'string' ? decodeCursor(cursor) : null;
    if (decoded === null) return invalidParam(ctx, 'cursor');
    offset = decoded;
  }
  const rows: Array<{ userid: string; department: number }> = [];
  for (const m of caller.corp.membersInOrder) {
    for (const department of m.seed.department) rows.push({ userid: m.seed.userid, department });
  }
  const page = rows.slice(offset, offset + limit);
  const end = offset + limit;
  return ok({ next_cursor: end < rows.length ? encodeCursor(end) : '', dept_user: page });
}
