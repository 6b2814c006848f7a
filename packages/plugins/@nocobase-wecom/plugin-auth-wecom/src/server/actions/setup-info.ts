import type { Context, Next } from '@nocobase/actions';
import { translate } from '../errors/translate';
import { setupLinksOf } from '../flow/load-authenticator';
import { readLastError } from '../last-error';
import { adminAuthenticator } from './admin-authenticator';
import { param } from './params';

/** `GET wecom:setupInfo?authenticator=` (admins): what to enter in the WeCom console, and the last setup error seen. */
export async function setupInfo(ctx: Context, next: Next) {
  const found = await adminAuthenticator(ctx, param(ctx, 'authenticator'));
  if (!found) ctx.throw(404, translate(ctx, 'WeCom authenticator not found.'));
  const links = setupLinksOf(found.name, found.options);
  const last = await readLastError(ctx, found.name);
  ctx.body = {
    ...(links ?? {}),
    ...(last
      ? {
          lastError: {
            code: last.code,
            message: translate(ctx, last.message, last.params),
            helpUrl: last.helpUrl,
            at: last.at,
          },
        }
      : {}),
  };
  await next();
}
