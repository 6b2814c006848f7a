/**
 * Where a sign-in may land: one rule for the server (the target it stores and the workbench path an admin saves),
 * the automatic login and the sign-in button. Pure: no NocoBase, no DOM.
 *
 * A target is a root-relative path to one of the app's pages. After a sign-in the browser lands there with a
 * one-time hand-off code, so a target that is an API action (`/api/users:destroy?…`), a file, or a path that
 * climbs out of the app (`/nocobase/../api/…`) would let a link act with the member's rights.
 */

export interface AppPaths {
  /** `APP_PUBLIC_PATH`, e.g. `/` or `/nocobase/`. */
  appPublicPath?: string;
  /** `API_BASE_PATH`, e.g. `/api/`. */
  apiBasePath?: string;
  /** `WS_PATH`, e.g. `/ws`. */
  wsPath?: string;
}

const MAX_LENGTH = 2048;
const MAX_DECODE_ROUNDS = 5;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Never pages: NocoBase serves uploaded files and built assets there. */
const FILE_PREFIXES = ['/storage/', '/static/'];

/** `nocobase/` → `/nocobase/`; '' and '/' → '/'. */
export function normalizeBasePath(value: string | undefined, fallback: string): string {
  const trimmed = (value ?? '').trim() || fallback;
  const inner = trimmed.replace(/^\/+|\/+$/g, '');
  return inner ? `/${inner}/` : '/';
}

function pathPart(value: string): string {
  const end = value.search(/[?#]/);
  return end === -1 ? value : value.slice(0, end);
}

function isSafeLayer(layer: string): boolean {
  if (!layer.startsWith('/') || layer.startsWith('//') || layer.includes('\\') || CONTROL.test(layer)) return false;
  // `.` and `..` segments move the path once the browser resolves it: out of APP_PUBLIC_PATH, into the API.
  return !pathPart(layer)
    .split('/')
    .some((segment) => segment === '.' || segment === '..');
}

/** Whether `path` is `prefix` itself (`/api`, `/api/`) or below it. Case-insensitive: some servers are. */
function isUnder(path: string, prefix: string): boolean {
  const lower = path.toLowerCase();
  const base = prefix.toLowerCase().replace(/\/+$/, '');
  if (!base) return true;
  return lower === base || lower.startsWith(`${base}/`) || lower.startsWith(`${base}?`) || lower.startsWith(`${base}#`);
}

/** The prefixes that are not pages, at the root and under the public path. */
function forbiddenPrefixes(paths: AppPaths): string[] {
  const publicPath = normalizeBasePath(paths.appPublicPath, '/');
  const apiBase = normalizeBasePath(paths.apiBasePath, '/api/');
  const ws = normalizeBasePath(paths.wsPath, '/ws');
  const prefixes = new Set<string>();
  for (const prefix of [apiBase, ws, ...FILE_PREFIXES, '/api/']) {
    prefixes.add(prefix);
    if (publicPath === '/') continue;
    // A classic-UI target is relative to the public path (NocoBase puts it in front), so both spellings count.
    if (prefix.startsWith(publicPath)) prefixes.add(`/${prefix.slice(publicPath.length)}`);
    else prefixes.add(`${publicPath}${prefix.slice(1)}`);
  }
  return [...prefixes];
}

/**
 * `raw` when it is a page of this app, else undefined. Every percent-decoded layer is checked, so
 * `/%2F%2Fevil.com`, `/%252e%252e/api` and `/%61pi/users:destroy` are refused like their plain forms.
 */
export function checkTargetPath(raw: unknown, paths: AppPaths = {}): string | undefined {
  if (typeof raw !== 'string' || raw === '' || raw.length > MAX_LENGTH) return undefined;
  const forbidden = forbiddenPrefixes(paths);
  let layer = raw;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round += 1) {
    if (!isSafeLayer(layer)) return undefined;
    const path = pathPart(layer);
    if (forbidden.some((prefix) => isUnder(path, prefix))) return undefined;
    let decoded: string;
    try {
      decoded = decodeURIComponent(layer);
    } catch {
      return undefined;
    }
    if (decoded === layer) return raw;
    layer = decoded;
  }
  return undefined;
}

/** The query parameters that carry a sign-in into the page; a target never brings its own. */
export const HAND_OFF_PARAMS = ['token', 'authenticator', 'wecom_handoff', 'error'] as const;

/** The decoded name of one `name=value` pair of a query string. */
export function paramName(pair: string): string {
  const name = pair.split('=', 1)[0].replace(/\+/g, ' ');
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/**
 * Drops the hand-off parameters from a target's query: a link whose target carried someone else's token or
 * hand-off code would otherwise sign the person in as that someone (login CSRF).
 */
export function withoutHandOffParams(target: string): string {
  const hashAt = target.indexOf('#');
  const beforeHash = hashAt === -1 ? target : target.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : target.slice(hashAt);
  const queryAt = beforeHash.indexOf('?');
  if (queryAt === -1) return target;
  return `${beforeHash.slice(0, queryAt)}${searchWithout(beforeHash.slice(queryAt), HAND_OFF_PARAMS)}${hash}`;
}

/** `search` without the `names` parameters; the others stay exactly as written. `?` included when not empty. */
export function searchWithout(search: string, names: readonly string[]): string {
  const dropped = new Set(names);
  const kept = search
    .replace(/^\?/, '')
    .split('&')
    .filter((pair) => pair !== '' && !dropped.has(paramName(pair)));
  return kept.length > 0 ? `?${kept.join('&')}` : '';
}

/** The requested target when it is a page of the app, else `fallback` (itself checked), else `lastResort`. */
export function chooseTargetPath(requested: unknown, fallback: unknown, lastResort: string, paths: AppPaths = {}): string {
  const chosen = checkTargetPath(requested, paths) ?? checkTargetPath(fallback, paths) ?? lastResort;
  return withoutHandOffParams(chosen);
}
