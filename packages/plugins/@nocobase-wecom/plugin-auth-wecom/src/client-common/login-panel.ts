/**
 * Whether the sign-in page can show WeCom's login panel (`@wecom/jssdk`'s `createWWLoginPanel`), and why not. Pure:
 * the page passes in where it is; the reasons are i18n keys with their values.
 */
import { OFFICIAL_WEB_LOGIN_HOST } from '../common/official-hosts';

/** The panel is 320 × 380 px ("small"); below this width the page shows the button. */
export const PANEL_MIN_WIDTH = 360;

export interface PanelOptions {
  signInMode?: unknown;
  panelOrigin?: unknown;
  panelLoginHost?: unknown;
}

export interface PanelPlace {
  /** `window.location.origin`. */
  origin: string;
  hostname: string;
  viewportWidth: number;
  inWeCom: boolean;
}

export type PanelDecision =
  | { kind: 'panel' }
  /** The button, silently: the admin chose it, or the screen is narrow, or this is the WeCom app. */
  | { kind: 'button' }
  /** The button, with why the panel can't work here. */
  | { kind: 'fallback'; reason: string; values?: Record<string, string> };

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export const PANEL_REASONS = {
  localhost: 'The WeCom login panel does not work on localhost: open this page at the domain set as trusted in WeCom.',
  otherOrigin: 'The WeCom login panel works only at {{origin}}, the address set for WeCom; this page is at {{here}}.',
  otherLoginHost: "The WeCom login panel needs WeCom's own login service; this sign-in method uses {{host}}.",
  notLoaded: 'The WeCom login panel did not load: the browser may block content or cookies from WeCom, or WeCom cannot be reached.',
  loginFailed: 'WeCom did not sign you in: {{message}}',
} as const;

export function decidePanel(options: PanelOptions, place: PanelPlace): PanelDecision {
  if (options.signInMode !== 'panel' || place.inWeCom || place.viewportWidth < PANEL_MIN_WIDTH) return { kind: 'button' };
  if (LOCAL_HOSTS.has(place.hostname) || place.hostname.endsWith('.localhost')) return { kind: 'fallback', reason: PANEL_REASONS.localhost };
  const loginHost = typeof options.panelLoginHost === 'string' ? options.panelLoginHost : OFFICIAL_WEB_LOGIN_HOST;
  if (loginHost !== OFFICIAL_WEB_LOGIN_HOST) return { kind: 'fallback', reason: PANEL_REASONS.otherLoginHost, values: { host: loginHost } };
  const origin = typeof options.panelOrigin === 'string' ? options.panelOrigin : '';
  if (origin !== place.origin) return { kind: 'fallback', reason: PANEL_REASONS.otherOrigin, values: { origin: origin || '—', here: place.origin } };
  return { kind: 'panel' };
}

/** The panel's parameters from the web-login URL `wecom:getAuthUrl` answers (appid, agentid, redirect_uri, our state). */
export function panelParams(webLoginUrl: string, lang: string | undefined) {
  const url = new URL(webLoginUrl);
  const get = (name: string) => url.searchParams.get(name) ?? '';
  return {
    login_type: 'CorpApp',
    appid: get('appid'),
    agentid: get('agentid'),
    redirect_uri: get('redirect_uri'),
    state: get('state'),
    redirect_type: 'callback',
    panel_size: 'small',
    lang: lang?.toLowerCase().startsWith('zh') ? 'zh' : 'en',
  };
}

/** Where the page goes when the panel hands over the code: our callback, as WeCom's redirect would have. */
export function callbackLocation(redirectUri: string, code: string, state: string): string {
  const url = new URL(redirectUri);
  url.searchParams.set('code', code);
  url.searchParams.set('state', state);
  return url.toString();
}
