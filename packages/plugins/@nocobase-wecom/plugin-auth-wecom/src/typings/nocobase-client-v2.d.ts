/**
 * The parts of NocoBase's modern client (`@nocobase/client-v2`, the UI under `/v/`) and of plugin-auth's
 * v2 client that this plugin uses. Provided by the host page at run time (requirejs), not installable
 * here. Shapes follow NocoBase 2.2 (`packages/core/client-v2/src/{Plugin,BaseApplication}.ts`,
 * `plugin-auth/src/client-v2/plugin.tsx`).
 */
declare module '@nocobase/client-v2' {
  import type { ComponentType } from 'react';
  import { HostApplication, HostPlugin } from '@nocobase-wecom/nocobase-host';

  export { APIClient, Auth, PluginManager } from '@nocobase-wecom/nocobase-host';

  export class Application extends HostApplication {
    /** `getPublicPath()` + route: `getRouteUrl('signin')` → `/v/signin`. */
    getRouteUrl(pathname: string): string;
    flowEngine: { registerModels(models: Record<string, unknown>): void; getModelClass?(name: string): unknown };
    pluginSettingsManager: {
      has(key: string): boolean;
      addMenuItem(options: { key: string; title: string; isPinned?: boolean; sort?: number; icon?: string; showTabs?: boolean }): void;
      /** A tab of a settings page, e.g. `users-permissions` → `wecom`. */
      addPageTabItem(options: {
        menuKey: string;
        key: string;
        title: string;
        icon?: string;
        aclSnippet?: string;
        sort?: number;
        componentLoader: () => Promise<{ default: ComponentType }>;
      }): void;
      /** The Plugin Manager card's Settings link of `pluginName` opens the settings page `settingsName`. */
      setPluginSettingsLink?(pluginName: string, settingsName: string): void;
    };
  }


  export class Plugin extends HostPlugin<Application> {}

  export function useApp(): Application;
}

declare module '@nocobase/plugin-auth/client-v2' {
  import type { Plugin } from '@nocobase/client-v2';
  import type { ComponentType } from 'react';

  export type { Authenticator } from '@nocobase-wecom/nocobase-host';
  import type { Authenticator } from '@nocobase-wecom/nocobase-host';

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
