import type { Context } from '@nocobase/actions';
import { namespace } from '../../constants';
import { describeError, describeErrorForUser, type DescribeContext, type ErrorDescription } from '../wecom';
import { SignInError } from './sign-in-error';

export function translate(ctx: Context, message: string, params: Record<string, string> = {}): string {
  if (typeof ctx.t !== 'function') return message;
  // Params are plain text in a URL or JSON, never HTML: i18next must not entity-escape `/` or `&`.
  return ctx.t(message, { ns: namespace, ...params, interpolation: { escapeValue: false } });
}

/** A language tag as NocoBase names its locales (`zh-CN`, `en-US`, `zh-Hant-TW`), at most 35 characters. */
const LANGUAGE_TAG = /^(?=.{2,35}$)[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,3}$/;

/** `X-Locale`, else `?locale=`, else the app's language (NocoBase's i18n middleware). */
export function currentLocale(ctx: Context): string | undefined {
  const locale: unknown = ctx.getCurrentLocale?.();
  return typeof locale === 'string' && LANGUAGE_TAG.test(locale) ? locale : undefined;
}

/**
 * Switches this request's `ctx.t` to `locale`, the way NocoBase's i18n middleware sets it up. The callback
 * uses it to answer in the language the sign-in started in.
 */
export async function switchLocale(ctx: Context, locale: string | undefined): Promise<void> {
  if (!locale || locale === currentLocale(ctx)) return;
  const localeManager = ctx.app?.localeManager;
  if (!localeManager) return;
  try {
    const i18n = await localeManager.getI18nInstance(locale);
    await i18n.changeLanguage(locale);
    await localeManager.loadResourcesByLang(locale);
    ctx.i18n = i18n;
    ctx.t = i18n.t.bind(i18n);
  } catch {
    // keep the request's language
  }
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
    return error.adminMessage
      ? { code: error.code, audience: 'admin', message: error.adminMessage, params: error.params }
      : { code: error.code, audience: 'user', message: error.message, params: error.params };
  }
  return describeError(error, context);
}
