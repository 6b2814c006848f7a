import type { Context } from '@nocobase/actions';

type Writer = Pick<Context, 'db'> & { app: Pick<Context['app'], 'lockManager'> };

/**
 * SQLite takes one writer at a time. In memory NocoBase has one connection, and two
 * transactions on it collide ("cannot start a transaction within a transaction"); on a
 * file each transaction opens its own connection, and a second writer is refused
 * (SQLITE_BUSY) instead of waiting. E.g. the token rows written by parallel sign-ins.
 * There, our writes take turns; elsewhere this is a no-op. Change events applied in
 * the background take turns with sign-ins the same way.
 */
export function takeTurnsOnSqlite<T>(ctx: Writer, write: () => Promise<T>): Promise<T> {
  if (ctx.db?.sequelize?.getDialect?.() !== 'sqlite') return write();
  return ctx.app.lockManager.runExclusive('wecom:sqlite-writes', write, 60_000);
}
