/**
 * Hands the records of a run to NocoBase's pipeline (plugin-user-data-sync's resource manager: its records,
 * then the users, departments and bindings resources) in chunks, with the run's progress on its task. On SQLite
 * each chunk takes its turn with sign-ins (one connection, one transaction at a time), so a large first sync
 * does not make sign-ins fail meanwhile.
 */
import { takeTurnsOnSqlite } from '../sqlite-writes';
import type { App, UserData } from './pull';

export const CHUNK = 100;

export interface ResourceManager {
  updateOrCreate(data: UserData): Promise<unknown>;
}

export const PROGRESS_MESSAGE = 'Applying {{done}} of {{total}} changes…';

export async function applyRecords(app: App, manager: ResourceManager, data: UserData[], progress: (done: number, total: number) => Promise<void>): Promise<void> {
  const total = data.reduce((count, item) => count + item.records.length, 0);
  let done = 0;
  for (const item of data) {
    for (let start = 0; start < item.records.length; start += CHUNK) {
      const records = item.records.slice(start, start + CHUNK);
      done += records.length;
      await takeTurnsOnSqlite({ db: app.db, app }, async () => {
        await manager.updateOrCreate({ ...item, records });
        await progress(done, total);
      });
    }
  }
}
