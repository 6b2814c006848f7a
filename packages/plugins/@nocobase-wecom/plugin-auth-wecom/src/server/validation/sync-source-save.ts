import type { Context, Next } from '@nocobase/actions';
import type { Model } from '@nocobase/database';
import { REQUIRED_MESSAGE, validateSettings } from '../../common/settings/model';
import { SYNC_SOURCE_FIELDS, SYNC_SOURCE_TYPE } from '../../common/settings/sync-source';
import { authType } from '../../constants';
import { translate } from '../errors/translate';
import { VALIDATION_MESSAGES } from './validate-options';

type Values = Record<string, unknown>;
const isRecord = (value: unknown): value is Values => value !== null && typeof value === 'object' && !Array.isArray(value);

export const SYNC_VALIDATION_MESSAGES = {
  unknownAuthenticator: 'There is no WeCom authenticator named "{{name}}".',
  authenticatorTaken:
    'The WeCom authenticator "{{name}}" is already synced by the enabled source "{{source}}". One enabled source per authenticator: a second would mirror the departments a second time.',
} as const;

/** The WeCom sources a create or an update will store, with the options they will have. */
async function savedSources(ctx: Context): Promise<Values[]> {
  const { actionName, params } = ctx.action ?? {};
  if (actionName === 'create') {
    const items = (Array.isArray(params?.values) ? params.values : [params?.values]).filter(isRecord);
    return items.filter((item: Values) => item.sourceType === SYNC_SOURCE_TYPE);
  }
  if (actionName !== 'update' || (params?.filterByTk === undefined && params?.filter === undefined)) return [];
  const rows: Model[] = await ctx.db.getRepository('userDataSyncSources').find({ filterByTk: params.filterByTk, filter: params.filter });
  const values = isRecord(params?.values) ? params.values : {};
  return rows.map((row) => ({ ...(row.toJSON() as Values), ...values })).filter((item) => item.sourceType === SYNC_SOURCE_TYPE);
}

/** Another enabled WeCom source that syncs for the authenticator `name`. */
async function enabledSourceOf(ctx: Context, name: unknown, self: unknown): Promise<string | undefined> {
  if (typeof name !== 'string' || name === '') return undefined;
  const rows: Model[] = await ctx.db.getRepository('userDataSyncSources').find({ filter: { sourceType: SYNC_SOURCE_TYPE, enabled: true } });
  const other = rows.find((row) => row.get('name') !== self && isRecord(row.get('options')) && (row.get('options') as Values).authenticator === name);
  return other ? String(other.get('name')) : undefined;
}

/** Refuses to save a WeCom sync source with unusable settings: 400 with translated messages, nothing written. */
export function validateSyncSourceSave() {
  return async function validateWeComSyncSource(ctx: Context, next: Next) {
    if (ctx.action?.resourceName !== 'userDataSyncSources') return next();
    const messages: string[] = [];
    for (const source of await savedSources(ctx)) {
      const options = ctx.app.environment?.renderJsonTemplate ? ctx.app.environment.renderJsonTemplate(source.options ?? {}) : source.options;
      for (const { field, message } of validateSettings(SYNC_SOURCE_FIELDS, options, {})) {
        const label = translate(ctx, field.label);
        messages.push(
          message === REQUIRED_MESSAGE
            ? translate(ctx, message, { field: label })
            : translate(ctx, VALIDATION_MESSAGES.fieldProblem, { field: label, problem: translate(ctx, message, { min: String(field.min ?? ''), max: String(field.max ?? '') }) }),
        );
      }
      const name = isRecord(options) ? options.authenticator : undefined;
      if (typeof name === 'string' && name !== '' && (await ctx.db.getRepository('authenticators').count({ filter: { name, authType } })) === 0) {
        messages.push(translate(ctx, SYNC_VALIDATION_MESSAGES.unknownAuthenticator, { name }));
      }
      const other = source.enabled ? await enabledSourceOf(ctx, name, source.name) : undefined;
      if (other) messages.push(translate(ctx, SYNC_VALIDATION_MESSAGES.authenticatorTaken, { name: String(name), source: other }));
    }
    if (messages.length > 0) ctx.throw(400, [...new Set(messages)].join(' '));
    return next();
  };
}
