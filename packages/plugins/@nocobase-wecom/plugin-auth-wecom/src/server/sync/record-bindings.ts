/** After NocoBase applied member records: bind them, and count and log what could not be bound. */
import type { App } from './pull';
import { bindSyncedMembers } from './bindings';
import type { MemberRecord } from './records';
import type { SyncTally } from './tally';

export async function bindAppliedMembers(app: App, sourceName: string, authenticator: string, records: MemberRecord[], tally?: SyncTally): Promise<void> {
  const result = await bindSyncedMembers(app.db, sourceName, authenticator, records);
  if (tally) {
    tally.bound += result.bound;
    tally.refused += result.conflicts.length;
    tally.errors += result.missing.length;
  }
  for (const userid of result.conflicts) {
    app.logger?.warn?.('WeCom sync: member not bound, the user or the userid is bound to someone else', { source: sourceName, userid });
  }
  for (const userid of result.missing) {
    app.logger?.warn?.('WeCom sync: member has no user (NocoBase could not save it, see the lines above)', { source: sourceName, userid });
  }
}
