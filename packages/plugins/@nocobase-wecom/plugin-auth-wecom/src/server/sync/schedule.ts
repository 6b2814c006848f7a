/**
 * Scheduled syncs (`options.intervalHours`). Every node ticks; a sync is due when the source's last task is
 * older than its interval, and the check and the start happen under one lock, so in a cluster one node runs it.
 */
import type { Application } from '@nocobase/server';
import { SYNC_SOURCE_TYPE } from '../../common/settings/sync-source';
import { readSyncSettings } from './settings';

export interface PullService {
  pull(sourceName: string, ctx: unknown): Promise<void>;
}

/** A request-less context for plugin-user-data-sync's `pull` (it reads `db` and logs through `log`). */
function backgroundContext(app: Application) {
  return { app, db: app.db, log: app.logger, logger: app.logger, state: {}, t: (text: string) => text };
}

/** Starts the syncs that are due; returns their source names. */
export async function runDueSyncs(app: Application, service: PullService, now = Date.now()): Promise<string[]> {
  const sources = await app.db.getRepository('userDataSyncSources').find({ filter: { sourceType: SYNC_SOURCE_TYPE, enabled: true } });
  const started: string[] = [];
  for (const source of sources) {
    const hours = readSyncSettings(app, source.get('options')).intervalHours;
    if (!hours) continue;
    const name = String(source.get('name'));
    const ran = await app.lockManager.runExclusive(
      `wecom:sync-schedule:${name}`,
      async () => {
        const last = await app.db.getRepository('userDataSyncTasks').findOne({ filter: { sourceId: source.get('id') }, sort: ['-createdAt'] });
        const lastAt = last ? new Date(last.get('createdAt') as string).getTime() : 0;
        if (now - lastAt < hours * 3_600_000) return false;
        await service.pull(name, backgroundContext(app));
        return true;
      },
      60_000,
    );
    if (ran) started.push(name);
  }
  return started;
}

/** Checks every ten minutes. */
export const SCHEDULE_CRON = '0 */10 * * * *';
