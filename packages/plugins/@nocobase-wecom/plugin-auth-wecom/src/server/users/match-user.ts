import type { Database, Model, Transaction } from '@nocobase/database';
import { isSameMobile, normalizeMobile } from '../wecom';

/** `%1%3%8%…%1%`: the number's digits in order, anything (spaces, dashes, `+86`, brackets) around and between. */
export function digitsInOrder(mobile: string): string {
  return `%${mobile.replace(/\D/g, '').split('').join('%')}%`;
}

/**
 * Every user whose `users.phone` is this mobile, however it was written (`+86 138-0000-0001` is `13800000001`).
 * One query lets the database keep the phones holding the same digits in the same order; those are compared
 * after normalising. More than one result is a tie the caller must refuse, never break.
 */
export async function findUsersByMobile(db: Database, mobile: string, transaction?: Transaction): Promise<Model[]> {
  const normalised = normalizeMobile(mobile);
  if (!normalised) return [];
  const rows: Model[] = await db.getRepository('users').find({
    filter: { phone: { $like: digitsInOrder(normalised) } },
    fields: ['id', 'phone'],
    sort: ['id'],
    transaction,
  });
  const ids = rows.filter((user) => isSameMobile(user.get('phone'), normalised)).map((user) => user.get('id'));
  if (ids.length === 0) return [];
  return db.getRepository('users').find({ filter: { id: { $in: ids } }, sort: ['id'], transaction });
}

/** Whether the user holds the root role: such accounts are linked to WeCom deliberately, never by a phone. */
export async function isRootUser(db: Database, userId: number | string, transaction?: Transaction): Promise<boolean> {
  const count = await db.getRepository('rolesUsers').count({ filter: { userId, roleName: 'root' }, transaction });
  return count > 0;
}
