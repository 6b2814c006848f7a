/**
 * What NocoBase holds for one WeCom source, read in a few queries before a sync plans its writes: the sync's
 * own records (plugin-user-data-sync), the departments they made, the bindings to the authenticator and an
 * index of users for matching.
 */
import type { Database, Model } from '@nocobase/database';
import { normalizeMobile } from '../wecom';
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

function resourcePk(row: Model, resource: string): number | undefined {
  const resources = (row.get('resources') as Model[] | undefined) ?? [];
  const found = resources.find((item) => item.get('resource') === resource);
  const pk = found ? Number(found.get('resourcePk')) : NaN;
  return Number.isFinite(pk) ? pk : undefined;
}

function push(map: Map<string, number[]>, value: string | undefined, id: number) {
  if (!value) return;
  const list = map.get(value) ?? [];
  list.push(id);
  map.set(value, list);
}

export async function loadUserIndex(db: Database): Promise<UserIndex> {
  const rows: Model[] = await db.getRepository('users').find({ fields: ['id', 'phone', 'email'] });
  const index: UserIndex = { byPhone: new Map(), byEmail: new Map(), existing: new Set(), roots: new Set() };
  for (const row of rows) {
    const id = Number(row.get('id'));
    index.existing.add(id);
    push(index.byPhone, normalizeMobile(row.get('phone')), id);
    const email = row.get('email');
    push(index.byEmail, typeof email === 'string' && email !== '' ? email.trim().toLowerCase() : undefined, id);
  }
  const roots: Model[] = await db.getRepository('rolesUsers').find({ filter: { roleName: 'root' }, fields: ['userId'] });
  for (const row of roots) index.roots.add(Number(row.get('userId')));
  return index;
}

export async function loadBindings(db: Database, authenticator: string): Promise<Pick<SyncState, 'bindings' | 'boundUsers'>> {
  const rows: Model[] = await db.getRepository('usersAuthenticators').find({ filter: { authenticator } });
  const bindings = new Map<string, Binding>();
  const boundUsers = new Map<number, string>();
  for (const row of rows) {
    const uuid = String(row.get('uuid') ?? '');
    const userId = Number(row.get('userId'));
    const meta = (row.get('meta') as Record<string, unknown> | null) ?? {};
    bindings.set(key(uuid), { userId, uuid, synced: typeof meta.wecomSync === 'string' ? meta.wecomSync : undefined });
    boundUsers.set(userId, uuid);
  }
  return { bindings, boundUsers };
}

export async function loadSyncState(db: Database, sourceName: string, authenticator: string): Promise<SyncState> {
  const records: Model[] = await db.getRepository('userDataSyncRecords').find({ filter: { sourceName }, appends: ['resources'] });
  const members = new Map<string, OriginMember>();
  const departments = new Map<string, OriginDepartment>();
  for (const row of records) {
    const uid = String(row.get('sourceUk'));
    const recordId = Number(row.get('id'));
    if (row.get('dataType') === 'user') {
      members.set(key(uid), { recordId, uid, userId: resourcePk(row, 'users'), metaData: (row.get('metaData') ?? { uid }) as MemberRecord });
    } else if (row.get('dataType') === 'department') {
      departments.set(uid, { recordId, uid, departmentId: resourcePk(row, 'departments'), metaData: (row.get('metaData') ?? { uid }) as DepartmentRecord });
    }
  }
  const departmentRows = new Map<number, { title: string; parentId: number | null }>();
  if (db.getCollection('departments')) {
    const ids = [...departments.values()].map((d) => d.departmentId).filter((id): id is number => id !== undefined);
    if (ids.length > 0) {
      const rows: Model[] = await db.getRepository('departments').find({ filter: { id: { $in: ids } }, fields: ['id', 'title', 'parentId'] });
      for (const row of rows) {
        const parentId = row.get('parentId');
        departmentRows.set(Number(row.get('id')), { title: String(row.get('title') ?? ''), parentId: parentId === null || parentId === undefined ? null : Number(parentId) });
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
