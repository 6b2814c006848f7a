import type { Context } from '@nocobase/actions';
import { buildRedirectPath, resolveSigninPrefix, resolveSubAppSegment } from '@nocobase/plugin-auth';

export const DEFAULT_TARGET = '/admin';
const MAX_LENGTH = 2048;
const MAX_DECODE_ROUNDS = 5;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function isSafeLayer(value: string): boolean {
  return (
    value.startsWith('/') &&
    !value.startsWith('//') &&
    !value.includes('\\') &&
    !CONTROL.test(value)
  );
}

/**
 * A root-relative path on this site, or undefined. Every percent-decoded
 * layer is checked too, so `/%2F%2Fevil.com` and `%2F%5Cevil.com` are refused
 * (token leakage through an external redirect, NocoBase OIDC v2.0.57).
 */
export function sanitizeRedirect(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw === '' || raw.length > MAX_LENGTH) return undefined;
  let layer = raw;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round += 1) {
    if (!isSafeLayer(layer)) return undefined;
    let decoded: string;
    try {
      decoded = decodeURIComponent(layer);
    } catch {
      return undefined;
    }
    if (decoded === layer) return raw;
    layer = decoded;
  }
  return undefined;
}

/** The query parameters NocoBase's `AuthProvider` takes the signed-in session from. */
const HAND_OFF_PARAMS = new Set(['token', 'authenticator']);

function paramName(pair: string): string {
  const name = pair.split('=', 1)[0].replace(/\+/g, ' ');
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/**
 * Drops `token` and `authenticator` from a target's query. `AuthProvider` reads the first `token`, so a link
 * whose target carried someone else's token would sign the person in as that someone (login CSRF).
 */
export function withoutHandOffParams(target: string): string {
  const hashAt = target.indexOf('#');
  const beforeHash = hashAt === -1 ? target : target.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : target.slice(hashAt);
  const queryAt = beforeHash.indexOf('?');
  if (queryAt === -1) return target;
  const kept = beforeHash
    .slice(queryAt + 1)
    .split('&')
    .filter((pair) => pair !== '' && !HAND_OFF_PARAMS.has(paramName(pair)));
  return `${beforeHash.slice(0, queryAt)}${kept.length > 0 ? `?${kept.join('&')}` : ''}${hash}`;
}

/** The requested target when it is safe, else the authenticator's workbench path, else `/admin`. */
export function chooseTarget(requested: unknown, redirectPath: string | undefined): string {
  return withoutHandOffParams(sanitizeRedirect(requested) ?? sanitizeRedirect(redirectPath) ?? DEFAULT_TARGET);
}

function appPublicPath(): string {
  return process.env.APP_PUBLIC_PATH || '/';
}

function appendQuery(target: string, query: URLSearchParams): string {
  const hashAt = target.indexOf('#');
  const path = hashAt === -1 ? target : target.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : target.slice(hashAt);
  return `${path}${path.includes('?') ? '&' : '?'}${query.toString()}${hash}`;
}

/** NocoBase's `AuthProvider` picks `token` and `authenticator` up from the query (both client lanes). */
export async function successLocation(ctx: Context, target: string, authenticator: string, token: string) {
  const subAppSegment = await resolveSubAppSegment(ctx.req, ctx.app.name);
  const path = buildRedirectPath({ appPublicPath: appPublicPath(), subAppSegment, target });
  return appendQuery(path, new URLSearchParams({ authenticator, token }));
}

export async function failureLocation(ctx: Context, target: string, authenticator: string, error: string) {
  const subAppSegment = await resolveSubAppSegment(ctx.req, ctx.app.name);
  const prefix = resolveSigninPrefix({ appPublicPath: appPublicPath(), redirect: target, subAppSegment });
  const query = new URLSearchParams({ authenticator, error, redirect: target });
  return `${prefix}/signin?${query.toString()}`;
}
