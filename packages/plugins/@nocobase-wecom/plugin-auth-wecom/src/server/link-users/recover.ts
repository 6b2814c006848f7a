/**
 * A run's state is saved about once a second, so a node that dies can lose the last second of it. The links it
 * made are in the database: a binding written by link-users (`meta.linkedBy`) since the run started is this
 * run's link. Read back, they keep the report whole and twins found later still take the link back.
 */
import { Op, type Database } from '@nocobase/database';
import { jsonField, plainRows } from '../sync/plain-rows';
import type { RunState } from './state';

export async function recoverLinks(db: Database, authenticator: string, state: RunState): Promise<void> {
  const since = { authenticator, createdAt: { [Op.gte]: new Date(state.startedAt) } };
  for (const row of await plainRows(db, 'usersAuthenticators', since, ['userId', 'uuid', 'meta'])) {
    const userId = String(row.userId);
    if (userId in state.outcomes || !jsonField<{ linkedBy?: string }>(row.meta, {}).linkedBy) continue;
    state.outcomes[userId] = 'linked';
    state.linkedBy[String(row.uuid).toLowerCase()] = Number(row.userId);
  }
}
