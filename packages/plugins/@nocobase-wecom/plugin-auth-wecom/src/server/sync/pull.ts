/**
 * One full sync of a WeCom source: read the directory (nothing is written if WeCom fails), plan against what
 * NocoBase holds, link new members to the users they match, handle those who left, and hand NocoBase only
 * the records that changed. The bindings are written when NocoBase has applied them (bindings-resource.ts).
 */
import type { Application } from '@nocobase/server';
import { takeTurnsOnSqlite } from '../sqlite-writes';
import { readDirectory, WeComApiError } from '../wecom';
import { markDeparted } from '../users/departure';
import { planSync, type SyncPlan } from './plan';
import type { DepartmentRecord, MemberRecord } from './records';
import { loadSyncSource, syncClients, SYNC_SETUP_MESSAGES, SyncSetupError, type LoadedSyncSource } from './settings';
import { loadSyncState, presetUserOfMember, type SyncState } from './state';
import { startTally, type SyncTally } from './tally';

export interface UserData {
  dataType: 'user' | 'department';
  records: (MemberRecord | DepartmentRecord)[];
  sourceName: string;
}

export type App = Pick<Application, 'db' | 'environment' | 'cache' | 'lockManager' | 'logger'>;

/** Disabled, departed or gone members: the binding is kept, marked (sign-in refuses it), and no user when the admin chose so. */
async function applyLeavers(app: App, source: LoadedSyncSource, plan: SyncPlan, state: SyncState, tally: SyncTally): Promise<MemberRecord[]> {
  const deletions: MemberRecord[] = [];
  for (const leaver of plan.leavers) {
    const binding = state.bindings.get(leaver.uid.toLowerCase());
    const marked = binding ? await markDeparted(app.db, source.authenticator.name, binding.uuid, leaver.reason) : false;
    const deleting = source.settings.onLeave === 'delete' && leaver.userId !== undefined && !state.users.roots.has(leaver.userId);
    if (deleting) {
      deletions.push({ uid: leaver.uid, isDeleted: true });
      tally.deleted += 1;
    } else if (marked) {
      tally.left += 1;
    }
    if (marked || deleting) app.logger?.info?.('WeCom sync: member left', { source: source.name, userid: leaver.uid, onLeave: source.settings.onLeave });
  }
  return deletions;
}

/** Links new members to the users they match, handles leavers, and returns the records NocoBase is to apply. */
export async function applyPlan(app: App, source: LoadedSyncSource, plan: SyncPlan, state: SyncState, tally: SyncTally): Promise<UserData[]> {
  for (const refusal of plan.refused) {
    app.logger?.warn?.('WeCom sync: member not linked', { source: source.name, userid: refusal.uid, reason: refusal.reason });
  }
  for (const match of plan.matches) await presetUserOfMember(app.db, source.name, match.uid, match.userId);
  const deletions = await applyLeavers(app, source, plan, state, tally);
  const data: UserData[] = [];
  if (plan.departments.length > 0) data.push({ dataType: 'department', records: plan.departments, sourceName: source.name });
  const members = [...plan.members, ...deletions];
  if (members.length > 0) data.push({ dataType: 'user', records: members, sourceName: source.name });
  return data;
}

/** What a run hands NocoBase, and the authenticator its members are bound to. */
export interface PulledSource {
  data: UserData[];
  authenticator: string;
}

export async function pullSource(app: App, name: string): Promise<PulledSource> {
  const source = await loadSyncSource(app, name);
  if (!source) return { data: [], authenticator: '' };
  const tally = startTally(name);
  const snapshot = await readDirectory(syncClients(app, source)).catch((error: unknown) => {
    // The contact-sync tool's token is fetched first: a rejected secret there is that Secret, not the app's.
    if (source.settings.contactsSecret && error instanceof WeComApiError && [40001, 40091].includes(error.errcode)) {
      throw new SyncSetupError(SYNC_SETUP_MESSAGES.contactsSecretRejected);
    }
    throw error;
  });
  tally.calls = snapshot.calls;
  const state = await loadSyncState(app.db, name, source.authenticator.name);
  const plan = planSync(snapshot, state, source.settings.matchBy);
  const { created, matched, updated, unchanged, departments } = plan.counts;
  Object.assign(tally, { created, matched, updated, unchanged, departments, refused: plan.refused.length });
  const data = await takeTurnsOnSqlite({ db: app.db, app }, () => applyPlan(app, source, plan, state, tally));
  return { data, authenticator: source.authenticator.name };
}
