import type { Context, Next } from '@nocobase/actions';
import { adminAuthenticator, setupLinksOf } from '../authenticators';
import { translate } from '../errors/translate';
import { readLastError } from '../last-error';
import { param } from './params';

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : undefined);

/**
 * `GET wecom:setupInfo?authenticator=[&origin=&redirectPath=]` (admins): what to enter in the WeCom console,
 * and the last setup error seen. With `origin` it previews values being typed into the form (also for an
 * authenticator not saved yet): the server is the one place that knows API_BASE_PATH and APP_PUBLIC_PATH.
 */
export async function setupInfo(ctx: Context, next: Next) {
  const name = text(param(ctx, 'authenticator')) ?? '';
  const found = await adminAuthenticator(ctx, name);
  const origin = text(param(ctx, 'origin'));
  if (!found && origin === undefined) ctx.throw(404, translate(ctx, 'WeCom authenticator not found.'));
  const links = name
    ? setupLinksOf(name, origin === undefined ? found!.options : { origin, redirectPath: text(param(ctx, 'redirectPath')) || undefined })
    : undefined;
  const last = found ? await readLastError(ctx, found.name) : undefined;
  ctx.body = {
    ...(links ?? {}),
    ...(last
      ? { lastError: { code: last.code, message: translate(ctx, last.message, last.params), helpUrl: last.helpUrl, at: last.at } }
      : {}),
  };
  await next();
}
