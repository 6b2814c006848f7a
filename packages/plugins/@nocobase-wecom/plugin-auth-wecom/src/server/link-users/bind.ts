/**
 * Binds one user to the member WeCom named, in one transaction, serialised with sign-ins binding that member.
 * Refused when the member is bound to another user, or when a second user of this run resolves to a member
 * the run already linked: then both are ambiguous and the first link is taken back.
 */
import type { Database, Transaction } from '@nocobase/database';
import { lockName } from '../flow/sign-in-store';
import { takeTurnsOnSqlite } from '../sqlite-writes';
import type { Candidate } from './candidates';
import type { Outcome, RunState } from './state';

export interface BindHost {
  db: Database;
  lockManager: { runExclusive<T>(key: string, fn: () => Promise<T>, ttl?: number): Promise<T> };
  logger?: { info?(message: string, meta?: object): void };
}

interface Found {
  userid: string;
  via: 'mobile' | 'email';
}

async function bindingsOfMember(db: Database, authenticator: string, key: string, transaction: Transaction) {
  const { sequelize } = db;
  const rows = await db.getModel('usersAuthenticators').findAll({
    where: { authenticator, uuid: sequelize.where(sequelize.fn('lower', sequelize.col('uuid')), key) },
    attributes: ['uuid', 'userId'],
    raw: true,
    transaction,
  });
  return rows as unknown as { uuid: string; userId: number }[];
}

async function bindInTransaction(host: BindHost, authenticator: string, candidate: Candidate, found: Found, state: RunState, transaction: Transaction): Promise<Outcome> {
  const key = found.userid.toLowerCase();
  const model = host.db.getModel('usersAuthenticators');
  if (state.ambiguous[key]) return 'ambiguous';
  const userBound = await model.count({ where: { authenticator, userId: candidate.userId }, transaction });
  // Bound since the run listed them (a sign-in): nothing to link.
  if (userBound > 0) return 'boundElsewhere';
  const others = (await bindingsOfMember(host.db, authenticator, key, transaction)).filter((row) => Number(row.userId) !== candidate.userId);
  if (others.length > 0) {
    const first = state.linkedBy[key];
    if (others.length !== 1 || Number(others[0].userId) !== first) return 'boundElsewhere';
    await model.destroy({ where: { authenticator, userId: first, uuid: others[0].uuid }, transaction });
    state.ambiguous[key] = true;
    state.outcomes[String(first)] = 'ambiguous';
    delete state.linkedBy[key];
    host.logger?.info?.('WeCom link taken back: two users have this member', { authenticator, userid: found.userid, userIds: [first, candidate.userId] });
    return 'ambiguous';
  }
  // The values a first sign-in would write; a fresh binding spares that sign-in the `user/get` refresh.
  await model.create(
    { authenticator, userId: candidate.userId, uuid: found.userid, nickname: candidate.nickname, avatar: '', meta: { linkedBy: found.via } },
    { transaction },
  );
  state.linkedBy[key] = candidate.userId;
  host.logger?.info?.('WeCom member linked to an existing user', { authenticator, userid: found.userid, userId: candidate.userId, via: found.via });
  return 'linked';
}

export function bindCandidate(host: BindHost, authenticator: string, candidate: Candidate, found: Found, state: RunState): Promise<Outcome> {
  return host.lockManager.runExclusive(
    lockName('wecom:bind', `${authenticator}\n${found.userid.toLowerCase()}`),
    () =>
      takeTurnsOnSqlite({ db: host.db, app: host }, () =>
        host.db.sequelize.transaction((transaction: Transaction) => bindInTransaction(host, authenticator, candidate, found, state, transaction)),
      ),
    60_000,
  );
}
