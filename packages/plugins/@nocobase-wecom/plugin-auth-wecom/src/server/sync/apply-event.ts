/**
 * Applies one contact-change event (docs/wecom-protocol.md C2.5). Events may carry only ids (how WeCom sends
 * them to receivers set after 2022-08-15), so the member or department is re-read from WeCom first and then
 * goes through the same plan as a full sync, limited to what the event names.
 */
import type { Model } from '@nocobase/database';
import { WeComApiError, type ContactEvent, type Department, type DirectoryMember } from '../wecom';
import { takeTurnsOnSqlite } from '../sqlite-writes';
import { renameBinding } from './bindings';
import { planSync } from './plan';
import { applyPlan, type App, type UserData } from './pull';
import type { MemberRecord } from './records';
import { bindAppliedMembers } from './record-bindings';
import { loadSyncSource, syncClients } from './settings';
import { loadSyncState } from './state';
import { emptyTally } from './tally';

/** WeCom's "no such member / department" answers: the subject is gone. */
const GONE = new Set([60111, 60003, 60123]);

export interface SyncService {
  push(data: UserData): Promise<unknown>;
}

async function orGone<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof WeComApiError && GONE.has(error.errcode)) return undefined;
    throw error;
  }
}

/** A userid change moves the sync's record and the binding to the new userid, so the user stays the same. */
async function renameMember(app: App, sourceName: string, authenticator: string, from: string, to: string): Promise<void> {
  const records = app.db.getRepository('userDataSyncRecords');
  const rows: Model[] = await records.find({ filter: { sourceName, dataType: 'user' }, fields: ['id', 'sourceUk'] });
  const row = rows.find((item) => String(item.get('sourceUk')).toLowerCase() === from.toLowerCase());
  if (row) await records.update({ filterByTk: row.get('id'), values: { sourceUk: to } });
  await renameBinding(app.db, authenticator, from, to);
}

export async function applyContactEvent(app: App, service: SyncService, sourceName: string, event: ContactEvent): Promise<void> {
  if (event.kind === 'other') return;
  // On SQLite (one connection) the writes below must not overlap a sign-in's transaction.
  await takeTurnsOnSqlite({ db: app.db, app }, () => apply(app, service, sourceName, event));
}

async function apply(app: App, service: SyncService, sourceName: string, event: Exclude<ContactEvent, { kind: 'other' }>): Promise<void> {
  const source = await loadSyncSource(app, sourceName);
  if (!source?.enabled) return;
  const clients = syncClients(app, source);
  const reader = clients.contacts ?? clients.app;
  const departments: Department[] = [];
  const members: DirectoryMember[] = [];
  const departed: string[] = [];
  const deletedDepartments: string[] = [];

  if (event.kind === 'member') {
    if (event.newUserId) await renameMember(app, sourceName, source.authenticator.name, event.userId, event.newUserId);
    const userId = event.newUserId ?? event.userId;
    const member = event.change === 'delete_user' ? undefined : await orGone(() => reader.getDirectoryMember(userId));
    if (member) members.push(member);
    else departed.push(userId);
  } else {
    const department = event.change === 'delete_party' ? undefined : await orGone(() => reader.getDepartment(event.departmentId));
    if (department) departments.push(department);
    else deletedDepartments.push(String(event.departmentId));
  }

  const state = await loadSyncState(app.db, sourceName, source.authenticator.name);
  const plan = planSync({ departments, members }, state, source.settings.matchBy, true);
  for (const uid of departed) {
    const known = state.members.get(uid.toLowerCase());
    plan.leavers.push({ uid: known?.uid ?? uid, userId: known?.userId !== undefined && state.users.existing.has(known.userId) ? known.userId : undefined, reason: 'left' });
  }
  for (const uid of deletedDepartments) {
    const known = state.departments.get(uid);
    if (known && !known.metaData.isDeleted) plan.departments.push({ uid, isDeleted: true });
  }
  for (const data of await applyPlan(app, source, plan, state, emptyTally())) {
    await service.push(data);
    if (data.dataType === 'user') await bindAppliedMembers(app, sourceName, source.authenticator.name, data.records as MemberRecord[]);
  }
}
