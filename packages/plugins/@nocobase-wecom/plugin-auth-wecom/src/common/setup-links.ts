/**
 * What an admin copies into the WeCom console, computed from the authenticator's settings.
 * Pure (no NocoBase, no DOM): the server answers it from `wecom:setupInfo`, and both client lanes
 * show it live while the admin types.
 */
export interface SetupLinkInput {
  /** The app's public origin, e.g. `https://nocobase.example.com`. */
  origin: string;
  /** The authenticator's name (`authenticators.name`). */
  name: string;
  /** The "workbench application redirect link", a root-relative path such as `/m`. */
  redirectPath?: string;
  /** NocoBase's API base path; `/api/` unless API_BASE_PATH says otherwise. */
  apiBasePath?: string;
}

export interface SetupLinks {
  /** The static "workbench application homepage link" (starts the in-client sign-in). */
  homepageUrl: string;
  /** Where WeCom sends the browser back with a code. */
  callbackUrl: string;
  /** The short link a phone opens to confirm a PC sign-in (`?p=<pairing code>` is appended). */
  pairingUrl: string;
  /** 网页授权及JS-SDK → 可信域名: `host[:port]`, no scheme. */
  trustedDomain: string;
  /** 企业微信授权登录 → 授权回调域: `host[:port]`, no scheme. */
  webLoginDomain: string;
}

/** Returns undefined while the origin is not an absolute http(s) URL (e.g. half typed). */
export function computeSetupLinks({ origin, name, redirectPath, apiBasePath = '/api/' }: SetupLinkInput): SetupLinks | undefined {
  let url: URL;
  try {
    url = new URL(origin.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  // URL drops a default :80 / :443, which WeCom would not match (the trusted domain is compared with the port).
  const base = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  const api = `/${apiBasePath.replace(/^\/+|\/+$/g, '')}/`;
  const query = new URLSearchParams({ authenticator: name });
  if (redirectPath) query.set('redirect', redirectPath);
  return {
    homepageUrl: `${base}${api}wecom:entry?${query.toString()}`,
    callbackUrl: `${base}${api}wecom:callback`,
    pairingUrl: `${base}${api}wecom:pair`,
    trustedDomain: url.host,
    webLoginDomain: url.host,
  };
}
