import type { Database, Model } from '@nocobase/database';
import { jsonField } from '../sync/plain-rows';

/**
 * A member WeCom says has left (status 5, gone from the directory, `user/get` 60111) or is disabled. The binding
 * is kept, for the audit trail, with this mark in its `meta`; a bound sign-in reads it and is refused. A member
 * who is active again in a later sync loses the mark.
 */
export interface Departure {
  reason: 'left' | 'disabled';
  /** ISO time it was first seen. */
  at: string;
}

export function departureOf(meta: unknown): Departure | undefined {
  const departed = jsonField<Record<string, unknown>>(meta, {}).departed as Departure | undefined;
  return departed && (departed.reason === 'left' || departed.reason === 'disabled') ? departed : undefined;
}

/** The binding rows of `userid` (case-insensitive, as WeCom compares userids) to `authenticator`. */
export async function bindingsOf(db: Database, authenticator: string, userid: string): Promise<Model[]> {
  const repo = db.getRepository('usersAuthenticators');
  const exact: Model[] = await repo.find({ filter: { authenticator, uuid: userid } });
  if (exact.length > 0) return exact;
  const all: Model[] = await repo.find({ filter: { authenticator }, fields: ['uuid', 'userId', 'meta'] });
  return all.filter((row) => String(row.get('uuid')).toLowerCase() === userid.toLowerCase());
}

/** Marks the member's bindings departed; whether any was not marked with this reason before. */
export async function markDeparted(db: Database, authenticator: string, userid: string, reason: Departure['reason']): Promise<boolean> {
  let changed = false;
  for (const row of await bindingsOf(db, authenticator, userid)) {
    const meta = jsonField<Record<string, unknown>>(row.get('meta'), {});
    if (departureOf(meta)?.reason === reason) continue;
    const departed: Departure = { reason, at: new Date().toISOString() };
    await db.getModel('usersAuthenticators').update(
      { meta: { ...meta, departed } },
      { where: { authenticator, uuid: row.get('uuid'), userId: row.get('userId') } },
    );
    changed = true;
  }
  return changed;
}

/** The meta without the departure mark. */
export function withoutDeparture(meta: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...meta };
  delete rest.departed;
  return rest;
}
