/**
 * The host of a redirect_uri exactly as written, port included: WeCom compares it with the trusted
 * domain character for character, so `https://a.com:443/` needs `a.com:443` (A2, JeecgBoot#5947).
 * WHATWG URL would drop the default port, so this parses by hand. Null when it is not an http(s) URL.
 */
export function redirectHostOf(redirectUri: string): string | null {
  const match = /^https?:\/\/([^/?#]*)/i.exec(redirectUri);
  if (!match || match[1] === undefined) return null;
  const authority = match[1];
  const host = authority.slice(authority.lastIndexOf('@') + 1).toLowerCase();
  return host === '' || /\s/.test(host) ? null : host;
}

/**
 * Adds query parameters to a redirect_uri, keeping its own query and putting them before any fragment,
 * as WeCom does (a hash-router callback lands as `/?code=..&state=..#/login`, A3.3).
 */
export function appendQuery(redirectUri: string, params: ReadonlyArray<readonly [string, string]>): string {
  const hashAt = redirectUri.indexOf('#');
  const base = hashAt === -1 ? redirectUri : redirectUri.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : redirectUri.slice(hashAt);
  const added = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${separator}${added}${fragment}`;
}

/** `a-zA-Z0-9`, at most 128 bytes; otherwise WeCom's 84025 (A2). */
export const STATE_PATTERN = /^[A-Za-z0-9]{0,128}$/;
