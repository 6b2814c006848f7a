import type { Context, Next } from '@nocobase/actions';
import type { Model } from '@nocobase/database';
import { authType } from '../../constants';

/**
 * What admins' browsers get instead of a stored Secret, and send back to mean "keep the stored one". WeCom
 * Secrets are 43 characters of base64; this is never one.
 */
export const SECRET_MASK = '••••••••';
/** A reference to a NocoBase variable is not the secret itself: it is shown as it is. */
const VARIABLE = /^\{\{\s*\$env\.[\w.]+\s*\}\}$/;

type Values = Record<string, unknown>;
const isRecord = (value: unknown): value is Values => value !== null && typeof value === 'object' && !Array.isArray(value);

function secretOf(options: unknown): unknown {
  return isRecord(options) && isRecord(options.wecom) ? options.wecom.secret : undefined;
}

function withSecret(options: Values, secret: unknown): Values {
  return { ...options, wecom: { ...(options.wecom as Values), secret } };
}

/** One authenticator as sent to a browser: a WeCom Secret becomes the mask. */
function masked(item: unknown): unknown {
  const row = isRecord(item) && typeof (item as { toJSON?: unknown }).toJSON === 'function' ? (item as unknown as Model).toJSON() : item;
  if (!isRecord(row) || row.authType !== authType || !isRecord(row.options)) return item;
  const secret = secretOf(row.options);
  if (typeof secret !== 'string' || secret === '' || VARIABLE.test(secret)) return row;
  return { ...row, options: withSecret(row.options, SECRET_MASK) };
}

function maskBody(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(masked);
  if (isRecord(body) && Array.isArray(body.rows)) return { ...body, rows: body.rows.map(masked) };
  return masked(body);
}

/** The values of a save, each with the mask replaced by the stored Secret (one stored row), or by '' (none). */
async function unmask(ctx: Context, values: Values[]): Promise<void> {
  const { actionName, params } = ctx.action;
  let stored: unknown;
  if (actionName === 'update') {
    const rows: Model[] = await ctx.db.getRepository('authenticators').find({ filterByTk: params.filterByTk, filter: params.filter });
    const wecomRows = rows.filter((row) => row.get('authType') === authType);
    stored = wecomRows.length === 1 ? secretOf(wecomRows[0].get('options')) : undefined;
  }
  for (const value of values) {
    if (isRecord(value.options) && secretOf(value.options) === SECRET_MASK) value.options = withSecret(value.options, stored ?? '');
  }
}

/** Replaces the Secret in the action's params once the action ran: NocoBase's request log writes them out. */
function redactParams(values: Values[]): void {
  for (const value of values) {
    const secret = secretOf(value.options);
    if (typeof secret === 'string' && secret !== '' && !VARIABLE.test(secret)) value.options = withSecret(value.options as Values, SECRET_MASK);
  }
}

/**
 * The Secret is write-only: `authenticators:get` / `list` send the mask instead, a save that sends the mask
 * back keeps the stored Secret, and the Secret a save sent is masked in the request log. Runs before the
 * save validation, so that checks the Secret that will be stored.
 */
export function secretWriteOnly() {
  return async function wecomSecretWriteOnly(ctx: Context, next: Next) {
    const { resourceName, actionName, params } = ctx.action ?? {};
    if (resourceName !== 'authenticators') return next();
    if (actionName === 'get' || actionName === 'list') {
      await next();
      ctx.body = maskBody(ctx.body);
      return;
    }
    if (actionName !== 'create' && actionName !== 'update') return next();
    const values: Values[] = (Array.isArray(params?.values) ? params.values : [params?.values]).filter(isRecord);
    await unmask(ctx, values);
    try {
      await next();
    } finally {
      redactParams(values);
    }
  };
}
