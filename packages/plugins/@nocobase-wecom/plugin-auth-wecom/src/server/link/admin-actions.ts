import type { Context, Next } from '@nocobase/actions';
import type { Model } from '@nocobase/database';
import { param } from '../actions/params';
import { translate } from '../errors/translate';
import { toBinding, weComAuthenticators } from './bindings';
import { currentUserId } from './current-user';
import { removeBinding } from './remove-binding';

const MAX_PAGE_SIZE = 200;
export const USER_MISSING = 'Choose the user whose WeCom link to remove.';

function positiveInt(value: unknown, fallback: number): number {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : fallback;
}

/**
 * `GET wecom:listBindings?page=&pageSize=` (admins who manage users) → `{ data, meta: { count, page, pageSize } }`
 * (NocoBase wraps a `rows`/`count` body as its list actions answer): every user
 * bound to a WeCom member, newest first, with the user's nickname, username and email.
 */
export async function listBindings(ctx: Context, next: Next) {
  const page = positiveInt(param(ctx, 'page'), 1);
  const pageSize = Math.min(positiveInt(param(ctx, 'pageSize'), 20), MAX_PAGE_SIZE);
  const names = (await weComAuthenticators(ctx.db, false)).map((item) => item.name);
  const repository = ctx.db.getRepository('usersAuthenticators');
  const filter = { authenticator: { $in: names } };
  const [rows, count]: [Model[], number] = names.length
    ? await repository.findAndCount({ filter, sort: ['-createdAt'], offset: (page - 1) * pageSize, limit: pageSize })
    : [[], 0];
  const userIds = [...new Set(rows.map((row) => row.get('userId')))];
  const users: Model[] = userIds.length
    ? await ctx.db.getRepository('users').find({ filter: { id: { $in: userIds } }, fields: ['id', 'nickname', 'username', 'email'] })
    : [];
  const byId = new Map(users.map((user) => [String(user.get('id')), user]));
  ctx.body = {
    rows: rows.map((row) => {
      const binding = toBinding(row);
      const user = byId.get(binding.userId);
      return {
        ...binding,
        nickname: user?.get('nickname') ?? null,
        username: user?.get('username') ?? null,
        email: user?.get('email') ?? null,
      };
    }),
    count,
    page,
    pageSize,
    totalPage: Math.ceil(count / pageSize),
  };
  await next();
}

/** `POST wecom:unlinkUser { authenticator, userId }` (admins who manage users): removes that user's binding. */
export async function unlinkUser(ctx: Context, next: Next) {
  const userId = param(ctx, 'userId');
  if ((typeof userId !== 'string' && typeof userId !== 'number') || String(userId) === '') ctx.throw(400, translate(ctx, USER_MISSING));
  ctx.body = {
    unlinked: await removeBinding(ctx, { authenticator: param(ctx, 'authenticator'), userId: String(userId), by: currentUserId(ctx) ?? '' }),
  };
  await next();
}
