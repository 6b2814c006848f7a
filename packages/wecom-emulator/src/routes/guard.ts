import { ApiContext, ApiReply, fail } from '../http/reply';
import { AppState, CONTACT_SYNC_AGENT_ID, CorpState } from '../state/directory';
import { TokenRecord } from '../state/tokens';

/** What a contact-sync token may call: the directory read APIs (C1). */
export const CONTACT_SYNC_PATHS: ReadonlySet<string> = new Set([
  '/cgi-bin/user/get',
  '/cgi-bin/user/list',
  '/cgi-bin/user/simplelist',
  '/cgi-bin/user/list_id',
  '/cgi-bin/user/getuserid',
  '/cgi-bin/user/get_userid_by_email',
  '/cgi-bin/department/list',
  '/cgi-bin/department/simplelist',
  '/cgi-bin/department/get',
]);

/** Contact-sync calls refused with 48009 when the `contactSyncIpAddedAfterCutoff` option is on (C0.1, C4). */
const CUTOFF_48009_PATHS: ReadonlySet<string> = new Set(['/cgi-bin/user/get', '/cgi-bin/user/list', '/cgi-bin/department/list']);

export interface Caller {
  readonly app: AppState;
  readonly corp: CorpState;
  readonly token: TokenRecord;
}

/** The per-corp and per-IP limits of A9, counted per API path. Null when the call may go on. */
export function checkRate(ctx: ApiContext, corpId: string): ApiReply | null {
  const limits = ctx.core.behaviour.rateLimits;
  const limiter = ctx.core.rateLimiter;
  const corpOk = limiter.hit(`c\u0000${corpId}\u0000${ctx.path}`, { perMinute: limits.perCorpPerApiPerMinute, perHour: limits.perCorpPerApiPerHour }, ctx.now);
  const ipOk = limiter.hit(`i\u0000${ctx.ip}\u0000${ctx.path}`, { perMinute: limits.perIpPerApiPerMinute, perHour: limits.perIpPerApiPerHour }, ctx.now);
  return corpOk && ipOk ? null : fail(ctx, 45009);
}

/**
 * The checks every data API makes first, in WeCom's order (A11):
 * 41001 no token → 40014 unknown or revoked → 42001 expired → 50003 app disabled → 60020 IP not trusted → 45009.
 * gettoken does not come through here: it is not IP-restricted (A1).
 */
export function authenticate(ctx: ApiContext, options: { rateLimit: boolean } = { rateLimit: true }): Caller | ApiReply {
  const tokenText = ctx.query.get('access_token');
  if (!tokenText) return fail(ctx, 41001);
  const token = ctx.core.tokens.lookup(tokenText);
  if (!token || token.revoked) return fail(ctx, 40014);
  const corp = ctx.core.directory.corps.get(token.corpId);
  const app = token.agentId === CONTACT_SYNC_AGENT_ID ? corp?.contactSync : corp?.apps.get(token.agentId);
  if (!corp || !app) return fail(ctx, 40014);
  if (token.expiresAt <= ctx.now) return fail(ctx, 42001);
  if (!app.seed.enabled) return fail(ctx, 50003);
  if (app.trustedIps !== null && !app.trustedIps.has(ctx.ip)) return fail(ctx, 60020);
  // The contact-sync secret opens the directory APIs only (C0.3); anything else is 48002 (our choice).
  if (app.isContactSync && !CONTACT_SYNC_PATHS.has(ctx.path)) return fail(ctx, 48002);
  if (app.isContactSync && ctx.core.behaviour.contactSyncIpAddedAfterCutoff && CUTOFF_48009_PATHS.has(ctx.path)) return fail(ctx, 48009);
  if (options.rateLimit) {
    const limited = checkRate(ctx, corp.corpId);
    if (limited) return limited;
  }
  return { app, corp, token };
}
