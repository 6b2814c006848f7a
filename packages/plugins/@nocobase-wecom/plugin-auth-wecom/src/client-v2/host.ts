import type { Application } from '@nocobase/client-v2';
import type { WeComHost } from '../client-common/host';

/**
 * The modern UI's app as the shared components see it. v2 targets keep the modern prefix (`/v/admin`):
 * the server's `buildRedirectPath` leaves a target that already starts with the public path as it is.
 */
export function v2Host(app: Application): WeComHost {
  return {
    api: { request: (config) => app.apiClient.request(config) },
    apiUrl: (action) => app.getApiUrl(action),
    defaultTarget: app.getRouteUrl('admin'),
    hasToken: () => Boolean(app.apiClient.auth.token),
    clearToken: () => {
      app.apiClient.auth.setToken(null);
      app.apiClient.auth.setAuthenticator(null);
    },
    locale: () => app.apiClient.auth.locale || app.i18n?.language || undefined,
  };
}
