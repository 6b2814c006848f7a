import type { Context } from '@nocobase/actions';
import { authType } from '../../constants';
import { readOptions, type WeComOptions } from '../options';

/**
 * The settings of a WeCom authenticator for an admin action: rendered by
 * NocoBase (`{{$env.X}}`) when it is enabled, else the stored record (a
 * disabled authenticator is still being set up).
 */
export async function adminAuthenticator(ctx: Context, name: unknown): Promise<{ name: string; options: WeComOptions } | undefined> {
  if (typeof name !== 'string' || name === '') return undefined;
  try {
    const auth = await ctx.app.authManager.get(name, ctx);
    if (auth?.authenticator?.name === name && auth.authenticator.authType === authType) {
      return { name, options: readOptions(auth.options) };
    }
  } catch {
    // not enabled or not registered: fall through to the stored record
  }
  const row = await ctx.db.getRepository('authenticators').findOne({ filter: { name, authType } });
  return row ? { name, options: readOptions(row.get('options')) } : undefined;
}
