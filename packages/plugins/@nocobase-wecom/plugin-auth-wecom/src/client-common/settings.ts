/**
 * The settings form, lane-neutral: which fields exist, where they are stored, their defaults and checks.
 * The v1 lane turns this into a Formily schema, the v2 lane into antd `Form.Item`s.
 */

/** Storage paths under `authenticators.options` (the server reads exactly these). */
export const FIELD_PATHS = {
  autoSignup: ['public', 'autoSignup'],
  corpId: ['wecom', 'corpId'],
  agentId: ['wecom', 'agentId'],
  secret: ['wecom', 'secret'],
  origin: ['wecom', 'origin'],
  redirectPath: ['public', 'redirectPath'],
  autoLogin: ['public', 'autoLogin'],
  apiBaseUrl: ['wecom', 'apiBaseUrl'],
  oauthBaseUrl: ['wecom', 'oauthBaseUrl'],
  webLoginBaseUrl: ['wecom', 'webLoginBaseUrl'],
  buttonText: ['public', 'buttonText'],
  tooltip: ['public', 'tooltip'],
} as const;

export type FieldName = keyof typeof FIELD_PATHS;

/** The labels and help texts, in the seeds' wording (the English sentence is the translation key). */
export const LABELS = {
  autoSignup: 'When a phone number does not match an existing user, should a new user be created automatically',
  corpId: 'Company ID',
  agentId: 'AgentId',
  secret: 'Secret',
  origin: 'Origin',
  originHelp: 'The domain name of the current application, for example: https://example.app.com',
  redirectPath: 'Workbench application redirect link',
  redirectPathHelp: 'In-app path, for example: /m',
  autoLogin: 'Automatic login',
  autoLoginHelp:
    'After enabling this option, open the application links in the WeCom chat dialog will automatically log in, and the application links can also be configured on the home page of the workbench application, and only one WeCom authenticator can enable this option.',
  homepageUrl: 'Workbench application homepage link',
  homepageUrlHelp: 'Paste it as the application homepage of the WeCom app (Workbench → application homepage).',
  trustedDomain: 'Trusted domain',
  trustedDomainHelp: 'In the WeCom admin console: the app → Web authorization and JS-SDK → trusted domain.',
  webLoginDomain: 'Web login callback domain',
  webLoginDomainHelp: 'In the WeCom admin console: the app → WeCom authorized login → authorized callback domain.',
  linksPending: 'Enter a valid origin to see this value.',
  advanced: 'Advanced',
  apiBaseUrl: 'API base URL',
  apiBaseUrlHelp: 'Leave empty for https://qyapi.weixin.qq.com. Set it for a WeCom private deployment or a test emulator.',
  oauthBaseUrl: 'OAuth base URL',
  oauthBaseUrlHelp: 'Leave empty for https://open.weixin.qq.com.',
  webLoginBaseUrl: 'Web login base URL',
  webLoginBaseUrlHelp: 'Leave empty for https://login.work.weixin.qq.com.',
  buttonText: 'Button text',
  buttonTextHelp: 'Shown on the sign-in page. Leave empty for "Sign in with WeCom".',
  tooltip: 'Tooltip',
  tooltipHelp: 'Shown when the pointer rests on the sign-in button.',
  required: 'This field is required',
} as const;

/** Messages of the client-side checks (translation keys); the server applies the same rules on save. */
export const MESSAGES = {
  absoluteUrl: 'Enter an absolute address such as https://example.com',
  originOnly: 'Enter the origin only (scheme, host and port), without a path',
  inAppPath: 'Enter an in-app path that starts with /, for example: /m',
} as const;

/** Defaults of a new authenticator: auto sign-up on, automatic login off, origin = this app. */
export function defaultValues(currentOrigin: string) {
  return { autoSignup: true, autoLogin: false, origin: currentOrigin };
}

/** Same rule as the server: an absolute http(s) URL without a path, query or fragment. Returns a message key. */
export function checkOrigin(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return MESSAGES.absoluteUrl;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return MESSAGES.absoluteUrl;
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    return MESSAGES.originOnly;
  }
  return undefined;
}

/** Same rule as the server: a root-relative path such as `/m`. Returns a message key. */
export function checkRedirectPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const path = value.trim();
  if (!path.startsWith('/') || /^\/[/\\]/.test(path) || path.includes('\\')) return MESSAGES.inAppPath;
  return undefined;
}

/** Same rule as the server: an absolute http(s) URL. Returns a message key. */
export function checkHostUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    const url = new URL(value.trim());
    if (url.protocol === 'http:' || url.protocol === 'https:') return undefined;
  } catch {
    // fall through
  }
  return MESSAGES.absoluteUrl;
}
