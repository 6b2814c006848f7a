import type { Context } from '@nocobase/actions';

/** The signed-in user's id as a string (NocoBase ids may be bigints), or undefined. */
export function currentUserId(ctx: Context): string | undefined {
  const user = ctx.auth?.user as { id?: unknown; get?: (name: string) => unknown } | undefined;
  const id = user?.get?.('id') ?? user?.id;
  return id === undefined || id === null || id === '' ? undefined : String(id);
}
