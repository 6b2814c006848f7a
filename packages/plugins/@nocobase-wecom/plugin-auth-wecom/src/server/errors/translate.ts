import type { Context } from '@nocobase/actions';
import { namespace } from '../../constants';
import { describeError, describeErrorForUser, type DescribeContext, type ErrorDescription } from '../wecom';
import { SignInError } from './sign-in-error';

export function translate(ctx: Context, message: string, params: Record<string, string> = {}): string {
  if (typeof ctx.t !== 'function') return message;
  // Params are plain text in a URL or JSON, never HTML: i18next must not entity-escape `/` or `&`.
  return ctx.t(message, { ns: namespace, ...params, interpolation: { escapeValue: false } });
}

export function translateDescription(ctx: Context, description: ErrorDescription): string {
  return translate(ctx, description.message, description.params);
}

/** What the person signing in is told. Our own refusals are already written for them. */
export function describeForUser(error: unknown, context?: DescribeContext): ErrorDescription {
  if (error instanceof SignInError) {
    return { code: error.code, audience: 'user', message: error.message, params: error.params };
  }
  return describeErrorForUser(error, context);
}

/** What an administrator is told (setup info, the check action, logs). */
export function describeForAdmin(error: unknown, context?: DescribeContext): ErrorDescription {
  if (error instanceof SignInError) {
    return { code: error.code, audience: 'user', message: error.message, params: error.params };
  }
  return describeError(error, context);
}
