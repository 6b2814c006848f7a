/**
 * The WeCom notification channel in the modern UI: channel and message forms as lazy loaders, registered with
 * the notification manager (antd `Form`, like plugin-notification-email's client-v2).
 */
import type { Application } from '@nocobase/client-v2';
import PluginNotificationManagerClientV2 from '@nocobase/plugin-notification-manager/client-v2';
import { CHANNEL_TYPE } from '../common/settings/channel';

/** Registers the `wecom` channel type; call in the plugin's `beforeLoad()`. Without the notification manager it does nothing. */
export function registerWeComChannelV2(app: Application): void {
  const manager = app.pm.get(PluginNotificationManagerClientV2);
  if (!manager) return;
  manager.registerChannelType({
    title: 'WeCom',
    type: CHANNEL_TYPE,
    components: {
      ChannelConfigFormLoader: () => import('./notifications/ChannelConfigForm'),
      MessageConfigFormLoader: () => import('./notifications/MessageConfigForm'),
    },
    meta: { creatable: true, editable: true, deletable: true },
  });
}
