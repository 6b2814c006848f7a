import type { Application } from '@nocobase/client-v2';
import { returnTarget } from '../client-common/auto-login';
import { apiBasePathOf, parentPath, type WeComHost } from '../client-common/host';

/**
 * The modern UI's app as the shared components see it. v2 targets keep the modern prefix (`/v/admin`):
 * the server's `buildRedirectPath` leaves a target that already starts with the public path as it is.
 */
export function v2Host(app: Application): WeComHost {
  return {
    api: { request: (config) => app.apiClient.request(config) },
    apiUrl: (action) => app.getApiUrl(action),
    defaultTarget: app.getRouteUrl('admin'),
    appPaths: {
      // The modern UI's public path is APP_PUBLIC_PATH plus its prefix: `/v/`, `/nocobase/v/`.
      appPublicPath: parentPath(app.getPublicPath()),
      apiBasePath: apiBasePathOf(app.apiClient.axios.defaults.baseURL, window.location.origin),
    },
    signInPath: app.getRouteUrl('signin'),
    targetOf: (pathname, search) => returnTarget(pathname, search),
    hasToken: () => Boolean(app.apiClient.auth.token),
    setSession: (token, authenticator) => {
      app.apiClient.auth.setToken(token);
      app.apiClient.auth.setAuthenticator(authenticator);
    },
    locale: () => app.apiClient.auth.locale || app.i18n?.language || undefined,
  };
}
