/**
 * The WeCom notification channel in the classic UI: its channel form (the WeCom authenticator to send as) and
 * message form, registered with the notification manager (Formily, like plugin-notification-email). The
 * notification manager's client is loaded at run time (client-common/host-modules.ts), only when it is enabled.
 */
import { SchemaComponent, useApp, type Application } from '@nocobase/client';
import type * as NotificationManagerClient from '@nocobase/plugin-notification-manager/client';
import type * as NotificationManagerClientV2 from '@nocobase/plugin-notification-manager/client-v2';
import type * as WorkflowClientV2 from '@nocobase/plugin-workflow/client-v2';
import { useMemo, type ComponentType } from 'react';
import { CHANNEL_FIELDS, CHANNEL_TYPE } from '../common/settings/channel';
import type { CheckEnv } from '../common/settings/checks';
import { hostModule, pluginEnabled, type AppWithRequireJs } from '../client-common/host-modules';
import { messageSchema } from '../client-common/notifications/formily-message';
import { messageConfigForm as antdMessageConfigForm } from '../client-common/notifications/MessageConfigForm';
import { AUTHENTICATOR_SELECT, fieldKey, formilyField } from '../client-common/settings-form';
import { AuthenticatorSelect, type AuthenticatorSelectProps } from '../client-common/ui/AuthenticatorSelect';
import { useWeComT } from '../client-common/ui/useWeComT';

/** The channel's fields have no path checks: no app paths needed. */
const NO_PATHS: CheckEnv = {};

function WeComAuthenticatorSelect(props: Omit<AuthenticatorSelectProps, 'api'>) {
  const app = useApp();
  return <AuthenticatorSelect api={app.apiClient} {...props} />;
}

/** Inside the channel drawer's `options` field: names are relative to it (`options.authenticator`). */
export function WeComChannelConfigForm() {
  const t = useWeComT();
  const schema = useMemo(
    () => ({ type: 'object', properties: Object.fromEntries(CHANNEL_FIELDS.map((field) => [fieldKey(field), formilyField(field, NO_PATHS, t)])) }),
    [t],
  );
  return <SchemaComponent schema={schema} components={{ [AUTHENTICATOR_SELECT]: WeComAuthenticatorSelect }} />;
}

type ManagerModule = typeof NotificationManagerClient;

/** The message form, with the notification manager's user pickers (`UserSelect`, `UserAddition`). */
function messageConfigForm(manager: ManagerModule): ComponentType<{ variableOptions: unknown }> {
  const components = { UserSelect: manager.UserSelect, UserAddition: manager.UserAddition };
  return function WeComMessageConfigForm({ variableOptions }: { variableOptions: unknown }) {
    const t = useWeComT();
    const schema = useMemo(() => messageSchema(t, variableOptions), [t, variableOptions]);
    return <SchemaComponent schema={schema} components={components} />;
  };
}

interface ChannelRegistry {
  registerChannelType(options: Record<string, unknown>): void;
}

/** Registers the `wecom` channel type; call in the plugin's `load()`. Without the notification manager it does nothing. */
export async function registerWeComChannelV1(app: Application): Promise<boolean> {
  const host = app as unknown as AppWithRequireJs;
  if (!pluginEnabled(host, 'notification-manager')) return false;
  const manager = await hostModule<ManagerModule>(host, '@nocobase/plugin-notification-manager/client');
  const plugin = (manager ? app.pm.get(manager.default) : undefined) as unknown as ChannelRegistry | undefined;
  if (!manager || typeof plugin?.registerChannelType !== 'function') return false;
  // NocoBase 2.x's workflow notification node renders the notification manager's client-v2 message form in the
  // classic UI too: it asks the channel type for a `MessageConfigFormLoader` (an antd form), as the modern UI does.
  const managerV2 = await hostModule<typeof NotificationManagerClientV2>(host, '@nocobase/plugin-notification-manager/client-v2');
  const workflowV2 = pluginEnabled(host, 'workflow') ? await hostModule<typeof WorkflowClientV2>(host, '@nocobase/plugin-workflow/client-v2') : undefined;
  const MessageConfigFormV2 = managerV2 ? antdMessageConfigForm({ manager: managerV2, workflow: workflowV2 }) : undefined;
  plugin.registerChannelType({
    title: 'WeCom',
    type: CHANNEL_TYPE,
    components: {
      ChannelConfigForm: WeComChannelConfigForm,
      MessageConfigForm: messageConfigForm(manager),
      ...(MessageConfigFormV2 ? { MessageConfigFormLoader: async () => ({ default: MessageConfigFormV2 }) } : {}),
    },
    meta: { creatable: true, editable: true, deletable: true },
  });
  return true;
}
