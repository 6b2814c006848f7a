/** The authenticator type admins pick under Authentication → Add. Stored in `authenticators.authType`. */
export const authType = 'WeCom';

/** The i18n namespace: NocoBase loads `src|dist/locale/<lang>.json` of a plugin under its package name. */
export const namespace = '@nocobase-wecom/plugin-auth-wecom';

/** The public resource that carries the sign-in flows (`/api/wecom:getAuthUrl`, `wecom:entry`, `wecom:callback`). */
export const resourceName = 'wecom';
