/**
 * The parts of NocoBase's modern client (`@nocobase/client-v2`, the UI under `/v/`) and of plugin-auth's
 * v2 client that this plugin uses. Provided by the host page at run time (requirejs), not installable
 * here. Shapes follow NocoBase 2.2 (`packages/core/client-v2/src/{Plugin,BaseApplication}.ts`,
 * `plugin-auth/src/client-v2/plugin.tsx`).
 */
declare module '@nocobase/client-v2' {
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

  export class Application {
    apiClient: APIClient;
    pm: PluginManager;
    /** The app's i18next instance. */
    i18n: { language: string };
    getApiUrl(pathname?: string): string;
    /** The modern client's public path, e.g. `/v/` (or `/nocobase/v/`). */
    getPublicPath(): string;
    /** `getPublicPath()` + route: `getRouteUrl('signin')` → `/v/signin`. */
    getRouteUrl(pathname: string): string;
  }

  export class Plugin {
    constructor(options: unknown, app: Application);
    protected app: Application;
    get pm(): PluginManager;
    afterAdd(): Promise<void>;
    beforeLoad(): Promise<void>;
    load(): Promise<void>;
  }

  export function useApp(): Application;
}

declare module '@nocobase/plugin-auth/client-v2' {
  import type { Plugin } from '@nocobase/client-v2';
  import type { ComponentType } from 'react';

  export type Authenticator = {
    name: string;
    authType: string;
    authTypeTitle: string;
    title?: string;
    options?: Record<string, unknown>;
    sort?: number;
  };

  type LoaderOf<P = Record<string, never>> = () => Promise<{ default: ComponentType<P> }>;

  /** v2 accepts lazy loaders only; synchronous component references are not supported. */
  export type AuthOptions = {
    signInFormLoader?: LoaderOf<{ authenticator: Authenticator }>;
    signUpFormLoader?: LoaderOf<{ authenticatorName: string }>;
    signInButtonLoader?: LoaderOf<{ authenticator: Authenticator }>;
    /** Rendered inside the antd `Form` of the authenticator drawer; fields use absolute names (`['options', …]`). */
    adminSettingsFormLoader?: LoaderOf;
  };

  export default class PluginAuthClientV2 extends Plugin {
    registerType(authType: string, options: AuthOptions): void;
  }
}
