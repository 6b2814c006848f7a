/**
 * A resource of plugin-user-data-sync that runs after `users` and `departments`: for each member record of a
 * WeCom source, it binds the user NocoBase made or updated to the source's authenticator. Records of other
 * sources pass untouched.
 */
import type { Database } from '@nocobase/database';
import type { Application } from '@nocobase/server';
import { bindSyncedMember } from './bindings';
import { fingerprint, type MemberRecord } from './records';
import { loadSyncSource } from './settings';
import { tallyOf } from './tally';

interface OriginRecord {
  sourceName: string;
  metaData: MemberRecord;
  resources?: { resource: string; resourcePk: string }[];
}

type ResourceBase = new (db: Database, logger: unknown) => { db: Database };

export const BINDINGS_RESOURCE = 'wecomBindings';

/** Which authenticator a source binds to, for a few seconds: a run asks once per member. */
function authenticatorLookup(app: Application) {
  const cache = new Map<string, { at: number; authenticator?: string }>();
  return async (sourceName: string): Promise<string | undefined> => {
    const hit = cache.get(sourceName);
    if (hit && Date.now() - hit.at < 10_000) return hit.authenticator;
    let authenticator: string | undefined;
    try {
      authenticator = (await loadSyncSource(app, sourceName))?.authenticator.name;
    } catch {
      authenticator = undefined;
    }
    cache.set(sourceName, { at: Date.now(), authenticator });
    return authenticator;
  };
}

export function bindingsResourceClass(Base: ResourceBase, app: Application) {
  const authenticatorOf = authenticatorLookup(app);
  return class WeComBindingsResource extends Base {
    name = BINDINGS_RESOURCE;
    accepts = ['user'];

    async create(record: OriginRecord): Promise<never[]> {
      await this.#bind(record);
      return [];
    }

    async update(record: OriginRecord): Promise<never[]> {
      await this.#bind(record);
      return [];
    }

    async #bind(record: OriginRecord): Promise<void> {
      const member = record.metaData;
      if (!member || member.isDeleted) return;
      const authenticator = await authenticatorOf(record.sourceName);
      if (!authenticator) return;
      const tally = tallyOf(record.sourceName);
      const pk = Number(record.resources?.find((item) => item.resource === 'users')?.resourcePk);
      const exists = Number.isFinite(pk) && (await this.db.getRepository('users').count({ filter: { id: pk } })) > 0;
      if (!exists) {
        if (tally) tally.errors += 1;
        app.logger?.warn?.('WeCom sync: member has no user (NocoBase could not save it, see the lines above)', { source: record.sourceName, userid: member.uid });
        return;
      }
      const outcome = await bindSyncedMember(this.db, authenticator, member, pk, fingerprint(member));
      if (outcome === 'bound' && tally) tally.bound += 1;
      if (outcome === 'conflict') {
        if (tally) tally.refused += 1;
        app.logger?.warn?.('WeCom sync: member not bound, the user or the userid is bound to someone else', { source: record.sourceName, userid: member.uid, userId: pk });
      }
    }
  };
}
