/**
 * The parts of NocoBase's classic client (`@nocobase/client`, v1 UI at `/admin`) and of plugin-auth's v1
 * client that this plugin uses. The host page provides both at run time (requirejs); they are not on the
 * npm registry this project builds from. Shapes follow NocoBase 2.2's published `.d.ts` files.
 */
declare module '@nocobase/client' {
  import type { ISchema } from '@formily/react';
  import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios';
  import type { ComponentType } from 'react';

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
    /** Absolute URL of an API path, e.g. `getApiUrl('wecom:entry')`. */
    getApiUrl(pathname?: string): string;
    /** `/` or `APP_PUBLIC_PATH`, with a trailing slash. */
    getPublicPath(): string;
    /** A route of this (sub-)app as an href: `getHref('signin')` → `/signin`. */
    getHref(pathname: string): string;
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

  /** Renders a Formily schema inside the surrounding form (here: relative to the drawer's `options`). */
  export const SchemaComponent: ComponentType<{
    schema: ISchema;
    scope?: Record<string, unknown>;
    components?: Record<string, ComponentType<any>>;
  }>;
}

declare module '@nocobase/plugin-auth/client' {
  import type { Plugin } from '@nocobase/client';
  import type { ComponentType } from 'react';

  export type Authenticator = {
    name: string;
    authType: string;
    authTypeTitle: string;
    title?: string;
    /** The public options, flattened (`options.public.x` arrives as `options.x`). */
    options?: Record<string, unknown>;
    sort?: number;
  };

  export type AuthOptions = {
    components: Partial<{
      SignInForm: ComponentType<{ authenticator: Authenticator }>;
      SignInButton: ComponentType<{ authenticator: Authenticator }>;
      SignUpForm: ComponentType<{ authenticatorName: string }>;
      /** Rendered inside the authenticator drawer's `options` object field; receives no props. */
      AdminSettingsForm: ComponentType;
    }>;
  };

  export default class PluginAuthClient extends Plugin {
    registerType(authType: string, options: AuthOptions): void;
  }
}
