import type { Database, Transaction } from '@nocobase/database';
import type { WeComProfile } from './profile';

const USERNAME = /^[^@<>"'/]{1,50}$/;

async function isFree(db: Database, field: 'phone' | 'email' | 'username', value: string, transaction?: Transaction) {
  const count = await db.getRepository('users').count({ filter: { [field]: value }, transaction });
  return count === 0;
}

/**
 * Values for a new user. Phone, email and username are unique in NocoBase:
 * each is set only when no other user has it, so a sign-up never fails on
 * (or takes over) someone else's value.
 */
export async function signUpValues(db: Database, profile: WeComProfile, transaction?: Transaction) {
  const values: Record<string, string> = { nickname: profile.name || profile.userId };
  if (profile.mobile && (await isFree(db, 'phone', profile.mobile, transaction))) values.phone = profile.mobile;
  const email = profile.bizMail || profile.email;
  if (email && (await isFree(db, 'email', email, transaction))) values.email = email;
  if (USERNAME.test(profile.userId) && (await isFree(db, 'username', profile.userId, transaction))) {
    values.username = profile.userId;
  }
  return values;
}
