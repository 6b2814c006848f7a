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
}

export interface ApiLike {
  request(config: ApiRequest): Promise<{ data?: unknown }>;
}

export interface WeComHost {
  api: ApiLike;
  /** Absolute URL of an API action, e.g. `https://app.example.com/api/wecom:entry`. */
  apiUrl(action: string): string;
  /** Where a sign-in lands when the sign-in page has no `redirect`: `/admin` (v1) or `/v/admin` (v2). */
  defaultTarget: string;
  /** Whether NocoBase has a token stored in this browser. */
  hasToken(): boolean;
  /** Drops the stored token (and authenticator): WeCom did not confirm who holds it. */
  clearToken(): void;
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
