import type { Context, Next } from '@nocobase/actions';
import type { Model } from '@nocobase/database';
import { authType } from '../../constants';
import { translate } from '../errors/translate';
import { readOptions } from '../options';
import { VALIDATION_MESSAGES, validateOptions, type Problem } from './validate-options';

type Values = Record<string, unknown>;

function isRecord(value: unknown): value is Values {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** One authenticator as it will be stored after the save. */
interface Outcome {
  name?: string;
  authType: unknown;
  enabled: boolean;
  options: unknown;
}

/**
 * An update replaces each field it sends and keeps the others; `options` is one JSON field, so a partial
 * `options` replaces the stored one entirely (it is not merged), and is checked as such.
 */
function afterSave(stored: Values, values: Values): Outcome {
  const merged = { ...stored, ...values };
  return {
    name: typeof merged.name === 'string' ? merged.name : undefined,
    authType: merged.authType,
    enabled: Boolean(merged.enabled),
    options: merged.options ?? {},
  };
}

/** What a create or an update (by filterByTk or by filter) will leave in the table; undefined when it is not a save. */
async function outcomesOf(ctx: Context): Promise<Outcome[] | undefined> {
  const { resourceName, actionName, params } = ctx.action ?? {};
  if (resourceName !== 'authenticators') return undefined;
  if (actionName === 'create') {
    const items = Array.isArray(params?.values) ? params.values : [params?.values];
    return items.map((item: unknown) => afterSave({}, isRecord(item) ? item : {}));
  }
  if (actionName !== 'update') return undefined;
  const { filterByTk, filter } = params ?? {};
  // Neither: NocoBase refuses the update itself.
  if (filterByTk === undefined && filter === undefined) return [];
  const rows: Model[] = await ctx.db.getRepository('authenticators').find({ filterByTk, filter });
  const values = isRecord(params?.values) ? params.values : {};
  return rows.map((row) => afterSave(row.toJSON() as Values, values));
}

/** Options as sign-ins will see them: NocoBase resolves `{{$env.X}}` variables and secrets when it loads them. */
function rendered(ctx: Context, options: unknown): unknown {
  try {
    return ctx.app.environment?.renderJsonTemplate(options) ?? options;
  } catch {
    return options;
  }
}

function autoLoginOn(outcome: Outcome): boolean {
  return outcome.enabled && readOptions(outcome.options).autoLogin;
}

/** An enabled WeCom authenticator with automatic login that this save does not touch, or a second one it saves. */
async function autoLoginConflict(ctx: Context, saved: Outcome[]): Promise<string | undefined> {
  const turningOn = saved.filter(autoLoginOn);
  if (turningOn.length === 0) return undefined;
  if (turningOn.length > 1) return turningOn[0].name ?? '';
  const names = new Set(saved.map((outcome) => outcome.name));
  const rows: Model[] = await ctx.db.getRepository('authenticators').find({ filter: { authType, enabled: true } });
  const other = rows.find((row) => !names.has(row.get('name') as string) && readOptions(row.get('options')).autoLogin);
  return other ? String(other.get('name')) : undefined;
}

/**
 * Refuses to save a WeCom authenticator with unusable settings: 400 with
 * translated messages, nothing written. Runs before `authenticators:create|update`.
 */
export function validateAuthenticatorSave() {
  return async function validateWeComAuthenticator(ctx: Context, next: Next) {
    const outcomes = await outcomesOf(ctx);
    const saved = (outcomes ?? []).filter((outcome) => outcome.authType === authType);
    if (saved.length === 0) return next();

    const problems: Problem[] = saved.flatMap((outcome) => validateOptions(rendered(ctx, outcome.options)));
    const other = await autoLoginConflict(ctx, saved);
    if (other !== undefined) problems.push({ message: VALIDATION_MESSAGES.autoLoginTaken, params: { name: other } });
    if (problems.length > 0) {
      const messages = problems.map(({ message, params = {} }) => {
        const translated: Record<string, string> = { ...params };
        if (params.field) translated.field = translate(ctx, params.field);
        if (params.problem) translated.problem = translate(ctx, params.problem);
        return translate(ctx, message, translated);
      });
      ctx.throw(400, [...new Set(messages)].join(' '));
    }
    return next();
  };
}
