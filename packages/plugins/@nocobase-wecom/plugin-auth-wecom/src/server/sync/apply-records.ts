/**
 * Hands the records of a run to NocoBase's pipeline (plugin-user-data-sync's resource manager: its records,
 * then the users and departments resources) in chunks, binds each chunk's members, with the run's progress on its task. On SQLite
 * each chunk takes its turn with sign-ins (one connection, one transaction at a time), so a large first sync
 * does not make sign-ins fail meanwhile.
 */
import { takeTurnsOnSqlite } from '../sqlite-writes';
import type { App, UserData } from './pull';
import type { MemberRecord } from './records';

export const CHUNK = 100;

export interface ResourceManager {
  updateOrCreate(data: UserData): Promise<unknown>;
}

export const PROGRESS_MESSAGE = 'Applying {{done}} of {{total}} changes…';

export interface ApplyHooks {
  /** After a chunk of member records was applied, in the same turn. */
  afterMembers?: (records: MemberRecord[]) => Promise<void>;
  progress?: (done: number, total: number) => Promise<void>;
}

export async function applyRecords(app: App, manager: ResourceManager, data: UserData[], hooks: ApplyHooks = {}): Promise<void> {
  const total = data.reduce((count, item) => count + item.records.length, 0);
  let done = 0;
  for (const item of data) {
    for (let start = 0; start < item.records.length; start += CHUNK) {
      const records = item.records.slice(start, start + CHUNK);
      done += records.length;
      await takeTurnsOnSqlite({ db: app.db, app }, async () => {
        await manager.updateOrCreate({ ...item, records });
        if (item.dataType === 'user') await hooks.afterMembers?.(records as MemberRecord[]);
        await hooks.progress?.(done, total);
      });
    }
  }
}
