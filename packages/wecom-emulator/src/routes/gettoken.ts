import { ApiContext, ApiReply, fail, ok } from '../http/reply';
import { checkRate } from './guard';

/**
 * GET /cgi-bin/gettoken?corpid&corpsecret (A1). Validation order (A11):
 * 41002 → 40013 → 41004 → 40001 / 40091 → 50003 → 45009. Not subject to trusted IPs.
 */
export function gettoken(ctx: ApiContext): ApiReply {
  const { core, query } = ctx;
  const corpId = query.get('corpid');
  if (!corpId) return fail(ctx, 41002);
  const corp = core.directory.corps.get(corpId);
  if (!corp) return fail(ctx, 40013);
  const secret = query.get('corpsecret');
  if (!secret) return fail(ctx, 41004);
  const app = corp.appsBySecret.get(secret);
  if (!app) return fail(ctx, core.behaviour.wrongSecretErrcode);
  if (!app.seed.enabled) return fail(ctx, 50003);
  const limited = checkRate(ctx, corpId);
  if (limited) return limited;
  const ttl = core.behaviour.tokenTtlSeconds;
  const record = core.tokens.obtain(corpId, app.agentId, ctx.now, ttl);
  const expiresIn = core.behaviour.repeatTokenExpiresIn === 'full' ? ttl : Math.round((record.expiresAt - ctx.now) / 1000);
  return ok({ access_token: record.token, expires_in: expiresIn });
}
