/**
 * The binding that lets a synced member sign in: a `usersAuthenticators` row (authenticator, userId, uuid =
 * the WeCom userid), the same row a first sign-in writes. Its `meta.wecomSync` holds the fingerprint of the
 * member record last applied, written last, so a run cut short re-applies what it had not finished.
 */
import type { Database, Model } from '@nocobase/database';
import { jsonField, plainRows, type Row } from './plain-rows';
import { departureOf, withoutDeparture } from '../users/departure';
import { fingerprint, type MemberRecord } from './records';

export interface BindResult {
  bound: number;
  refreshed: number;
  /** The user or the userid is bound to someone else already. */
  conflicts: string[];
  /** NocoBase could not save their user (its log says why). */
  missing: string[];
}

/**
 * Binds the users NocoBase made or updated for these member records (a chunk of a run, or an event), in one
 * transaction: a few reads for the whole chunk, then the new and changed bindings.
 */
export async function bindSyncedMembers(db: Database, sourceName: string, authenticator: string, records: MemberRecord[]): Promise<BindResult> {
  const result: BindResult = { bound: 0, refreshed: 0, conflicts: [], missing: [] };
  const members = records.filter((record) => !record.isDeleted);
  if (members.length === 0) return result;
  const origin = await plainRows(db, 'userDataSyncRecords', { sourceName, dataType: 'user', sourceUk: members.map((m) => m.uid) }, ['id', 'sourceUk']);
  const recordIdOf = new Map(origin.map((row) => [String(row.sourceUk), Number(row.id)]));
  const links = await plainRows(db, 'userDataSyncRecordsResources', { resource: 'users', recordId: [...recordIdOf.values()] }, ['recordId', 'resourcePk']);
  const userIdOfRecord = new Map(links.map((row) => [Number(row.recordId), Number(row.resourcePk)]));
  const userIds = [...userIdOfRecord.values()].filter(Number.isFinite);
  const existing = new Set((await plainRows(db, 'users', { id: userIds }, ['id'])).map((row) => Number(row.id)));
  const byUuid = new Map<string, Row>();
  const byUser = new Map<number, Row>();
  const uuids = members.flatMap((m) => [m.uid, m.uid.toLowerCase()]);
  for (const row of [
    ...(await plainRows(db, 'usersAuthenticators', { authenticator, uuid: uuids }, ['uuid', 'userId', 'meta', 'nickname'])),
    ...(await plainRows(db, 'usersAuthenticators', { authenticator, userId: userIds }, ['uuid', 'userId', 'meta', 'nickname'])),
  ]) {
    byUuid.set(String(row.uuid).toLowerCase(), row);
    byUser.set(Number(row.userId), row);
  }

  const creates: Row[] = [];
  const updates: { uuid: unknown; userId: number; values: Row }[] = [];
  for (const member of members) {
    const userId = userIdOfRecord.get(recordIdOf.get(member.uid) ?? -1);
    if (userId === undefined || !existing.has(userId)) {
      result.missing.push(member.uid);
      continue;
    }
    const synced = fingerprint(member);
    const mine = byUuid.get(member.uid.toLowerCase());
    if (mine && Number(mine.userId) !== userId) {
      result.conflicts.push(member.uid);
      continue;
    }
    if (!mine && byUser.has(userId)) {
      result.conflicts.push(member.uid);
      continue;
    }
    const nickname = member.nickname ?? '';
    if (!mine) {
      creates.push({ authenticator, userId, uuid: member.uid, nickname, avatar: '', meta: { wecomSync: synced } });
      continue;
    }
    const meta = jsonField<Record<string, unknown>>(mine.meta, {});
    if (meta.wecomSync === synced && mine.nickname === nickname && !departureOf(meta)) continue;
    // Active again: the departure mark goes.
    updates.push({ uuid: mine.uuid, userId, values: { meta: { ...withoutDeparture(meta), wecomSync: synced }, nickname } });
  }
  if (creates.length === 0 && updates.length === 0) return result;
  const model = db.getModel('usersAuthenticators');
  await db.sequelize.transaction(async (transaction) => {
    if (creates.length > 0) await model.bulkCreate(creates, { transaction });
    for (const update of updates) await model.update(update.values, { where: { authenticator, uuid: update.uuid, userId: update.userId }, transaction });
  });
  result.bound = creates.length;
  result.refreshed = updates.length;
  return result;
}

/** A userid change (update_user with NewUserID): the binding follows the member. */
export async function renameBinding(db: Database, authenticator: string, from: string, to: string): Promise<void> {
  const repo = db.getRepository('usersAuthenticators');
  const rows: Model[] = await repo.find({ filter: { authenticator }, fields: ['uuid', 'userId'] });
  for (const row of rows.filter((item) => String(item.get('uuid')).toLowerCase() === from.toLowerCase())) {
    await repo.update({ filter: { authenticator, uuid: row.get('uuid'), userId: row.get('userId') }, values: { uuid: to } });
  }
}
