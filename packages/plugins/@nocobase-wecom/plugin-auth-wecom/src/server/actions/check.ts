import type { Context, Next } from '@nocobase/actions';
import { describeForAdmin, translate, translateDescription } from '../errors/translate';
import { clearLastError } from '../last-error';
import { isConfigured } from '../options';
import { getWeComClient } from '../wecom-clients';
import { adminAuthenticator } from '../authenticators';
import { param } from './params';

/** `POST wecom:check { authenticator }` (admins): fetches a fresh token and probes WeCom with it. */
export async function check(ctx: Context, next: Next) {
  const found = await adminAuthenticator(ctx, param(ctx, 'authenticator'));
  if (!found) ctx.throw(404, translate(ctx, 'WeCom authenticator not found.'));
  if (!isConfigured(found.options)) {
    ctx.body = { ok: false, code: 'WECOM_NOT_CONFIGURED', message: translate(ctx, 'Fill in the corp ID, agent ID, secret and origin first.') };
    return next();
  }
  try {
    await getWeComClient(ctx.app, found.options).checkCredentials();
    await clearLastError(ctx, found.name).catch(() => undefined);
    ctx.body = { ok: true };
  } catch (error) {
    const description = describeForAdmin(error);
    ctx.body = {
      ok: false,
      code: description.code,
      errcode: description.params.errcode,
      message: translateDescription(ctx, description),
      helpUrl: description.helpUrl,
    };
  }
  await next();
}
