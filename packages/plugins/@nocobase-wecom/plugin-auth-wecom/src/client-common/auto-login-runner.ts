/**
 * Carries out {@link decideAutoLogin} in a real page: reads the marker from sessionStorage, writes the next
 * one, and navigates. Everything the page provides comes in through {@link AutoLoginEnvironment}, so the
 * lanes stay thin and the tests can run it without a browser.
 */
import {
  type AutoLoginDecision,
  type AutoLoginInput,
  decideAutoLogin,
  entryUrl,
  MARKER_KEY,
  nextMarker,
  parseMarker,
  type PublicAuthenticatorLike,
} from './auto-login';
import type { WeComHost } from './host';

export interface AutoLoginEnvironment {
  userAgent: string;
  search: string;
  storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  now(): number;
  hasToken: boolean;
  /** Absolute URL of `wecom:entry`. */
  entryApiUrl: string;
  /** The UI language, passed on to the server. */
  locale?: string;
  navigate(url: string): void;
}

export type AutoLoginRequest = Pick<
  AutoLoginInput,
  'place' | 'onSignInPage' | 'currentTarget' | 'defaultTarget' | 'appPaths' | 'redeemed'
> & {
  authenticators: readonly PublicAuthenticatorLike[];
};

function readMarker(env: AutoLoginEnvironment) {
  try {
    return parseMarker(env.storage?.getItem(MARKER_KEY));
  } catch {
    return {};
  }
}

function writeMarker(env: AutoLoginEnvironment, value: object) {
  try {
    env.storage?.setItem(MARKER_KEY, JSON.stringify(value));
  } catch {
    // Storage can be unavailable (private mode quotas); the decision then simply repeats next time.
  }
}

export function runAutoLogin(env: AutoLoginEnvironment, request: AutoLoginRequest): AutoLoginDecision {
  const now = env.now();
  const marker = readMarker(env);
  const decision = decideAutoLogin({ ...request, userAgent: env.userAgent, search: env.search, hasToken: env.hasToken, marker, now });
  if (decision.kind === 'none') return decision;
  // Without a working sessionStorage there is no loop guard: never navigate automatically then.
  if (decision.kind === 'go' && !env.storage) return { kind: 'none', reason: 'once-per-session' };
  writeMarker(env, nextMarker(marker, decision, now));
  if (decision.kind === 'go') env.navigate(entryUrl(env.entryApiUrl, decision.authenticator, decision.redirect, env.locale));
  return decision;
}

/**
 * The real page as automatic login sees it (both the boot-time half and the sign-in button use this):
 * the browser's User-Agent, sessionStorage and clock, the host's token state, and `location.replace`.
 */
export function pageAutoLoginEnvironment(host: WeComHost, search: string): AutoLoginEnvironment {
  return {
    userAgent: navigator.userAgent,
    search,
    storage: sessionStorageOrUndefined(),
    now: () => Date.now(),
    hasToken: host.hasToken(),
    entryApiUrl: host.apiUrl('wecom:entry'),
    locale: host.locale(),
    navigate: (url) => window.location.replace(url),
  };
}

/** sessionStorage when the page lets us use it. */
export function sessionStorageOrUndefined(): Storage | undefined {
  try {
    const storage = window.sessionStorage;
    const probe = `${MARKER_KEY}:probe`;
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return undefined;
  }
}
