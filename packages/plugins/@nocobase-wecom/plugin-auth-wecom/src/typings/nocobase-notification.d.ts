/**
 * The parts of NocoBase's notification manager (v1 `…/client`, v2 `…/client-v2`) and of the workflow plugin's
 * v2 client that the WeCom channel's forms use. Provided by the host page at run time (requirejs). Shapes follow
 * NocoBase 2.2.15 (`plugin-notification-manager/dist/client{,-v2}/index.d.ts`,
 * `plugin-workflow/dist/client-v2/index.d.ts`).
 */
declare module '@nocobase/plugin-notification-manager/client' {
  import type { Plugin } from '@nocobase/client';
  import type { ComponentType } from 'react';

  export type RegisterChannelOptions = {
    title: string;
    type: string;
    components: {
      /** Rendered inside the channel form's `options` object field. */
      ChannelConfigForm: ComponentType;
      /** Rendered inside the message (a void/object field): field names are relative. */
      MessageConfigForm?: ComponentType<{ variableOptions: unknown }>;
      ContentConfigForm?: ComponentType<{ variableOptions?: unknown }>;
    };
    meta?: { creatable?: boolean; editable?: boolean; deletable?: boolean };
  };

  export default class PluginNotificationManagerClient extends Plugin {
    registerChannelType(options: RegisterChannelOptions): void;
  }

  /** A Formily field component: a user (id) or a variable; `variableOptions` is the Variable.Input scope. */
  export const UserSelect: ComponentType<{ value?: unknown; onChange?: (value: unknown) => void; variableOptions?: unknown }>;
  /** The "add" button of an `ArrayItems` of `UserSelect`s (reads the array field from context). */
  export const UserAddition: ComponentType;
}

declare module '@nocobase/plugin-notification-manager/client-v2' {
  import type { Plugin } from '@nocobase/client-v2';
  import type { ComponentType } from 'react';

  export type LoaderOf<P = Record<string, never>> = () => Promise<{ default: ComponentType<P> }>;
  export type FormNamePrefix = Array<string | number>;
  /** `variableOptions` is the flow engine's `MetaTreeNode[]`. */
  export type MessageConfigFormProps = { variableOptions?: unknown[]; namePrefix?: FormNamePrefix };
  export type ContentConfigFormProps = { variableOptions?: unknown[]; channelType?: string; namePrefix?: FormNamePrefix };

  export type RegisterChannelOptions = {
    title: string;
    type: string;
    components: {
      /** Rendered inside the channel drawer's antd `Form`: names are absolute (`['options', …]`). */
      ChannelConfigFormLoader?: LoaderOf;
      MessageConfigFormLoader?: LoaderOf<MessageConfigFormProps>;
      ContentConfigFormLoader?: LoaderOf<ContentConfigFormProps>;
    };
    meta?: { creatable?: boolean; editable?: boolean; deletable?: boolean };
  };

  export default class PluginNotificationManagerClientV2 extends Plugin {
    registerChannelType(options: RegisterChannelOptions): void;
  }

  export type UserSelectValue = number | string | { filter?: Record<string, unknown> };
  export function UserSelect(props: {
    value?: UserSelectValue | null;
    onChange?: (next: UserSelectValue) => void;
    variableOptions?: unknown[];
    disabled?: boolean;
  }): JSX.Element;
  export function UserAddition(props: {
    value?: Array<UserSelectValue>;
    onChange?: (next: Array<UserSelectValue>) => void;
    disabled?: boolean;
  }): JSX.Element;
}

declare module '@nocobase/plugin-workflow/client-v2' {
  type VariableTextProps = {
    value?: string;
    onChange?: (value: string) => void;
    disabled?: boolean;
    placeholder?: string;
    /** An explicit variable tree (`MetaTreeNode[]`), as the notification forms pass it. */
    metaTree?: unknown[];
  };
  export function WorkflowVariableInput(props: VariableTextProps): JSX.Element;
  export function WorkflowVariableTextArea(
    props: VariableTextProps & { autoSize?: boolean | { minRows?: number; maxRows?: number }; delimiters?: readonly [string, string] },
  ): JSX.Element;
  type WorkflowFieldLike = { collectionName?: string; isForeignKey?: boolean; name?: string; target?: string; type?: string };
  export function isUserKeyField(field: WorkflowFieldLike): boolean;
  export function useWorkflowVariableOptions(options?: { types?: unknown[] }): unknown[];
}
