/**
 * Joins a configured base URL (which may carry a path prefix, as private WeCom
 * deployments and reverse proxies do) with an endpoint path.
 *
 * `new URL('/cgi-bin/gettoken', 'https://proxy.example.com/wecom')` would drop
 * the `/wecom` prefix, so the join is done by hand.
 */
export function joinUrl(baseUrl: string, path: string): URL {
  const base = parseHttpUrl(baseUrl, 'base URL');
  if (base.search !== '' || base.hash !== '') {
    throw new TypeError('A WeCom base URL must not contain a query string or a fragment');
  }
  if (base.username !== '' || base.password !== '') {
    // fetch refuses such URLs and quotes the whole URL, token included, in its error.
    throw new TypeError('A WeCom base URL must not contain a user name or password');
  }
  const prefix = base.pathname.replace(/\/+$/, '');
  const suffix = path.startsWith('/') ? path : `/${path}`;
  base.pathname = `${prefix}${suffix}`;
  return base;
}

/** Parses an absolute http(s) URL or throws a TypeError naming what was expected. */
export function parseHttpUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`The ${what} must be an absolute http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`The ${what} must be an absolute http(s) URL`);
  }
  return url;
}
