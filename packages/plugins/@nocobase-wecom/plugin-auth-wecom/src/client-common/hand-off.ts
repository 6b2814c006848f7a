/**
 * The landing half of a WeCom sign-in, in both UIs. The server sends the browser back to the target page with
 * `?authenticator=<name>&wecom_handoff=<one-time code>`, never with a token. Before the app renders (from the
 * lane's `Plugin.load()`), the page
 * 1. takes both parameters out of the address with `history.replaceState` (path, other parameters and hash
 *    stay), so the code is in neither the address bar nor the history once anything else runs;
 * 2. trades the code for NocoBase's token by XHR: `POST wecom:redeem { code }`, with the cookies of the
 *    browser that signed in (the code is bound to them);
 * 3. stores the token where NocoBase's API client keeps it, with the authenticator.
 * A replayed, expired or foreign code goes to this lane's sign-in page with the server's translated message,
 * which the WeCom button shows. A failure clears nothing: a link carrying a made-up code signs nobody out.
 */
import { chooseTargetPath, searchWithout } from '../common/target-path';
import { errorMessage, unwrap, type WeComHost } from './host';

/** The query parameter that carries the one-time code. */
export const HAND_OFF_CODE_PARAM = 'wecom_handoff';
/** The query parameter that names the authenticator the code belongs to. */
export const AUTHENTICATOR_PARAM = 'authenticator';

/** The server's own message for a code it does not know; the sign-in button translates it (it is a key). */
export const INVALID_LINK_MESSAGE = 'This sign-in link is not valid. Please sign in again.';

/** The page the code arrived on: the browser's `location` and `history`, or fakes in tests. */
export interface HandOffPage {
  location: Pick<Location, 'pathname' | 'search' | 'hash'>;
  history: Pick<History, 'replaceState' | 'state'>;
  /** Leaves for `url`, replacing the current entry of the history (`location.replace`). */
  navigate(url: string): void;
}

export type HandOffHost = Pick<WeComHost, 'api' | 'setSession' | 'signInPath' | 'targetOf' | 'defaultTarget' | 'appPaths'>;

export type HandOffOutcome =
  /** No hand-off code in the address. */
  | { kind: 'none' }
  /** The token is stored; `authenticator` issued it. */
  | { kind: 'redeemed'; authenticator: string }
  /** The page is leaving for the sign-in page, which shows `message`. */
  | { kind: 'failed'; authenticator: string; message: string; signInUrl: string };

/** This lane's sign-in page showing `error` for `authenticator`, coming back to `redirect` afterwards. */
export function signInUrlWithError(signInPath: string, query: { authenticator: string; error: string; redirect: string }): string {
  return `${signInPath}?${new URLSearchParams(query).toString()}`;
}

/** Redeems the page's hand-off code, if it has one. See the top of this file. */
export async function redeemHandOff(host: HandOffHost, page: HandOffPage): Promise<HandOffOutcome> {
  const { pathname, search: rawSearch, hash } = page.location;
  const params = new URLSearchParams(rawSearch);
  if (!params.has(HAND_OFF_CODE_PARAM)) return { kind: 'none' };
  const code = params.get(HAND_OFF_CODE_PARAM) ?? '';
  const authenticator = params.get(AUTHENTICATOR_PARAM) ?? '';

  const search = searchWithout(rawSearch, [HAND_OFF_CODE_PARAM, AUTHENTICATOR_PARAM]);
  page.history.replaceState(page.history.state, '', `${pathname}${search}${hash}`);
  // The server always names the authenticator; without it the code is not one of its landings.
  if (!authenticator) return { kind: 'none' };

  try {
    const response = await host.api.request({
      url: 'wecom:redeem',
      method: 'post',
      data: { code },
      skipNotify: true,
      // The answer is read here, before the app has a router: no error interceptor of the host may run on it.
      validateStatus: () => true,
    });
    if (typeof response.status === 'number' && response.status >= 400) {
      throw Object.assign(new Error(`HTTP ${response.status}`), { response });
    }
    const token = unwrap<{ token?: unknown }>(response)?.token;
    if (typeof token !== 'string' || token === '') throw new Error(INVALID_LINK_MESSAGE);
    host.setSession(token, authenticator);
    return { kind: 'redeemed', authenticator };
  } catch (error) {
    const message = errorMessage(error);
    const redirect = chooseTargetPath(host.targetOf(pathname, search), host.defaultTarget, host.defaultTarget, host.appPaths);
    const signInUrl = signInUrlWithError(host.signInPath, { authenticator, error: message, redirect });
    page.navigate(signInUrl);
    return { kind: 'failed', authenticator, message, signInUrl };
  }
}
