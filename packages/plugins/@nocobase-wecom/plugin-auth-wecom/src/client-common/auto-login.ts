/**
 * Automatic login inside WeCom, as a pure decision: User-Agent, address, stored token and a per-webview
 * marker in, one decision out. No React, no NocoBase; both client lanes feed it and carry out the result.
 *
 * Where it runs:
 * - `boot`: once per full page load, from the lane's `Plugin.load()`. Re-verifies the WeCom identity once
 *   per webview session when a token is already stored (a different member may be opening a link on a
 *   device where someone else's session lingers), and books landings and failures.
 * - `sign-in`: when the sign-in page renders the WeCom button of the auto-login authenticator. The app sends
 *   every unauthenticated visitor there (`/signin?redirect=<wanted page>`), so this covers "any page".
 *
 * Never a loop: an `error` in the address stops everything (and only the button shows it); after a failure in this webview nothing is
 * tried automatically again; at most one automatic attempt per {@link RETRY_WINDOW_MS}; the boot-time
 * re-verification happens at most once per webview session.
 */
import { authType } from '../constants';

/** sessionStorage key: one webview (one WeCom window) = one session. */
export const MARKER_KEY = 'nocobase-wecom:auto-login';

/** A second automatic attempt this soon after the first one means something bounced us back: stop. */
export const RETRY_WINDOW_MS = 30_000;

const WECOM_UA = /\bwxwork\//i;

/** WeCom's in-app browser, on every platform, says `wxwork/<version>` in its User-Agent. */
export function isWeComBrowser(userAgent: string | undefined | null): boolean {
  return WECOM_UA.test(userAgent ?? '');
}

/** The part of an `authenticators:publicList` item this module reads. */
export interface PublicAuthenticatorLike {
  name: string;
  authType: string;
  options?: Record<string, unknown> | null;
}

/** What this webview remembers between page loads (sessionStorage). */
export interface AutoLoginMarker {
  /** When the last automatic navigation to WeCom started (ms since epoch). */
  attemptedAt?: number;
  /** The authenticator whose identity was re-verified in this webview. */
  verified?: string;
  /** The authenticator a boot-time re-verification was started for (once per webview). */
  reverifying?: string;
  /** The authenticator whose last attempt came back with an error in this webview. */
  failed?: string;
}

export interface AutoLoginInput {
  userAgent: string;
  /** `location.search` of the page being decided on. */
  search: string;
  place: 'boot' | 'sign-in';
  /** Whether the current path is the sign-in page (only read at `boot`). */
  onSignInPage?: boolean;
  /** Whether a NocoBase token is stored in this browser. */
  hasToken: boolean;
  authenticators: readonly PublicAuthenticatorLike[];
  marker: AutoLoginMarker;
  now: number;
  /** Where a re-verification comes back to: the current page, root-relative, without hand-off params. */
  currentTarget: string;
  /** Where a sign-in goes when the sign-in page has no `redirect` (e.g. `/admin`, `/v/admin`). */
  defaultTarget: string;
}

export type AutoLoginDecision =
  | {
      kind: 'none';
      reason:
        | 'not-wecom'
        | 'no-auto-login'
        | 'other-error'
        | 'sign-in-page'
        | 'no-token'
        | 'verified'
        | 'once-per-session'
        | 'after-failure'
        | 'too-soon';
    }
  /** Back from WeCom with a token for the auto-login authenticator: remember it is verified. */
  | { kind: 'landed'; authenticator: string }
  /** Back from WeCom with an error: stay, show it, and drop a stored token whose owner WeCom did not confirm. */
  | { kind: 'failed'; authenticator: string; clearToken: boolean }
  /** Go to `wecom:entry` now. */
  | { kind: 'go'; authenticator: string; redirect: string; why: 'sign-in' | 're-verify' };

function truthy(value: unknown): boolean {
  return value === true || value === 'true' || value === 1 || value === '1';
}

/** The enabled WeCom authenticator with automatic login (the server allows at most one). */
export function findAutoLoginAuthenticator(
  authenticators: readonly PublicAuthenticatorLike[],
): PublicAuthenticatorLike | undefined {
  return authenticators.find((item) => item.authType === authType && truthy(item.options?.autoLogin));
}

/** A root-relative path (`/x`), never `//host`, `/\host` or a scheme; anything else gives `fallback`. */
export function safeTarget(value: string | null | undefined, fallback: string): string {
  if (!value) return fallback;
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return fallback;
  }
  if (!value.startsWith('/') || /^\/[/\\]/.test(value) || /^\/[/\\]/.test(decoded)) return fallback;
  for (let i = 0; i < decoded.length; i += 1) if (decoded.charCodeAt(i) < 0x20) return fallback;
  return value;
}

export function decideAutoLogin(input: AutoLoginInput): AutoLoginDecision {
  if (!isWeComBrowser(input.userAgent)) return { kind: 'none', reason: 'not-wecom' };
  const auto = findAutoLoginAuthenticator(input.authenticators);
  if (!auto) return { kind: 'none', reason: 'no-auto-login' };

  const params = new URLSearchParams(input.search);
  const from = params.get('authenticator');
  if (params.get('error')) {
    if (from === auto.name) return { kind: 'failed', authenticator: auto.name, clearToken: input.hasToken };
    return { kind: 'none', reason: 'other-error' };
  }
  if (params.get('token') && from === auto.name) return { kind: 'landed', authenticator: auto.name };

  const { marker } = input;
  if (input.place === 'boot') {
    if (input.onSignInPage) return { kind: 'none', reason: 'sign-in-page' };
    if (!input.hasToken) return { kind: 'none', reason: 'no-token' };
    if (marker.verified === auto.name) return { kind: 'none', reason: 'verified' };
    if (marker.reverifying === auto.name) return { kind: 'none', reason: 'once-per-session' };
    if (marker.failed === auto.name) return { kind: 'none', reason: 'after-failure' };
    return { kind: 'go', authenticator: auto.name, redirect: safeTarget(input.currentTarget, input.defaultTarget), why: 're-verify' };
  }

  if (marker.failed === auto.name) return { kind: 'none', reason: 'after-failure' };
  if (marker.attemptedAt !== undefined && input.now - marker.attemptedAt >= 0 && input.now - marker.attemptedAt < RETRY_WINDOW_MS) {
    return { kind: 'none', reason: 'too-soon' };
  }
  return {
    kind: 'go',
    authenticator: auto.name,
    redirect: safeTarget(params.get('redirect'), input.defaultTarget),
    why: 'sign-in',
  };
}

/** The marker after carrying out `decision` (a new object; `marker` is not changed). */
export function nextMarker(marker: AutoLoginMarker, decision: AutoLoginDecision, now: number): AutoLoginMarker {
  switch (decision.kind) {
    case 'landed':
      return { ...marker, verified: decision.authenticator, failed: undefined };
    case 'failed':
      return { ...marker, failed: decision.authenticator, verified: undefined };
    case 'go':
      return decision.why === 're-verify'
        ? { ...marker, attemptedAt: now, reverifying: decision.authenticator }
        : { ...marker, attemptedAt: now };
    default:
      return marker;
  }
}

/** Reads the marker; anything unreadable counts as "nothing happened in this webview yet". */
export function parseMarker(raw: string | null | undefined): AutoLoginMarker {
  if (!raw) return {};
  try {
    const value: unknown = JSON.parse(raw);
    if (!value || typeof value !== 'object') return {};
    const record = value as Record<string, unknown>;
    const marker: AutoLoginMarker = {};
    if (typeof record.attemptedAt === 'number') marker.attemptedAt = record.attemptedAt;
    for (const key of ['verified', 'reverifying', 'failed'] as const) {
      if (typeof record[key] === 'string') marker[key] = record[key] as string;
    }
    return marker;
  } catch {
    return {};
  }
}

/**
 * `<api>/wecom:entry?authenticator=…&redirect=…[&locale=…]`: a plain navigation that the server answers with
 * a 302 to WeCom. A navigation carries no `X-Locale` header; NocoBase also reads `?locale=`.
 */
export function entryUrl(apiUrlOfEntry: string, authenticator: string, redirect: string, locale?: string): string {
  const query = new URLSearchParams({ authenticator, redirect });
  if (locale) query.set('locale', locale);
  return `${apiUrlOfEntry}${apiUrlOfEntry.includes('?') ? '&' : '?'}${query}`;
}

/** The current page as a return target: drops the hand-off parameters NocoBase and this plugin put in URLs. */
export function returnTarget(pathname: string, search: string): string {
  const params = new URLSearchParams(search);
  for (const key of ['token', 'authenticator', 'error']) params.delete(key);
  const rest = params.toString();
  return `${pathname || '/'}${rest ? `?${rest}` : ''}`;
}

/** Strips a leading public path (`/nocobase/`) from a v1 pathname: the server puts it back. */
export function withoutPublicPath(pathname: string, publicPath: string): string {
  const base = publicPath.replace(/\/+$/, '');
  if (!base) return pathname || '/';
  if (pathname === base) return '/';
  return pathname.startsWith(`${base}/`) ? pathname.slice(base.length) : pathname;
}
