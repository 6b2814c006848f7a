import type { Context } from '@nocobase/actions';
import { buildRedirectPath, resolveSubAppSegment } from '@nocobase/plugin-auth';
import { LINK_RESULT_PARAM, type LinkResult } from '../../common/link-result';
import type { LoadedAuthenticator } from '../authenticators';
import { SignInError } from '../errors/sign-in-error';
import { describeForAdmin } from '../errors/translate';
import type { PendingFlow } from '../flow/flow-cookie';
import { appendQuery, appPublicPath, chooseTarget } from '../flow/redirect-target';
import { recordLastError } from '../last-error';
import { loadProfile } from '../users/profile';
import { redact } from '../wecom';
import { getWeComClient } from '../wecom-clients';
import { linkMember } from './link-member';
import { logBindingChange } from './log';

/** Our refusals that the user center explains in its own words; anything else is `failed`. */
const REFUSALS: Record<string, LinkResult> = {
  WECOM_NOT_A_MEMBER: 'not-member',
  WECOM_MEMBER_DISABLED: 'member-disabled',
  WECOM_MEMBER_LEFT: 'member-left',
};

/** The page the link started from, with `?wecom_link=<result>`. */
async function resultLocation(ctx: Context, flow: PendingFlow, result: LinkResult): Promise<string> {
  const subAppSegment = await resolveSubAppSegment(ctx.req, ctx.app.name);
  const path = buildRedirectPath({ appPublicPath: appPublicPath(), subAppSegment, target: chooseTarget(flow.redirect, undefined) });
  return appendQuery(path, new URLSearchParams({ [LINK_RESULT_PARAM]: result }));
}

async function linkResult(ctx: Context, loaded: LoadedAuthenticator, flow: PendingFlow, code: string): Promise<LinkResult> {
  const userId = flow.linkUserId;
  if (!userId) return 'failed';
  try {
    const client = getWeComClient(ctx.app, loaded.options);
    const identity = await client.getUserInfoByCode(code);
    if (identity.kind === 'nonMember') return 'not-member';
    // `user/get`: the name, and disabled or departed members are refused.
    const profile = await loadProfile(client, identity.userId, undefined);
    const result = await linkMember(ctx, loaded.name, userId, profile);
    logBindingChange(ctx, result === 'linked' ? 'linked' : 'link refused', { authenticator: loaded.name, memberId: profile.userId, userId, by: userId, result });
    return result;
  } catch (error) {
    const refusal = error instanceof SignInError ? REFUSALS[error.code] : undefined;
    const admin = describeForAdmin(error);
    const logger = ctx.logger ?? ctx.app?.logger;
    logger?.[refusal ? 'warn' : 'error']?.(`WeCom link failed: ${admin.code}`, {
      method: 'wecom:callback',
      authenticator: loaded.name,
      userId,
      code: admin.code,
      error: error instanceof Error ? redact(error.message) : undefined,
    });
    try {
      await recordLastError(ctx, loaded.name, admin);
    } catch {
      // the cache being down must not turn a failed link into a 500
    }
    return refusal ?? 'failed';
  }
}

/**
 * The callback of a link flow (`intent: 'link'` in the signed flow cookie): binds the member WeCom names to the
 * user who started the flow and sends the browser back to the page it came from. Never signs anyone in: no
 * hand-off code, no token.
 */
export async function linkCallback(ctx: Context, loaded: LoadedAuthenticator, flow: PendingFlow, code: string): Promise<void> {
  const result = await linkResult(ctx, loaded, flow, code);
  ctx.set('Cache-Control', 'no-store');
  ctx.redirect(await resultLocation(ctx, flow, result));
}
