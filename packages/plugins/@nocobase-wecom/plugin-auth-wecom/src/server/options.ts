import { AUTHENTICATOR_FIELDS, type AuthenticatorSettings } from '../common/settings/authenticator';
import { OFFICIAL_WEB_LOGIN_HOST } from '../common/official-hosts';
import { publicSettings, readSettings } from '../common/settings/model';

export { isConfigured, type AuthenticatorSettings, type WeComConnection } from '../common/settings/authenticator';

/** An authenticator's `options`, read by the one field list (see common/settings/authenticator.ts). */
export function readOptions(raw: unknown): AuthenticatorSettings {
  return readSettings(AUTHENTICATOR_FIELDS, raw);
}


function hostOf(url: string | undefined, fallback: string): string {
  try {
    return url ? new URL(url).host : fallback;
  } catch {
    return fallback;
  }
}

/**
 * Only the public fields reach the browser (`authenticators:publicList`); the credentials never do. With the
 * login panel, also what the page needs to tell whether the panel can work there: the app's origin as set for
 * WeCom (public anyway: it is the page's own address) and the web-login host.
 */
export function getPublicOptions(raw: unknown): Record<string, unknown> {
  const result: Record<string, unknown> = publicSettings(AUTHENTICATOR_FIELDS, raw);
  if (result.signInMode === 'panel') {
    const settings = readOptions(raw);
    try {
      result.panelOrigin = new URL(settings.origin).origin;
    } catch {
      result.panelOrigin = '';
    }
    result.panelLoginHost = hostOf(settings.webLoginBaseUrl, OFFICIAL_WEB_LOGIN_HOST);
  }
  return result;
}
