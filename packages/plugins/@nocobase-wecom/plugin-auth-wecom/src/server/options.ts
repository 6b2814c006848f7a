/** What an authenticator of type WeCom stores in `authenticators.options`. */
export interface PublicOptions {
  autoSignup: boolean;
  autoLogin: boolean;
  redirectPath?: string;
  buttonText?: string;
  tooltip?: string;
}

export interface WeComSettings {
  corpId: string;
  agentId: string;
  secret: string;
  origin: string;
  apiBaseUrl?: string;
  oauthBaseUrl?: string;
  webLoginBaseUrl?: string;
}

export interface WeComOptions {
  public: PublicOptions;
  wecom: WeComSettings;
  /** Match an unbound member to the user whose `phone` is their mobile (`options.matchByPhone`, default on). */
  matchByPhone: boolean;
}

const PUBLIC_KEYS = ['autoSignup', 'autoLogin', 'redirectPath', 'buttonText', 'tooltip'] as const;

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function flag(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

export function readOptions(raw: unknown): WeComOptions {
  const options = record(raw);
  const pub = record(options.public);
  const wecom = record(options.wecom);
  return {
    public: {
      autoSignup: flag(pub.autoSignup, true),
      autoLogin: flag(pub.autoLogin, false),
      redirectPath: text(pub.redirectPath),
      buttonText: text(pub.buttonText),
      tooltip: text(pub.tooltip),
    },
    wecom: {
      corpId: text(wecom.corpId) ?? '',
      agentId: text(wecom.agentId) ?? '',
      secret: text(wecom.secret) ?? '',
      origin: text(wecom.origin) ?? '',
      apiBaseUrl: text(wecom.apiBaseUrl),
      oauthBaseUrl: text(wecom.oauthBaseUrl),
      webLoginBaseUrl: text(wecom.webLoginBaseUrl),
    },
    matchByPhone: flag(options.matchByPhone, true),
  };
}

/** Only these reach the browser (`authenticators:publicList`); `options.wecom` never does. */
export function getPublicOptions(raw: unknown): Record<string, unknown> {
  const { public: pub } = readOptions(raw);
  const result: Record<string, unknown> = {};
  for (const key of PUBLIC_KEYS) if (pub[key] !== undefined) result[key] = pub[key];
  return result;
}

export function isConfigured(settings: WeComSettings): boolean {
  return Boolean(settings.corpId && settings.agentId && settings.secret && settings.origin);
}
