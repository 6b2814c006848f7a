import type { Application } from '@nocobase/server';
import { CHANNEL_TYPE } from '../../common/settings/channel';
import { managerModule, WeComNotificationChannel } from './channel';
import { notificationClock } from './clock';
import { DEFERRED_CRON, defineDeferredCollection, sendDueDeferred, syncDeferredCollection } from './deferred-sends';

interface ManagerPlugin {
  registerChannelType(params: { type: string; Channel: unknown; useQueue?: boolean }): void;
}

/** Apps whose job is added: NocoBase may load the plugin again in the same app (a restart after an enable). */
const deferredScheduled = new WeakSet<object>();

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
  defineDeferredCollection(app);
  // The job once per app: NocoBase starts an app again after enabling a plugin, and its cron jobs live on.
  app.on('afterStart', async () => {
    await syncDeferredCollection(app);
    if (deferredScheduled.has(app)) return;
    deferredScheduled.add(app);
    app.cronJobManager.addJob({
      cronTime: DEFERRED_CRON,
      onTick: () => {
        sendDueDeferred(app, plugin as never, notificationClock().now()).catch((error) =>
          app.logger?.warn?.('WeCom notification: deferred re-sends could not be sent', { error: String(error) }),
        );
      },
    });
  });
  return true;
}
