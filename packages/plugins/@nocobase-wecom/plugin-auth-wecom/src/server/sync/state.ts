/**
 * What NocoBase holds for one WeCom source, read in a few queries before a sync plans its writes: the sync's
 * own records (plugin-user-data-sync), the departments they made, the bindings to the authenticator and an
 * index of users for matching.
 */
import type { Database, Model } from '@nocobase/database';
import { departureOf } from '../users/departure';
import { normalizeMobile } from '../wecom';
import { jsonField, plainRows } from './plain-rows';
import type { DepartmentRecord, MemberRecord } from './records';

export interface OriginMember {
  recordId: number;
  uid: string;
  userId?: number;
  metaData: MemberRecord;
}

export interface OriginDepartment {
  recordId: number;
  uid: string;
  departmentId?: number;
  metaData: DepartmentRecord;
}

export interface Binding {
  userId: number;
  uuid: string;
  /** The fingerprint of the member record last applied by a sync. */
  synced?: string;
  /** WeCom said the member left or is disabled (users/departure.ts). */
  departed?: 'left' | 'disabled';
}

export interface UserIndex {
  byPhone: Map<string, number[]>;
  byEmail: Map<string, number[]>;
  existing: Set<number>;
  roots: Set<number>;
}

export interface SyncState {
  members: Map<string, OriginMember>;
  departments: Map<string, OriginDepartment>;
  departmentRows: Map<number, { title: string; parentId: number | null }>;
  /** By lowercased uuid (WeCom userids are case-insensitive). */
  bindings: Map<string, Binding>;
  /** userId → uuid of their binding to this authenticator. */
  boundUsers: Map<number, string>;
  users: UserIndex;
}

const key = (uid: string) => uid.toLowerCase();

function push(map: Map<string, number[]>, value: string | undefined, id: number) {
  if (!value) return;
  const list = map.get(value) ?? [];
  list.push(id);
  map.set(value, list);
}

export async function loadUserIndex(db: Database): Promise<UserIndex> {
  const index: UserIndex = { byPhone: new Map(), byEmail: new Map(), existing: new Set(), roots: new Set() };
  for (const row of await plainRows(db, 'users', {}, ['id', 'phone', 'email'])) {
    const id = Number(row.id);
    index.existing.add(id);
    push(index.byPhone, normalizeMobile(row.phone), id);
    const email = row.email;
    push(index.byEmail, typeof email === 'string' && email !== '' ? email.trim().toLowerCase() : undefined, id);
  }
  for (const row of await plainRows(db, 'rolesUsers', { roleName: 'root' }, ['userId'])) index.roots.add(Number(row.userId));
  return index;
}

export async function loadBindings(db: Database, authenticator: string): Promise<Pick<SyncState, 'bindings' | 'boundUsers'>> {
  const bindings = new Map<string, Binding>();
  const boundUsers = new Map<number, string>();
  for (const row of await plainRows(db, 'usersAuthenticators', { authenticator }, ['uuid', 'userId', 'meta'])) {
    const uuid = String(row.uuid ?? '');
    const userId = Number(row.userId);
    const meta = jsonField<Record<string, unknown>>(row.meta, {});
    bindings.set(key(uuid), { userId, uuid, synced: typeof meta.wecomSync === 'string' ? meta.wecomSync : undefined, departed: departureOf(meta)?.reason });
    boundUsers.set(userId, uuid);
  }
  return { bindings, boundUsers };
}

export async function loadSyncState(db: Database, sourceName: string, authenticator: string): Promise<SyncState> {
  const records = await plainRows(db, 'userDataSyncRecords', { sourceName }, ['id', 'sourceUk', 'dataType', 'metaData']);
  const ids = new Set(records.map((row) => Number(row.id)));
  const resources = new Map<number, Map<string, number>>();
  for (const row of await plainRows(db, 'userDataSyncRecordsResources', { resource: ['users', 'departments'] }, ['recordId', 'resource', 'resourcePk'])) {
    const recordId = Number(row.recordId);
    const pk = Number(row.resourcePk);
    if (!ids.has(recordId) || !Number.isFinite(pk)) continue;
    const byResource = resources.get(recordId) ?? new Map<string, number>();
    if (!byResource.has(String(row.resource))) byResource.set(String(row.resource), pk);
    resources.set(recordId, byResource);
  }
  const members = new Map<string, OriginMember>();
  const departments = new Map<string, OriginDepartment>();
  for (const row of records) {
    const uid = String(row.sourceUk);
    const recordId = Number(row.id);
    if (row.dataType === 'user') {
      members.set(key(uid), { recordId, uid, userId: resources.get(recordId)?.get('users'), metaData: jsonField<MemberRecord>(row.metaData, { uid }) });
    } else if (row.dataType === 'department') {
      departments.set(uid, { recordId, uid, departmentId: resources.get(recordId)?.get('departments'), metaData: jsonField<DepartmentRecord>(row.metaData, { uid }) });
    }
  }
  const departmentRows = new Map<number, { title: string; parentId: number | null }>();
  if (db.getCollection('departments')) {
    const wanted = new Set([...departments.values()].map((d) => d.departmentId).filter((id): id is number => id !== undefined));
    if (wanted.size > 0) {
      for (const row of await plainRows(db, 'departments', {}, ['id', 'title', 'parentId'])) {
        const id = Number(row.id);
        if (!wanted.has(id)) continue;
        departmentRows.set(id, { title: String(row.title ?? ''), parentId: row.parentId === null || row.parentId === undefined ? null : Number(row.parentId) });
      }
    }
  }
  return { members, departments, departmentRows, ...(await loadBindings(db, authenticator)), users: await loadUserIndex(db) };
}

/**
 * Links a WeCom member to an existing user before NocoBase applies the records: an origin record holding a
 * `users` resource makes plugin-users update that user instead of creating one.
 */
export async function presetUserOfMember(db: Database, sourceName: string, uid: string, userId: number): Promise<void> {
  const records = db.getRepository('userDataSyncRecords');
  const found: Model | null = await records.findOne({ filter: { sourceName, sourceUk: uid, dataType: 'user' } });
  const row: Model = found ?? (await records.create({ values: { sourceName, sourceUk: uid, dataType: 'user', metaData: { uid } } }));
  const links = db.getRepository('userDataSyncRecordsResources');
  await links.destroy({ filter: { recordId: row.get('id'), resource: 'users' } });
  await links.create({ values: { recordId: row.get('id'), resource: 'users', resourcePk: String(userId) } });
}
