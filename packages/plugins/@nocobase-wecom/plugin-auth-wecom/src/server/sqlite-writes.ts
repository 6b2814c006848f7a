import type { Context } from '@nocobase/actions';

/**
 * On SQLite NocoBase has one connection, and two transactions on it collide
 * ("cannot start a transaction within a transaction"), e.g. the token rows
 * written by parallel sign-ins. There, our writes take turns; elsewhere this
 * is a no-op.
 */
export function takeTurnsOnSqlite<T>(ctx: Context, write: () => Promise<T>): Promise<T> {
  if (ctx.db?.sequelize?.getDialect?.() !== 'sqlite') return write();
  return ctx.app.lockManager.runExclusive('wecom:sqlite-writes', write, 60_000);
}
