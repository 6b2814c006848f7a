/**
 * The WeCom authenticators an admin can pick for a notification channel (`authenticators:list`, an admin
 * action). Pure, apart from the request it is handed.
 */
import { authType } from '../../constants';

/** The part of NocoBase's API client (v1 and v2) this uses. */
export interface ListApi {
  request(config: { url: string; method?: 'get'; params?: Record<string, unknown> }): Promise<{ data?: unknown }>;
}

export interface AuthenticatorOption {
  value: string;
  label: string;
  disabled: boolean;
}

interface Row {
  name?: unknown;
  title?: unknown;
  authType?: unknown;
  enabled?: unknown;
}

/**
 * Rows of `authenticators:list` → the choices: enabled WeCom authenticators, by title; the current value stays
 * listed (marked disabled) when it is no longer enabled, so the form does not show a bare name.
 */
export function authenticatorOptions(rows: unknown, current?: unknown): AuthenticatorOption[] {
  const list = Array.isArray(rows) ? (rows as Row[]) : [];
  const options: AuthenticatorOption[] = [];
  for (const row of list) {
    if (!row || typeof row.name !== 'string' || !row.name || row.authType !== authType) continue;
    const enabled = row.enabled !== false;
    if (!enabled && row.name !== current) continue;
    const title = typeof row.title === 'string' && row.title.trim() ? row.title.trim() : '';
    options.push({ value: row.name, label: title && title !== row.name ? `${title} (${row.name})` : row.name, disabled: !enabled });
  }
  return options;
}

/** The rows of a list response (`{ data: [...] }`, or the array itself). */
export function listRows(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  const data = body && typeof body === 'object' ? (body as { data?: unknown }).data : undefined;
  return Array.isArray(data) ? data : [];
}

export async function fetchWeComAuthenticators(api: ListApi): Promise<unknown[]> {
  const response = await api.request({
    url: 'authenticators:list',
    method: 'get',
    params: { filter: { authType }, paginate: false, sort: ['sort'] },
  });
  return listRows(response.data);
}
