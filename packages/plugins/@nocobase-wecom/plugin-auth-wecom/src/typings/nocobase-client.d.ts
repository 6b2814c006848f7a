/**
 * The parts of NocoBase's classic client (`@nocobase/client`, v1 UI at `/admin`) and of plugin-auth's v1
 * client that this plugin uses. The host page provides both at run time (requirejs); they are not on the
 * npm registry this project builds from. Shapes follow NocoBase 2.2's published `.d.ts` files.
 */
declare module '@nocobase/client' {
  import type { ISchema } from '@formily/react';
  import type { ComponentType, ReactNode } from 'react';
  import { HostApplication, HostPlugin } from '@nocobase-wecom/nocobase-host';

  export { APIClient, Auth, PluginManager } from '@nocobase-wecom/nocobase-host';

  export class Application extends HostApplication {
    /** A route of this (sub-)app as an href: `getHref('signin')` → `/signin`. */
    getHref(pathname: string): string;
    /** An entry of the classic avatar menu (the schema-settings list `userCenterSettings`), ordered by `sort`. */
    addUserCenterSettingsItem?(item: { name: string; Component: ComponentType; sort?: number; aclSnippet?: string }): void;
    flowEngine: { registerModels(models: Record<string, unknown>): void; getModelClass?(name: string): unknown };
    pluginSettingsManager: {
      /** `users-permissions.wecom`: a tab of Users & Permissions. */
      add(name: string, options: { title: string; icon?: string; Component: ComponentType; aclSnippet?: string; sort?: number; hidden?: boolean }): void;
    };
  }


  export class Plugin extends HostPlugin<Application> {}

  export function useApp(): Application;

  /** One item of a schema-settings menu, such as the classic avatar menu. */
  export const SchemaSettingsItem: ComponentType<{
    title: string;
    eventKey?: string;
    disabled?: boolean;
    onClick?: (info: unknown) => void;
    children?: ReactNode;
  }>;

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

  export type { Authenticator } from '@nocobase-wecom/nocobase-host';
  import type { Authenticator } from '@nocobase-wecom/nocobase-host';

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
