import type { Context } from '@nocobase/actions';
import { getAuthCookieOptions } from '@nocobase/utils';
import { createHash, randomBytes } from 'node:crypto';

const COOKIE_MAX_AGE_MS = 30 * 60_000;

function cookieName(ctx: Context): string {
  const appName: string = ctx.app?.name ?? 'main';
  return appName === 'main' ? 'nocobase_wecom_flow' : `nocobase_wecom_flow_${appName}`;
}

function hash(nonce: string): string {
  return createHash('sha256').update(nonce).digest('hex');
}

/**
 * Ties a sign-in to the browser that started it: a random nonce in an
 * httpOnly SameSite=Lax cookie (sent on WeCom's top-level redirect back), of
 * which the state record keeps only the hash. An existing nonce is reused so
 * two tabs can sign in at the same time.
 */
export function bindBrowser(ctx: Context): string {
  let nonce = readNonce(ctx);
  if (!nonce) nonce = randomBytes(32).toString('base64url');
  ctx.cookies.set(cookieName(ctx), nonce, getAuthCookieOptions(ctx, true, COOKIE_MAX_AGE_MS));
  return hash(nonce);
}

export function browserHash(ctx: Context): string | undefined {
  const nonce = readNonce(ctx);
  return nonce ? hash(nonce) : undefined;
}

function readNonce(ctx: Context): string | undefined {
  const value = ctx.cookies?.get(cookieName(ctx));
  return typeof value === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : undefined;
}
