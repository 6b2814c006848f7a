import type { AxiosInstance } from 'axios';

/**
 * Save errors of the authenticators drawer, relayed to our settings form.
 *
 * The drawer's Submit belongs to plugin-auth (both lanes): it posts `authenticators:create|update` and, on
 * a 400, leaves the drawer open with NocoBase's global notification. Our form cannot see that request, so
 * the lanes install this response interceptor on the API client; the form shows what it relays right
 * next to the fields (the server has already translated it from the request's `X-Locale`).
 */
export const SAVE_ERROR_EVENT = 'nocobase-wecom:authenticator-save';

export interface SaveOutcome {
  ok: boolean;
  messages: string[];
}

const SAVE_ACTION = /(^|\/)authenticators:(create|update)(\?|$)/;

export function isAuthenticatorSave(url: string | undefined): boolean {
  return typeof url === 'string' && SAVE_ACTION.test(url);
}

interface AxiosLikeError {
  config?: { url?: string };
  response?: { status?: number; data?: { errors?: Array<{ message?: unknown }> } };
}

export function outcomeOfError(error: unknown): SaveOutcome | undefined {
  const { config, response } = (error ?? {}) as AxiosLikeError;
  if (!isAuthenticatorSave(config?.url) || !response) return undefined;
  const messages = (response.data?.errors ?? [])
    .map((item) => item?.message)
    .filter((message): message is string => typeof message === 'string' && message !== '');
  return { ok: false, messages: messages.length ? messages : [`HTTP ${response.status ?? '?'}`] };
}

const bus: EventTarget = typeof window !== 'undefined' ? window : new EventTarget();

export function publishSaveOutcome(outcome: SaveOutcome): void {
  bus.dispatchEvent(new CustomEvent<SaveOutcome>(SAVE_ERROR_EVENT, { detail: outcome }));
}

export function subscribeSaveOutcome(listener: (outcome: SaveOutcome) => void): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<SaveOutcome>).detail);
  bus.addEventListener(SAVE_ERROR_EVENT, handler);
  return () => bus.removeEventListener(SAVE_ERROR_EVENT, handler);
}

/** Installs the relay once per API client; it never changes a response, it only listens. */
export function installSaveOutcomeRelay(axios: AxiosInstance): void {
  const marked = axios as AxiosInstance & { __wecomSaveRelay?: boolean };
  if (marked.__wecomSaveRelay) return;
  marked.__wecomSaveRelay = true;
  axios.interceptors.response.use(
    (response) => {
      if (isAuthenticatorSave(response?.config?.url)) publishSaveOutcome({ ok: true, messages: [] });
      return response;
    },
    (error) => {
      const outcome = outcomeOfError(error);
      if (outcome) publishSaveOutcome(outcome);
      return Promise.reject(error);
    },
  );
}
