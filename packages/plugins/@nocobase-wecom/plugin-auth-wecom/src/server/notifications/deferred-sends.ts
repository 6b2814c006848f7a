/**
 * Re-sends WeCom's per-member limit made us hold back, kept in a table of their own so a restart or a crash
 * loses none, and sent once in a cluster: every node looks for due ones each minute, and a node takes a row by
 * deleting it under a lock before it sends.
 */
import type { Model } from '@nocobase/database';
import type { Application } from '@nocobase/server';
import { CHANNEL_TYPE } from '../../common/settings/channel';
import type { DeferredReceivers } from './recipients';

export const DEFERRED_COLLECTION = 'wecomDeferredMessages';

/** Checks for due re-sends every 20 seconds (WeCom's windows are a minute and an hour). */
export const DEFERRED_CRON = '*/20 * * * * *';

export function defineDeferredCollection(app: Pick<Application, 'db'>): void {
  if (app.db.getCollection(DEFERRED_COLLECTION)) return;
  app.db.collection({
    name: DEFERRED_COLLECTION,
    timestamps: true,
    fields: [
      { type: 'string', name: 'channelName' },
      { type: 'json', name: 'message' },
      { type: 'json', name: 'receivers' },
      { type: 'bigInt', name: 'notBefore' },
    ],
  });
}

/** Creates the table in an app that had the plugin before the table existed. */
export async function syncDeferredCollection(app: Pick<Application, 'db'>): Promise<void> {
  await app.db.getCollection(DEFERRED_COLLECTION)?.sync();
}

export async function deferSend(app: Pick<Application, 'db'>, channelName: string, message: Record<string, unknown>, receivers: DeferredReceivers, notBefore: number): Promise<void> {
  await app.db.getRepository(DEFERRED_COLLECTION).create({ values: { channelName, message, receivers, notBefore } });
}

interface SendNow {
  sendNow(options: Record<string, unknown>): Promise<unknown>;
}

/** Sends the re-sends due at `now`; returns how many this node took. */
export async function sendDueDeferred(app: Application, manager: SendNow | undefined, now: number): Promise<number> {
  if (!manager) return 0;
  const taken = await app.lockManager.runExclusive(
    'wecom:deferred-messages',
    async () => {
      const repo = app.db.getRepository(DEFERRED_COLLECTION);
      const rows: Model[] = await repo.find({ filter: { notBefore: { $lte: now } }, sort: ['notBefore', 'id'], limit: 100 });
      if (rows.length > 0) await repo.destroy({ filterByTk: rows.map((row) => row.get('id') as number) });
      return rows.map((row) => row.toJSON() as { channelName: string; message: Record<string, unknown>; receivers: DeferredReceivers });
    },
    30_000,
  );
  for (const row of taken) {
    await manager
      .sendNow({ channelName: row.channelName, message: row.message, receivers: { type: 'channel-self-defined', channelType: CHANNEL_TYPE, value: row.receivers }, triggerFrom: 'wecom-deferred' })
      .catch((error) => app.logger?.error?.('WeCom notification: deferred re-send failed', { channel: row.channelName, error: String(error) }));
  }
  return taken.length;
}
