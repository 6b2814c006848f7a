import type { Context } from '@nocobase/actions';
import type { Model, Transaction } from '@nocobase/database';
import { authType } from '../../constants';

type Db = Context['db'];

/** A `usersAuthenticators` row of a WeCom authenticator: who is bound to which member. */
export interface WeComBinding {
  authenticator: string;
  userId: string;
  /** WeCom's userid. */
  memberId: string;
  /** The member's name when it was bound. */
  memberName: string;
  linkedAt?: string;
}

export function toBinding(row: Model): WeComBinding {
  const createdAt = row.get('createdAt') as Date | string | undefined;
  return {
    authenticator: String(row.get('authenticator')),
    userId: String(row.get('userId')),
    memberId: String(row.get('uuid') ?? ''),
    memberName: String(row.get('nickname') ?? ''),
    linkedAt: createdAt ? new Date(createdAt).toISOString() : undefined,
  };
}

export const sameMember = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The binding of `memberId` under `authenticator`, however its userid is cased: WeCom treats userids
 * case-insensitively. `$includes` is NocoBase's portable case-insensitive LIKE; the exact match is made here.
 */
export async function findMemberBinding(db: Db, authenticator: string, memberId: string, transaction?: Transaction): Promise<Model | undefined> {
  const rows: Model[] = await db.getRepository('usersAuthenticators').find({
    filter: { authenticator, uuid: { $includes: memberId } },
    transaction,
  });
  return rows.find((row) => sameMember(String(row.get('uuid') ?? ''), memberId));
}

export async function findUserBinding(db: Db, authenticator: string, userId: string, transaction?: Transaction): Promise<Model | undefined> {
  const row = await db.getRepository('usersAuthenticators').findOne({ filter: { authenticator, userId }, transaction });
  return row ?? undefined;
}

/** The WeCom authenticators there are (enabled or not): their names and titles. */
export async function weComAuthenticators(db: Db, onlyEnabled: boolean): Promise<Array<{ name: string; title: string }>> {
  const rows: Model[] = await db.getRepository('authenticators').find({
    filter: onlyEnabled ? { authType, enabled: true } : { authType },
    fields: ['name', 'title'],
    sort: ['sort', 'id'],
  });
  return rows.map((row) => ({ name: String(row.get('name')), title: String(row.get('title') || row.get('name')) }));
}
