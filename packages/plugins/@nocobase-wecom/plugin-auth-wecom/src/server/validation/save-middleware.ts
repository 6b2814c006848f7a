import type { Context, Next } from '@nocobase/actions';
import type { Model } from '@nocobase/database';
import { authType } from '../../constants';
import { translate } from '../errors/translate';
import { readOptions } from '../options';
import { VALIDATION_MESSAGES, validateOptions, type Problem } from './validate-options';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Deep-merges a partial update into the stored options, as the update will. */
function merge(stored: unknown, patch: unknown): unknown {
  if (!isRecord(stored) || !isRecord(patch)) return patch === undefined ? stored : patch;
  const result: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(patch)) result[key] = merge(stored[key], value);
  return result;
}

async function otherAutoLogin(ctx: Context, name: string | undefined): Promise<string | undefined> {
  const rows = await ctx.db.getRepository('authenticators').find({ filter: { authType, enabled: true } });
  const other = rows.find((row: Model) => row.get('name') !== name && readOptions(row.get('options')).public.autoLogin);
  return other ? String(other.get('name')) : undefined;
}

/**
 * Refuses to save a WeCom authenticator with unusable settings: 400 with
 * translated messages, nothing written. Runs before `authenticators:create|update`.
 */
export function validateAuthenticatorSave() {
  // Typed loosely: the resource manager's middleware context type is narrower than the actions' Context.
  return async function validateWeComAuthenticator(ctx: Context, next: Next) {
    const { resourceName, actionName, params } = ctx.action ?? {};
    if (resourceName !== 'authenticators' || (actionName !== 'create' && actionName !== 'update')) return next();
    const values = isRecord(params?.values) ? params.values : {};
    let stored: Model | undefined;
    if (actionName === 'update') {
      const filterByTk = params?.filterByTk;
      stored = filterByTk !== undefined ? await ctx.db.getRepository('authenticators').findOne({ filterByTk }) : undefined;
      if (!stored) return next();
    }
    const type = values.authType ?? stored?.get('authType');
    if (type !== authType) return next();

    const options = merge(stored?.get('options') ?? {}, values.options);
    const enabled = values.enabled ?? stored?.get('enabled') ?? false;
    const name = (values.name ?? stored?.get('name')) as string | undefined;
    const problems: Problem[] = validateOptions(options);
    if (enabled && readOptions(options).public.autoLogin) {
      const other = await otherAutoLogin(ctx, name);
      if (other) problems.push({ message: VALIDATION_MESSAGES.autoLoginTaken, params: { name: other } });
    }
    if (problems.length > 0) {
      const messages = problems.map(({ message, params = {} }) => {
        const translated: Record<string, string> = { ...params };
        if (params.field) translated.field = translate(ctx, params.field);
        return translate(ctx, message, translated);
      });
      ctx.throw(400, messages.join(' '));
    }
    return next();
  };
}
