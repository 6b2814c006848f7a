/**
 * Registers the `wecom` source with plugin-user-data-sync when it is installed and added to this app: the
 * source type, the event receiver's queue and the schedule.
 * Without that plugin nothing happens; sign-in works on its own.
 */
import type { Application } from '@nocobase/server';
import { tval } from '@nocobase/utils';
import { namespace } from '../../constants';
import { SYNC_SOURCE_TYPE } from '../../common/settings/sync-source';
import { applyContactEvent, type SyncService } from './apply-event';
import { CONTACT_EVENTS_CHANNEL, type QueuedContactEvent } from './contact-events-action';
import { runDueSyncs, SCHEDULE_CRON, type PullService } from './schedule';
import { weComSyncSourceClass } from './source';

interface UserDataSyncModule {
  default: unknown;
  SyncSource: Parameters<typeof weComSyncSourceClass>[0];
}

interface UserDataSyncPlugin {
  enabled?: boolean;
  sourceManager: { registerType(type: string, config: { syncSource: unknown; title?: string }): void };
  resourceManager: { registerResource(resource: unknown, options?: { after?: string | string[] }): void };
  syncService: SyncService & PullService;
}

function syncModule(): UserDataSyncModule | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@nocobase/plugin-user-data-sync') as UserDataSyncModule;
  } catch {
    return undefined;
  }
}

export function userDataSyncPlugin(app: Application): UserDataSyncPlugin | undefined {
  const mod = syncModule();
  if (!mod) return undefined;
  try {
    const plugin = (app.pm.get(mod.default as never) ?? app.pm.get('user-data-sync' as never)) as unknown as UserDataSyncPlugin | undefined;
    return plugin?.enabled !== false && plugin?.sourceManager && plugin.resourceManager ? plugin : undefined;
  } catch {
    return undefined;
  }
}

/** Apps whose job is added: NocoBase may load the plugin again in the same app (a restart after an enable). */
const syncScheduled = new WeakSet<object>();

export function registerSyncSource(app: Application): boolean {
  const mod = syncModule();
  const plugin = userDataSyncPlugin(app);
  if (!mod || !plugin) return false;
  plugin.sourceManager.registerType(SYNC_SOURCE_TYPE, {
    syncSource: weComSyncSourceClass(mod.SyncSource, app, () => plugin.resourceManager as never),
    title: tval('WeCom', { ns: namespace }),
  });

  app.eventQueue.subscribe(CONTACT_EVENTS_CHANNEL, {
    concurrency: 1,
    idle: () => true,
    process: async (message: QueuedContactEvent) => {
      try {
        await applyContactEvent(app, plugin.syncService, message.source, message.event);
      } catch (error) {
        app.logger?.error?.('WeCom contact event could not be applied', { source: message.source, error: error instanceof Error ? error.message : String(error) });
        throw error;
      }
    },
  });

  // Once per app: NocoBase starts an app again after enabling a plugin, and its cron jobs live on.
  app.on('afterStart', () => {
    if (syncScheduled.has(app)) return;
    syncScheduled.add(app);
    app.cronJobManager.addJob({
      cronTime: SCHEDULE_CRON,
      onTick: () => {
        runDueSyncs(app, plugin.syncService).catch((error) => app.logger?.warn?.('WeCom scheduled sync failed to start', { error: String(error) }));
      },
    });
  });
  return true;
}
