/**
 * Plain rows, straight from a collection's model: a sync reads every record of a source (10,000s), and building
 * repository models with their associations for each would cost more than the rest of a no-change run.
 */
import type { Database } from '@nocobase/database';

export type Row = Record<string, unknown>;

export async function plainRows(db: Database, collection: string, where: Row, attributes: string[]): Promise<Row[]> {
  return (await db.getModel(collection).findAll({ where, attributes, raw: true })) as unknown as Row[];
}

/** A JSON field of a plain row: SQLite answers text, PostgreSQL an object. */
export function jsonField<T>(value: unknown, fallback: T): T {
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as T;
    } catch {
      return fallback;
    }
  }
  return (value ?? fallback) as T;
}
