import type { Application } from '@nocobase/client';
import type { WeComHost } from '../client-common/host';

/** The classic UI's app as the shared components see it. v1 targets are app paths: `/admin`, not `/nocobase/admin`. */
export function v1Host(app: Application): WeComHost {
  return {
    api: { request: (config) => app.apiClient.request(config) },
    apiUrl: (action) => app.getApiUrl(action),
    defaultTarget: '/admin',
    hasToken: () => Boolean(app.apiClient.auth.token),
    clearToken: () => {
      app.apiClient.auth.setToken(null);
      app.apiClient.auth.setAuthenticator(null);
    },
    locale: () => app.apiClient.auth.locale || app.i18n?.language || undefined,
  };
}
