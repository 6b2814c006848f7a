import type { Context } from '@nocobase/actions';
import { describeForAdmin, describeForUser, translateDescription } from '../errors/translate';
import { recordLastError } from '../last-error';
import { redact, type DescribeContext } from '../wecom';
import { failureLocation } from './redirect-target';

function log(ctx: Context, level: 'warn' | 'error', message: string, meta: Record<string, unknown>) {
  const logger = ctx.logger ?? ctx.app?.logger;
  logger?.[level]?.(message, meta);
}

/**
 * Logs a failed sign-in for the admin, remembers setup problems for
 * `wecom:setupInfo`, and sends the browser to the sign-in page with a
 * translated message for the person signing in.
 */
export async function redirectToSignIn(
  ctx: Context,
  failure: { authenticator: string; target: string; error: unknown; context?: DescribeContext },
): Promise<void> {
  const { authenticator, target, error, context } = failure;
  const admin = describeForAdmin(error, context);
  log(ctx, admin.audience === 'admin' ? 'error' : 'warn', `WeCom sign-in failed: ${admin.code}`, {
    method: 'wecom:callback',
    authenticator,
    code: admin.code,
    params: admin.params,
    error: error instanceof Error ? redact(error.message) : undefined,
  });
  try {
    await recordLastError(ctx, authenticator, admin);
  } catch {
    // the cache being down must not turn a failed sign-in into a 500
  }
  const message = translateDescription(ctx, describeForUser(error, context));
  ctx.set('Cache-Control', 'no-store');
  try {
    ctx.redirect(await failureLocation(ctx, target, authenticator, message));
  } catch {
    ctx.redirect(`/signin?${new URLSearchParams({ authenticator, error: message }).toString()}`);
  }
}
