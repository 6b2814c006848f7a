/**
 * The binding that lets a synced member sign in: a `usersAuthenticators` row (authenticator, userId, uuid =
 * the WeCom userid), the same row a first sign-in writes. Its `meta.wecomSync` holds the fingerprint of the
 * member record last applied, written last, so a run cut short re-applies what it had not finished.
 */
import type { Database, Model } from '@nocobase/database';
import type { MemberRecord } from './records';

export type BindOutcome = 'bound' | 'refreshed' | 'unchanged' | 'conflict';

export async function bindSyncedMember(db: Database, authenticator: string, record: MemberRecord, userId: number, synced: string): Promise<BindOutcome> {
  const repo = db.getRepository('usersAuthenticators');
  const rows: Model[] = await repo.find({ filter: { authenticator, $or: [{ userId }, { uuid: record.uid }] } });
  const mine = rows.find((row) => Number(row.get('userId')) === userId && String(row.get('uuid')).toLowerCase() === record.uid.toLowerCase());
  if (!mine && rows.length > 0) return 'conflict';
  const meta = { ...((mine?.get('meta') as Record<string, unknown> | null) ?? {}), wecomSync: synced };
  if (mine) {
    if ((mine.get('meta') as Record<string, unknown> | null)?.wecomSync === synced && mine.get('nickname') === (record.nickname ?? '')) return 'unchanged';
    await repo.update({ filter: { authenticator, userId, uuid: mine.get('uuid') }, values: { meta, nickname: record.nickname ?? '' } });
    return 'refreshed';
  }
  await repo.create({ values: { authenticator, userId, uuid: record.uid, nickname: record.nickname ?? '', avatar: '', meta } });
  return 'bound';
}

/** Removes the member's binding; whether there was one. `exact` skips the case-insensitive search. */
export async function unbindMember(db: Database, authenticator: string, uid: string, exact?: string): Promise<boolean> {
  const repo = db.getRepository('usersAuthenticators');
  const rows: Model[] = await repo.find({ filter: exact ? { authenticator, uuid: exact } : { authenticator }, fields: ['uuid', 'userId'] });
  const bound = rows.filter((row) => String(row.get('uuid')).toLowerCase() === uid.toLowerCase());
  for (const row of bound) await repo.destroy({ filter: { authenticator, uuid: row.get('uuid'), userId: row.get('userId') } });
  return bound.length > 0;
}

/** A userid change (update_user with NewUserID): the binding follows the member. */
export async function renameBinding(db: Database, authenticator: string, from: string, to: string): Promise<void> {
  const repo = db.getRepository('usersAuthenticators');
  const rows: Model[] = await repo.find({ filter: { authenticator }, fields: ['uuid', 'userId'] });
  for (const row of rows.filter((item) => String(item.get('uuid')).toLowerCase() === from.toLowerCase())) {
    await repo.update({ filter: { authenticator, uuid: row.get('uuid'), userId: row.get('userId') }, values: { uuid: to } });
  }
}
