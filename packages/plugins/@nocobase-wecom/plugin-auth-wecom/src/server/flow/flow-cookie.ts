import type { Context } from '@nocobase/actions';
import { getAuthCookieOptions } from '@nocobase/utils';
import { randomBytes } from 'node:crypto';
import type { OAuthScope } from '../wecom';
import { sameSignature, sha256, sign } from './signing-key';

/** A sign-in this browser started and WeCom has not sent back yet. */
export interface PendingFlow {
  state: string;
  authenticator: string;
  /** Where the member lands afterwards (already checked). */
  redirect: string;
  flow: 'web' | 'oauth';
  scope?: OAuthScope;
  /** The language the sign-in started in: WeCom's redirect back is a navigation without `X-Locale`. */
  locale?: string;
  /** Set when this is a phone confirming a PC sign-in (see pairing/): the pairing's code. */
  pairing?: string;
  /** Set when a signed-in user links WeCom to their account (see link/): never a sign-in. */
  intent?: 'link';
  /** The user a link flow binds, from the session that started it (NocoBase's token is not a cookie). */
  linkUserId?: string;
  issuedAt: number;
}

export interface FlowCookie {
  /** Random, issued by the server; hand-off codes are bound to its hash. */
  nonce: string;
  flows: PendingFlow[];
}

const MAX_AGE_MS = 30 * 60_000;
/** Sign-ins open at once in one browser (tabs); the oldest make room. */
const MAX_FLOWS = 4;
/** Browsers keep cookies of up to 4096 bytes, name and attributes included. */
const MAX_VALUE_LENGTH = 3600;
const NONCE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Pending sign-ins live in the browser, not on the server: the cookie carries them, signed with a key derived
 * from APP_KEY. So starting a sign-in stores nothing anywhere, and no flood of starts can push out another
 * person's pending sign-in or anything else in NocoBase's cache. The server writes only when a signed state
 * comes back with its cookie (the single-use marker, see state.ts).
 *
 * httpOnly and SameSite=Lax: WeCom's redirect back is a top-level navigation, which carries Lax cookies.
 * On https the name takes the `__Host-` prefix (Secure, Path=/, no Domain).
 */
function cookieSpec(ctx: Context) {
  const base = getAuthCookieOptions(ctx, true, MAX_AGE_MS);
  const secure = Boolean(base.secure || (base as { secureProxy?: boolean }).secureProxy);
  const appName: string = ctx.app?.name ?? 'main';
  const name = `${secure ? '__Host-' : ''}nocobase_wecom_flow${appName === 'main' ? '' : `_${appName}`}`;
  return { name, options: secure ? { ...base, path: '/' } : base };
}

function isFlow(value: unknown): value is PendingFlow {
  const flow = value as PendingFlow;
  return (
    typeof flow === 'object' &&
    flow !== null &&
    typeof flow.state === 'string' &&
    typeof flow.authenticator === 'string' &&
    typeof flow.redirect === 'string' &&
    (flow.flow === 'web' || flow.flow === 'oauth') &&
    typeof flow.issuedAt === 'number'
  );
}

function decode(ctx: Context, value: string): FlowCookie | undefined {
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const payload = value.slice(0, dot);
  if (!sameSignature(sign(ctx.app, `cookie:${payload}`, 16), value.slice(dot + 1))) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { n?: unknown; f?: unknown };
    if (typeof parsed.n !== 'string' || !NONCE.test(parsed.n) || !Array.isArray(parsed.f)) return undefined;
    return { nonce: parsed.n, flows: parsed.f.filter(isFlow) };
  } catch {
    return undefined;
  }
}

function encode(ctx: Context, cookie: FlowCookie): string {
  const payload = Buffer.from(JSON.stringify({ n: cookie.nonce, f: cookie.flows })).toString('base64url');
  return `${payload}.${sign(ctx.app, `cookie:${payload}`, 16)}`;
}

/** The browser's flow cookie when the server issued it; a value the browser made up counts as none. */
export function readFlowCookie(ctx: Context): FlowCookie | undefined {
  const value = ctx.cookies?.get(cookieSpec(ctx).name);
  return typeof value === 'string' && value.length <= MAX_VALUE_LENGTH * 2 ? decode(ctx, value) : undefined;
}

/** The browser's cookie, or a fresh one with a new nonce. */
export function currentOrNewFlowCookie(ctx: Context): FlowCookie {
  return readFlowCookie(ctx) ?? { nonce: randomBytes(32).toString('base64url'), flows: [] };
}

/** Keeps the newest flows that are still alive and fit in a cookie. */
export function writeFlowCookie(ctx: Context, cookie: FlowCookie, lifetimeMs: number): void {
  const now = Date.now();
  let flows = cookie.flows.filter((flow) => now - flow.issuedAt <= lifetimeMs).slice(-MAX_FLOWS);
  let value = encode(ctx, { nonce: cookie.nonce, flows });
  while (value.length > MAX_VALUE_LENGTH && flows.length > 1) {
    flows = flows.slice(1);
    value = encode(ctx, { nonce: cookie.nonce, flows });
  }
  const { name, options } = cookieSpec(ctx);
  ctx.cookies.set(name, value, options);
}

/** What the server keeps to recognise this browser later: the hash of its nonce, never the nonce. */
export function browserHashOf(cookie: FlowCookie | undefined): string | undefined {
  return cookie ? sha256(cookie.nonce) : undefined;
}
