import type { Context } from '@nocobase/actions';

/**
 * One line per change of a WeCom binding made from a profile or by an admin: which member, which user, and
 * who did it. Userids and user ids only, never a code or token.
 */
export function logBindingChange(
  ctx: Context,
  what: 'linked' | 'link refused' | 'unlinked',
  details: { authenticator: string; memberId?: string; userId: string; by: string; result?: string },
): void {
  const logger = ctx.logger ?? ctx.app?.logger;
  const level = what === 'link refused' ? 'warn' : 'info';
  logger?.[level]?.(`WeCom ${what}`, {
    method: `wecom:${what === 'unlinked' ? 'unlink' : 'link'}`,
    authenticator: details.authenticator,
    userid: details.memberId,
    userId: details.userId,
    by: details.by,
    ...(details.result ? { result: details.result } : {}),
  });
}
