/**
 * The WeCom notification channel in the modern UI: channel and message forms as loaders, registered with the
 * notification manager (antd `Form`, like plugin-notification-email's client-v2). The notification manager's
 * and the workflow's clients are loaded at run time (client-common/host-modules.ts), only when enabled.
 */
import type { Application } from '@nocobase/client-v2';
import type * as NotificationManagerClientV2 from '@nocobase/plugin-notification-manager/client-v2';
import type * as WorkflowClientV2 from '@nocobase/plugin-workflow/client-v2';
import { CHANNEL_TYPE } from '../common/settings/channel';
import { hostModule, pluginEnabled, type AppWithRequireJs } from '../client-common/host-modules';
import { ChannelConfigForm } from './notifications/ChannelConfigForm';
import { messageConfigForm } from '../client-common/notifications/MessageConfigForm';

interface ChannelRegistry {
  registerChannelType(options: Record<string, unknown>): void;
}

/** Registers the `wecom` channel type. Without the notification manager it does nothing. */
export async function registerWeComChannelV2(app: Application): Promise<boolean> {
  const host = app as unknown as AppWithRequireJs;
  if (!pluginEnabled(host, 'notification-manager')) return false;
  const manager = await hostModule<typeof NotificationManagerClientV2>(host, '@nocobase/plugin-notification-manager/client-v2');
  const plugin = (manager ? app.pm.get(manager.default as never) : undefined) as unknown as ChannelRegistry | undefined;
  if (!manager || typeof plugin?.registerChannelType !== 'function') return false;
  const workflow = pluginEnabled(host, 'workflow') ? await hostModule<typeof WorkflowClientV2>(host, '@nocobase/plugin-workflow/client-v2') : undefined;
  const MessageConfigForm = messageConfigForm({ manager, workflow });
  plugin.registerChannelType({
    title: 'WeCom',
    type: CHANNEL_TYPE,
    components: {
      ChannelConfigFormLoader: async () => ({ default: ChannelConfigForm }),
      MessageConfigFormLoader: async () => ({ default: MessageConfigForm }),
    },
    meta: { creatable: true, editable: true, deletable: true },
  });
  return true;
}
