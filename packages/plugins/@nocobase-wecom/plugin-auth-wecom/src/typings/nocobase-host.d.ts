/**
 * What both NocoBase clients (`@nocobase/client`, the classic UI, and `@nocobase/client-v2`, the modern UI)
 * have in common, as this plugin uses it. The host page provides both clients at run time (requirejs); they
 * are not on the npm registry this project builds from. Shapes follow NocoBase 2.2. Types only: nothing
 * imports this module at run time.
 */
declare module '@nocobase-wecom/nocobase-host' {
  import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios';

  export interface Auth {
    readonly token: string | null;
    readonly authenticator: string | null;
    /** The UI language the user picked (`NOCOBASE_LOCALE`), if any. */
    readonly locale: string | null;
    setToken(token: string | null): void;
    setAuthenticator(authenticator: string | null): void;
  }

  export class APIClient {
    axios: AxiosInstance;
    auth: Auth;
    request<T = unknown>(config: AxiosRequestConfig & { skipNotify?: boolean; skipAuth?: boolean }): Promise<AxiosResponse<T>>;
  }

  export class PluginManager {
    get<T>(plugin: abstract new (...args: never[]) => T): T;
  }

  export class HostApplication {
    apiClient: APIClient;
    pm: PluginManager;
    /** The app's i18next instance. */
    i18n: { language: string; t(key: string, options?: Record<string, unknown>): string };
    /** Absolute URL of an API path, e.g. `getApiUrl('wecom:entry')`. */
    getApiUrl(pathname?: string): string;
    /** v1: `/` or `APP_PUBLIC_PATH`; v2: the modern client's path, e.g. `/v/`. With a trailing slash. */
    getPublicPath(): string;
  }

  export class HostPlugin<App> {
    constructor(options: unknown, app: App);
    protected app: App;
    get pm(): PluginManager;
    afterAdd(): Promise<void>;
    beforeLoad(): Promise<void>;
    load(): Promise<void>;
  }

  /** An authenticator of `authenticators:publicList`; its public options arrive flattened (`options.x`). */
  export type Authenticator = {
    name: string;
    authType: string;
    authTypeTitle: string;
    title?: string;
    options?: Record<string, unknown>;
    sort?: number;
  };
}
