import type { Context } from '@nocobase/actions';
import type { ErrorDescription } from './wecom';

export interface LastError {
  code: string;
  message: string;
  params: Record<string, string>;
  helpUrl?: string;
  at: string;
}

const key = (authenticator: string) => `wecom:last-error:${authenticator}`;
const KEEP_MS = 7 * 24 * 3600_000;

/** Descriptions carry endpoint paths, errcodes and IPs, never secrets or tokens. */
export async function recordLastError(ctx: Context, authenticator: string, description: ErrorDescription): Promise<void> {
  if (!authenticator || description.audience !== 'admin') return;
  const value: LastError = {
    code: description.code,
    message: description.message,
    params: description.params,
    helpUrl: description.helpUrl,
    at: new Date().toISOString(),
  };
  await ctx.app.cache.set(key(authenticator), value, KEEP_MS);
}

export async function readLastError(ctx: Context, authenticator: string): Promise<LastError | undefined> {
  return (await ctx.app.cache.get(key(authenticator))) ?? undefined;
}

/** After a successful `wecom:check` the remembered problem is fixed. */
export async function clearLastError(ctx: Context, authenticator: string): Promise<void> {
  await ctx.app.cache.del(key(authenticator));
}
