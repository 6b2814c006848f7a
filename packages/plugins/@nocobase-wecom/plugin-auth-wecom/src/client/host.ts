import type { Application } from '@nocobase/client';
import { returnTarget, withoutPublicPath } from '../client-common/auto-login';
import { apiBasePathOf, type WeComHost } from '../client-common/host';

/** The classic UI's app as the shared components see it. v1 targets are app paths: `/admin`, not `/nocobase/admin`. */
export function v1Host(app: Application): WeComHost {
  const publicPath = app.getPublicPath();
  return {
    api: { request: (config) => app.apiClient.request(config) },
    apiUrl: (action) => app.getApiUrl(action),
    defaultTarget: '/admin',
    appPaths: {
      appPublicPath: publicPath,
      apiBasePath: apiBasePathOf(app.apiClient.axios.defaults.baseURL, window.location.origin),
    },
    signInPath: app.getHref('signin'),
    targetOf: (pathname, search) => returnTarget(withoutPublicPath(pathname, publicPath), search),
    hasToken: () => Boolean(app.apiClient.auth.token),
    setSession: (token, authenticator) => {
      app.apiClient.auth.setToken(token);
      app.apiClient.auth.setAuthenticator(authenticator);
    },
    locale: () => app.apiClient.auth.locale || app.i18n?.language || undefined,
  };
}
