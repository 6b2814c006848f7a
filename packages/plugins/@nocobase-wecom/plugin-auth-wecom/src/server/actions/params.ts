import type { Context } from '@nocobase/actions';

/** A request value from the action params (query and body merged by the resourcer) or the raw query. */
export function param(ctx: Context, name: string): unknown {
  const params = ctx.action?.params ?? {};
  const fromValues = params.values && typeof params.values === 'object' ? params.values[name] : undefined;
  const value = fromValues ?? params[name] ?? ctx.query?.[name];
  return Array.isArray(value) ? value[0] : value;
}
