import type { AppPaths } from '../common/target-path';

/**
 * What the shared UI needs from the host app, so the same components run in both client lanes:
 * the lanes build it from `useApp()` (v1 `@nocobase/client`, v2 `@nocobase/client-v2`).
 */
export interface ApiRequest {
  url: string;
  method?: 'get' | 'post';
  headers?: Record<string, string>;
  params?: Record<string, string>;
  data?: unknown;
  /** NocoBase's API client: do not pop its global error notification (we show the error in place). */
  skipNotify?: boolean;
  /**
   * axios: which statuses resolve instead of reject. An error response otherwise runs the host's error
   * interceptors, and the classic UI's (plugin-auth) reads the router, which does not exist yet in `load()`.
   */
  validateStatus?: (status: number) => boolean;
}

export interface ApiLike {
  request(config: ApiRequest): Promise<{ data?: unknown; status?: number }>;
}

export interface WeComHost {
  api: ApiLike;
  /** Absolute URL of an API action, e.g. `https://app.example.com/api/wecom:entry`. */
  apiUrl(action: string): string;
  /** Where a sign-in lands when the sign-in page has no `redirect`: `/admin` (v1) or `/v/admin` (v2). */
  defaultTarget: string;
  /**
   * The app's public path and API base path as this page knows them: what `checkTargetPath` needs to tell a
   * page of the app from an API action or a file (see common/target-path.ts).
   */
  appPaths: AppPaths;
  /** This lane's sign-in page as an href of the current origin: `/signin` (v1, after the public path) or `/v/signin`. */
  signInPath: string;
  /** The page at `pathname` + `search` as a sign-in target of this lane, without hand-off params. */
  targetOf(pathname: string, search: string): string;
  /** Whether NocoBase has a token stored in this browser. */
  hasToken(): boolean;
  /** Stores a token where NocoBase's API client keeps it, with the authenticator that issued it. */
  setSession(token: string, authenticator: string): void;
  /** The UI language (`zh-CN`), sent along so the server answers in it. */
  locale(): string | undefined;
}

/** `{ data: X }` (NocoBase's dataWrapping) → X. */
export function unwrap<T = Record<string, unknown>>(response: { data?: unknown } | undefined): T | undefined {
  const body = response?.data as { data?: unknown } | undefined;
  if (body && typeof body === 'object' && 'data' in body) return body.data as T;
  return body as T | undefined;
}

/** The message NocoBase puts in `{ errors: [{ message }] }`, or the transport's own. */
export function errorMessage(error: unknown): string {
  const response = (error as { response?: { data?: { errors?: Array<{ message?: unknown }> } } })?.response;
  const first = response?.data?.errors?.[0]?.message;
  if (typeof first === 'string' && first) return first;
  const message = (error as { message?: unknown })?.message;
  return typeof message === 'string' && message ? message : String(error);
}

/** The API base path (`/api/`) from the API client's base URL, which may be absolute. */
export function apiBasePathOf(baseURL: string | undefined, origin: string): string {
  try {
    const path = new URL(baseURL || '/api/', origin).pathname;
    return path.endsWith('/') ? path : `${path}/`;
  } catch {
    return '/api/';
  }
}

/**
 * APP_PUBLIC_PATH from the modern UI's public path: `/nocobase/v/` → `/nocobase/`, `/v/` → `/`.
 * The modern UI lives one segment (its prefix) below the app's public path.
 */
export function parentPath(publicPath: string | undefined): string {
  const trimmed = (publicPath || '/').replace(/\/+$/, '');
  const cut = trimmed.lastIndexOf('/');
  return cut <= 0 ? '/' : `${trimmed.slice(0, cut)}/`;
}
