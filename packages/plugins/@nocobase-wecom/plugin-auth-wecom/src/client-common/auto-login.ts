/**
 * Automatic login inside WeCom, as a pure decision: User-Agent, address, stored token and a per-webview
 * marker in, one decision out. No React, no NocoBase; both client lanes feed it and carry out the result.
 *
 * Where it runs:
 * - `boot`: once per full page load, from the lane's `Plugin.load()`, after the page redeemed its hand-off code
 *   (hand-off.ts). Re-verifies the WeCom identity once per webview session when a token is already stored (a
 *   different member may be opening a link on a device where someone else's session lingers), and books
 *   landings and failures.
 * - `sign-in`: when the sign-in page renders the WeCom button of the auto-login authenticator. The app sends
 *   every unauthenticated visitor there (`/signin?redirect=<wanted page>`), so this covers "any page".
 *
 * What a link can do: nothing here. Anyone can put `token`, `authenticator`, `error` or `redirect` in a link, so
 * - a landing counts as verified only when this page load redeemed the hand-off code of the auto-login
 *   authenticator (`redeemed`), never because of `?token=` or `?authenticator=`;
 * - `?error=` never clears a token, never switches off the boot-time re-verification, and only counts as a
 *   failure (stop trying in this webview) when this webview has an attempt of its own under way;
 * - `?redirect=` goes through the one target rule (common/target-path.ts).
 *
 * Never a loop: a failure of this webview's own attempt stops automatic attempts for the webview session; an
 * `error` on the sign-in page is shown, not navigated away from; at most one automatic attempt per
 * {@link RETRY_WINDOW_MS}; the boot-time re-verification happens at most once per webview session.
 */
import { type AppPaths, chooseTargetPath, withoutHandOffParams } from '../common/target-path';
import { authType } from '../constants';
import { pickWeComPublicOptions } from './public-options';

/** sessionStorage key: one webview (one WeCom window) = one session. */
export const MARKER_KEY = 'nocobase-wecom:auto-login';

/** A second automatic attempt this soon after the first one means something bounced us back: stop. */
export const RETRY_WINDOW_MS = 30_000;

/**
 * How long an attempt that went to WeCom counts as under way: the server's sign-in state lives 10 minutes,
 * the hand-off code one more. An `error` that comes back later is not the answer to it.
 */
export const ATTEMPT_LIFETIME_MS = 11 * 60_000;

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
  /** The authenticator of that navigation, until its answer (a landing or an error) comes back. */
  attempting?: string;
  /** The authenticator whose identity was re-verified in this webview (its hand-off code was redeemed here). */
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
  /**
   * The authenticator whose hand-off code this page load redeemed (hand-off.ts), if any: the only proof
   * that WeCom just confirmed who is signed in. Only read at `boot`.
   */
  redeemed?: string;
  authenticators: readonly PublicAuthenticatorLike[];
  marker: AutoLoginMarker;
  now: number;
  /** Where a re-verification comes back to: the current page, root-relative, without hand-off params. */
  currentTarget: string;
  /** Where a sign-in goes when the sign-in page has no `redirect` (e.g. `/admin`, `/v/admin`). */
  defaultTarget: string;
  /** The app's public path and API base path, for the target rule. */
  appPaths?: AppPaths;
}

export type AutoLoginDecision =
  | {
      kind: 'none';
      reason:
        | 'not-wecom'
        | 'no-auto-login'
        | 'other-error'
        | 'error-shown'
        | 'sign-in-page'
        | 'no-token'
        | 'verified'
        | 'once-per-session'
        | 'after-failure'
        | 'too-soon';
    }
  /** This page load redeemed the auto-login authenticator's hand-off code: remember the webview is verified. */
  | { kind: 'landed'; authenticator: string }
  /** This webview's own attempt came back with an error: stay, let the button show it, do not try again. */
  | { kind: 'failed'; authenticator: string }
  /** Go to `wecom:entry` now. */
  | { kind: 'go'; authenticator: string; redirect: string; why: 'sign-in' | 're-verify' };

/** The enabled WeCom authenticator with automatic login (the server allows at most one). */
export function findAutoLoginAuthenticator(
  authenticators: readonly PublicAuthenticatorLike[],
): PublicAuthenticatorLike | undefined {
  return authenticators.find((item) => item.authType === authType && pickWeComPublicOptions(item).autoLogin);
}

/**
 * `value` when it is a page of this app (the one rule of common/target-path.ts), else `fallback`; without the
 * hand-off parameters either way.
 */
export function safeTarget(value: string | null | undefined, fallback: string, paths: AppPaths = {}): string {
  return chooseTargetPath(value, fallback, fallback, paths);
}

/** Whether this webview started an attempt with `authenticator` that has not come back yet. */
function attemptUnderWay(marker: AutoLoginMarker, authenticator: string, now: number): boolean {
  if (marker.attempting !== authenticator || marker.attemptedAt === undefined) return false;
  const age = now - marker.attemptedAt;
  return age >= 0 && age < ATTEMPT_LIFETIME_MS;
}

export function decideAutoLogin(input: AutoLoginInput): AutoLoginDecision {
  if (!isWeComBrowser(input.userAgent)) return { kind: 'none', reason: 'not-wecom' };
  const auto = findAutoLoginAuthenticator(input.authenticators);
  if (!auto) return { kind: 'none', reason: 'no-auto-login' };
  const { marker, now } = input;

  if (input.place === 'boot' && input.redeemed === auto.name) return { kind: 'landed', authenticator: auto.name };

  const params = new URLSearchParams(input.search);
  const from = params.get('authenticator');
  if (params.get('error')) {
    // Only the answer to this webview's own attempt is a failure; anyone can put `error` in a link.
    if (from === auto.name && attemptUnderWay(marker, auto.name, now)) return { kind: 'failed', authenticator: auto.name };
    // The sign-in page shows the error: do not navigate away from it. Elsewhere it changes nothing.
    if (input.place === 'sign-in') return { kind: 'none', reason: from === auto.name ? 'error-shown' : 'other-error' };
  }

  if (input.place === 'boot') {
    if (input.onSignInPage) return { kind: 'none', reason: 'sign-in-page' };
    if (!input.hasToken) return { kind: 'none', reason: 'no-token' };
    if (marker.verified === auto.name) return { kind: 'none', reason: 'verified' };
    if (marker.reverifying === auto.name) return { kind: 'none', reason: 'once-per-session' };
    if (marker.failed === auto.name) return { kind: 'none', reason: 'after-failure' };
    return {
      kind: 'go',
      authenticator: auto.name,
      redirect: safeTarget(input.currentTarget, input.defaultTarget, input.appPaths),
      why: 're-verify',
    };
  }

  if (marker.failed === auto.name) return { kind: 'none', reason: 'after-failure' };
  if (marker.attemptedAt !== undefined && now - marker.attemptedAt >= 0 && now - marker.attemptedAt < RETRY_WINDOW_MS) {
    return { kind: 'none', reason: 'too-soon' };
  }
  return {
    kind: 'go',
    authenticator: auto.name,
    redirect: safeTarget(params.get('redirect'), input.defaultTarget, input.appPaths),
    why: 'sign-in',
  };
}

/** The marker after carrying out `decision` (a new object; `marker` is not changed). */
export function nextMarker(marker: AutoLoginMarker, decision: AutoLoginDecision, now: number): AutoLoginMarker {
  switch (decision.kind) {
    case 'landed':
      return { ...marker, verified: decision.authenticator, failed: undefined, attempting: undefined };
    case 'failed':
      return { ...marker, failed: decision.authenticator, verified: undefined, attempting: undefined };
    case 'go':
      return decision.why === 're-verify'
        ? { ...marker, attemptedAt: now, attempting: decision.authenticator, reverifying: decision.authenticator }
        : { ...marker, attemptedAt: now, attempting: decision.authenticator };
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
    for (const key of ['attempting', 'verified', 'reverifying', 'failed'] as const) {
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

/**
 * The current page as a return target: drops the hand-off parameters NocoBase and this plugin put in URLs
 * (`HAND_OFF_PARAMS`: token, authenticator, wecom_handoff, error) and keeps the others as they are written.
 */
export function returnTarget(pathname: string, search: string): string {
  const query = search.replace(/^\?/, '');
  return withoutHandOffParams(`${pathname || '/'}${query ? `?${query}` : ''}`);
}

/** Strips a leading public path (`/nocobase/`) from a v1 pathname: the server puts it back. */
export function withoutPublicPath(pathname: string, publicPath: string): string {
  const base = publicPath.replace(/\/+$/, '');
  if (!base) return pathname || '/';
  if (pathname === base) return '/';
  return pathname.startsWith(`${base}/`) ? pathname.slice(base.length) : pathname;
}
