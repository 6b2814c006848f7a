import type { Application } from '@nocobase/server';
import { CHANNEL_TYPE } from '../../common/settings/channel';
import { cancelDeferredSends, managerModule, WeComNotificationChannel } from './channel';

interface ManagerPlugin {
  registerChannelType(params: { type: string; Channel: unknown; useQueue?: boolean }): void;
}

/**
 * Registers the `wecom` channel with plugin-notification-manager when it is installed and added to this app;
 * without it, nothing happens (the sign-in works on its own).
 */
export function registerNotificationChannel(app: Application): boolean {
  const manager = managerModule();
  if (!manager) return false;
  let plugin: ManagerPlugin | undefined;
  try {
    plugin = (app.pm.get(manager.default as never) as unknown as ManagerPlugin | undefined) ?? (app.pm.get('notification-manager') as unknown as ManagerPlugin | undefined);
  } catch {
    plugin = undefined;
  }
  if (!plugin || typeof plugin.registerChannelType !== 'function') return false;
  plugin.registerChannelType({ type: CHANNEL_TYPE, Channel: WeComNotificationChannel });
  app.on('beforeStop', () => {
    const dropped = cancelDeferredSends(app);
    if (dropped > 0) app.logger?.warn?.('WeCom notification: deferred re-sends cancelled by the stop', { count: dropped });
  });
  return true;
}
