import type { Context, Next } from '@nocobase/actions';
import type { Model } from '@nocobase/database';
import { SYNC_SOURCE_TYPE } from '../../common/settings/sync-source';
import { authType } from '../../constants';

/**
 * What admins' browsers get instead of a stored secret, and send back to mean "keep the stored one". WeCom
 * Secrets are 43 characters of base64; this is never one.
 */
export const SECRET_MASK = '••••••••';
/** A reference to a NocoBase variable is not the secret itself: it is shown as it is. */
const VARIABLE = /^\{\{\s*\$env\.[\w.]+\s*\}\}$/;

type Values = Record<string, unknown>;
const isRecord = (value: unknown): value is Values => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The records whose `options` hold our secrets, and where. */
interface SecretHolder {
  resource: string;
  typeField: string;
  type: string;
  paths: readonly (readonly string[])[];
}

const HOLDERS: readonly SecretHolder[] = [
  { resource: 'authenticators', typeField: 'authType', type: authType, paths: [['wecom', 'secret']] },
  { resource: 'userDataSyncSources', typeField: 'sourceType', type: SYNC_SOURCE_TYPE, paths: [['contactsSecret'], ['eventToken'], ['eventAESKey']] },
];

function read(options: unknown, path: readonly string[]): unknown {
  let node: unknown = options;
  for (const key of path) node = isRecord(node) ? node[key] : undefined;
  return node;
}

function write(options: Values, path: readonly string[], value: unknown): Values {
  const [key, ...rest] = path;
  if (rest.length === 0) return { ...options, [key]: value };
  return { ...options, [key]: write(isRecord(options[key]) ? (options[key] as Values) : {}, rest, value) };
}

const hidden = (secret: unknown) => typeof secret === 'string' && secret !== '' && !VARIABLE.test(secret);

/** One record as sent to a browser: each secret becomes the mask. */
function masked(holder: SecretHolder, item: unknown): unknown {
  const row = isRecord(item) && typeof (item as { toJSON?: unknown }).toJSON === 'function' ? (item as unknown as Model).toJSON() : item;
  if (!isRecord(row) || row[holder.typeField] !== holder.type || !isRecord(row.options)) return item;
  let options = row.options as Values;
  for (const path of holder.paths) if (hidden(read(options, path))) options = write(options, path, SECRET_MASK);
  return { ...row, options };
}

function maskBody(holder: SecretHolder, body: unknown): unknown {
  if (Array.isArray(body)) return body.map((item) => masked(holder, item));
  if (isRecord(body) && Array.isArray(body.rows)) return { ...body, rows: body.rows.map((item) => masked(holder, item)) };
  return masked(holder, body);
}

/** The values of a save, each mask replaced by the stored secret (one stored row), or by '' (none). */
async function unmask(ctx: Context, holder: SecretHolder, values: Values[]): Promise<void> {
  const { actionName, params } = ctx.action;
  let stored: Values | undefined;
  if (actionName === 'update') {
    const rows: Model[] = await ctx.db.getRepository(holder.resource).find({ filterByTk: params.filterByTk, filter: params.filter });
    const ours = rows.filter((row) => row.get(holder.typeField) === holder.type);
    stored = ours.length === 1 ? ((ours[0].get('options') as Values | null) ?? {}) : undefined;
  }
  for (const value of values) {
    if (!isRecord(value.options)) continue;
    for (const path of holder.paths) {
      if (read(value.options, path) === SECRET_MASK) value.options = write(value.options as Values, path, read(stored, path) ?? '');
    }
  }
}

/** Replaces the secrets in the action's params once the action ran: NocoBase's request log writes them out. */
function redactParams(holder: SecretHolder, values: Values[]): void {
  for (const value of values) {
    if (!isRecord(value.options)) continue;
    for (const path of holder.paths) if (hidden(read(value.options, path))) value.options = write(value.options as Values, path, SECRET_MASK);
  }
}

/**
 * Secrets are write-only, for WeCom authenticators (the Secret) and WeCom sync sources (the contact-sync
 * Secret, the event Token and EncodingAESKey): `get` / `list` send the mask instead, a save that sends the
 * mask back keeps the stored value, and what a save sent is masked in the request log. Runs before the save
 * validation, so that checks what will be stored.
 */
export function secretWriteOnly() {
  return async function wecomSecretWriteOnly(ctx: Context, next: Next) {
    const { resourceName, actionName, params } = ctx.action ?? {};
    const holder = HOLDERS.find((item) => item.resource === resourceName);
    if (!holder) return next();
    if (actionName === 'get' || actionName === 'list') {
      await next();
      ctx.body = maskBody(holder, ctx.body);
      return;
    }
    if (actionName !== 'create' && actionName !== 'update') return next();
    const values: Values[] = (Array.isArray(params?.values) ? params.values : [params?.values]).filter(isRecord);
    await unmask(ctx, holder, values);
    try {
      await next();
    } finally {
      redactParams(holder, values);
    }
  };
}
