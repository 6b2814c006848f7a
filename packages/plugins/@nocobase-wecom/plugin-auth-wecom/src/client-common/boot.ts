import { isWeComBrowser, type PublicAuthenticatorLike } from './auto-login';
import { pageAutoLoginEnvironment, runAutoLogin } from './auto-login-runner';
import { redeemHandOff } from './hand-off';
import { unwrap, type WeComHost } from './host';

/** How long `Plugin.load()` holds the app back while the page leaves for the sign-in page. */
const LEAVING_TIMEOUT_MS = 10_000;

/**
 * Everything the plugin does on a full page load, before the app renders: called (and awaited) from each
 * lane's `Plugin.load()`. First the landing of a sign-in (redeem the hand-off code, hand-off.ts), then the
 * boot-time half of automatic login, which learns from the landing whether WeCom just confirmed the member.
 */
export async function bootWeCom(host: WeComHost): Promise<void> {
  const landing = await redeemHandOff(host, {
    location: window.location,
    history: window.history,
    navigate: (url) => window.location.replace(url),
  });
  if (landing.kind === 'failed') {
    // The page is on its way to the sign-in page: do not render (and route) the one it leaves.
    await new Promise((resolve) => setTimeout(resolve, LEAVING_TIMEOUT_MS));
    return;
  }
  const { pathname, search } = window.location;
  await bootAutoLogin(host, {
    onSignInPage: pathname === host.signInPath,
    currentTarget: host.targetOf(pathname, search),
    redeemed: landing.kind === 'redeemed' ? landing.authenticator : undefined,
  });
}

/**
 * The boot-time half of automatic login, on every full page load. Outside WeCom it does nothing (not even a
 * request).
 */
export async function bootAutoLogin(
  host: WeComHost,
  where: { onSignInPage: boolean; currentTarget: string; redeemed?: string },
): Promise<void> {
  if (!isWeComBrowser(navigator.userAgent)) return;
  let authenticators: PublicAuthenticatorLike[] = [];
  try {
    const response = await host.api.request({ url: 'authenticators:publicList', method: 'get', skipNotify: true });
    const list = unwrap<unknown>(response);
    if (Array.isArray(list)) authenticators = list as PublicAuthenticatorLike[];
  } catch {
    return;
  }
  runAutoLogin(pageAutoLoginEnvironment(host, window.location.search), {
    place: 'boot',
    onSignInPage: where.onSignInPage,
    currentTarget: where.currentTarget,
    defaultTarget: host.defaultTarget,
    appPaths: host.appPaths,
    redeemed: where.redeemed,
    authenticators,
  });
}
