/**
 * A run's state is saved about once a second, so a node that dies can lose the last second of it. The links it
 * made are in the database: a binding written by link-users (`meta.linkedBy`) since the run started is this
 * run's link. Read back, they keep the report whole and twins found later still take the link back.
 */
import type { Database } from '@nocobase/database';
import { jsonField, plainRows } from '../sync/plain-rows';
import type { RunState } from './state';

export async function recoverLinks(db: Database, authenticator: string, state: RunState): Promise<void> {
  const rows = await plainRows(db, 'usersAuthenticators', { authenticator }, ['userId', 'uuid', 'meta', 'createdAt']);
  for (const row of rows) {
    const userId = String(row.userId);
    if (userId in state.outcomes || !jsonField<{ linkedBy?: string }>(row.meta, {}).linkedBy) continue;
    // Not readable as a time: not taken for this run's.
    if (!(new Date(row.createdAt as string).getTime() >= state.startedAt)) continue;
    state.outcomes[userId] = 'linked';
    state.linkedBy[String(row.uuid).toLowerCase()] = Number(row.userId);
  }
}
