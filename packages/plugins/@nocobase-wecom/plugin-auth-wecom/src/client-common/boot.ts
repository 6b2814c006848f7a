import { isWeComBrowser, type PublicAuthenticatorLike } from './auto-login';
import { runAutoLogin, sessionStorageOrUndefined } from './auto-login-runner';
import { unwrap, type WeComHost } from './host';

/**
 * The boot-time half of automatic login, called from each lane's `Plugin.load()` on every full page load.
 * Outside WeCom it does nothing (not even a request).
 */
export async function bootAutoLogin(host: WeComHost, where: { onSignInPage: boolean; currentTarget: string }): Promise<void> {
  if (!isWeComBrowser(navigator.userAgent)) return;
  let authenticators: PublicAuthenticatorLike[] = [];
  try {
    const response = await host.api.request({ url: 'authenticators:publicList', method: 'get', skipNotify: true });
    const list = unwrap<unknown>(response);
    if (Array.isArray(list)) authenticators = list as PublicAuthenticatorLike[];
  } catch {
    return;
  }
  runAutoLogin(
    {
      userAgent: navigator.userAgent,
      search: window.location.search,
      storage: sessionStorageOrUndefined(),
      now: () => Date.now(),
      hasToken: host.hasToken(),
      entryApiUrl: host.apiUrl('wecom:entry'),
      locale: host.locale(),
      navigate: (url) => window.location.replace(url),
      clearToken: () => host.clearToken(),
    },
    { place: 'boot', onSignInPage: where.onSignInPage, currentTarget: where.currentTarget, defaultTarget: host.defaultTarget, authenticators },
  );
}
