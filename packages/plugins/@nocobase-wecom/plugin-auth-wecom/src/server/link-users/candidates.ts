/**
 * Who a link run looks at: users with a phone or an email and no binding to this authenticator, oldest first.
 * Each gets what to look up (a normalised mobile, then an email) or the reason they are skipped.
 */
import type { Database } from '@nocobase/database';
import { plainRows } from '../sync/plain-rows';
import { normalizeMobile } from '../wecom';

export interface Candidate {
  userId: number;
  nickname: string;
  mobile?: string;
  email?: string;
  /** Root, or a holder of the admin role. */
  admin: 'root' | 'admin' | undefined;
  /** A phone or email is filled in, but none can be looked up. */
  malformed: boolean;
}

/** WeCom takes emails of at most 64 characters. */
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

export function usableEmail(raw: unknown): string | undefined {
  const email = text(raw).toLowerCase();
  return email.length <= 64 && EMAIL.test(email) ? email : undefined;
}

export async function loadCandidates(db: Database, authenticator: string): Promise<Candidate[]> {
  const bound = new Set((await plainRows(db, 'usersAuthenticators', { authenticator }, ['userId'])).map((row) => Number(row.userId)));
  const roles = new Map<number, 'root' | 'admin'>();
  for (const row of await plainRows(db, 'rolesUsers', { roleName: ['root', 'admin'] }, ['userId', 'roleName'])) {
    const userId = Number(row.userId);
    if (roles.get(userId) !== 'root') roles.set(userId, row.roleName === 'root' ? 'root' : 'admin');
  }
  const users = await plainRows(db, 'users', {}, ['id', 'phone', 'email', 'nickname']);
  return users
    .map((row) => ({ id: Number(row.id), phone: row.phone, email: row.email, nickname: row.nickname }))
    .filter((row) => !bound.has(row.id) && (text(row.phone) !== '' || text(row.email) !== ''))
    .sort((a, b) => a.id - b.id)
    .map((row) => {
      const mobile = text(row.phone) === '' ? undefined : normalizeMobile(text(row.phone));
      const email = usableEmail(row.email);
      return {
        userId: row.id,
        nickname: text(row.nickname),
        mobile,
        email,
        admin: roles.get(row.id),
        malformed: mobile === undefined && email === undefined,
      };
    });
}
