import { createHash } from 'node:crypto';
import { PageContext, PageReply, page, redirect } from '../http/reply';
import { consentPage } from '../pages/consent-page';
import { PAGE_MESSAGES, errorPage } from '../pages/error-page';
import { memberPickerPage } from '../pages/member-picker';
import { CodeGrant, CodeSubject, Scope } from '../state/codes';
import { AppState, CorpState, isVisible } from '../state/directory';
import { USERID_COOKIE, cookieValue, inactiveMemberPage, normaliseAgentId, userCookie } from './page-helpers';
import { STATE_PATTERN, appendQuery, redirectHostOf } from './redirect-uri';

export const OAUTH_PATH = '/connect/oauth2/authorize';

/** An `emulator_openid` not in the seed is used as is when it looks like an openid (≤ 64 bytes, A4.1). */
const OPENID = /^[A-Za-z0-9_-]{1,64}$/;

interface Request {
  corp: CorpState;
  app: AppState | null;
  scope: Scope;
  state: string;
  redirectUri: string;
  redirectHost: string;
}

/** The checks before anyone is identified; a page when one fails. Order documented in the README. */
function validate(ctx: PageContext): Request | PageReply {
  const q = ctx.query;
  const corp = ctx.core.directory.corps.get(q.get('appid') ?? '');
  if (!corp) return page(errorPage(PAGE_MESSAGES.invalidAppid, `appid: ${q.get('appid') ?? '(missing)'}`));
  let app: AppState | null = null;
  const agentText = q.get('agentid');
  if (agentText) {
    const agentId = normaliseAgentId(agentText);
    app = (agentId !== null && corp.apps.get(agentId)) || null;
    if (!app) return page(errorPage(PAGE_MESSAGES.invalidAgentid, `agentid: ${agentText}`));
    if (!app.seed.enabled) return page(errorPage(PAGE_MESSAGES.appDisabled));
  }
  if (q.get('response_type') !== 'code') return page(errorPage(PAGE_MESSAGES.badParam, 'response_type must be "code"'));
  const scopeText = q.get('scope');
  const known = scopeText === 'snsapi_base' || scopeText === 'snsapi_privateinfo';
  if (!scopeText || (!known && ctx.core.behaviour.unknownScope === 'error')) {
    return page(errorPage(PAGE_MESSAGES.badParam, 'scope must be snsapi_base or snsapi_privateinfo'));
  }
  const state = q.get('state') ?? '';
  if (!STATE_PATTERN.test(state)) return page(errorPage(PAGE_MESSAGES.badState));
  const redirectUri = q.get('redirect_uri') ?? '';
  const redirectHost = redirectHostOf(redirectUri);
  if (redirectHost === null) return page(errorPage(PAGE_MESSAGES.badParam, 'redirect_uri must be an http(s) URL'));
  const trusted = app ? app.trustedDomains : corp.anyAppTrustedDomains;
  if (!trusted.has(redirectHost)) return page(errorPage(PAGE_MESSAGES.untrustedRedirect, `redirect host: ${redirectHost}`));
  // Without agentid WeCom silently treats privateinfo as snsapi_base (A2).
  const scope: Scope = scopeText === 'snsapi_privateinfo' && app !== null ? 'snsapi_privateinfo' : 'snsapi_base';
  return { corp, app, scope, state, redirectUri, redirectHost };
}

function issue(ctx: PageContext, req: Request, subject: CodeSubject, consented: boolean, setCookie?: string): PageReply {
  const grant: CodeGrant = {
    corpId: req.corp.corpId,
    agentId: req.app?.agentId ?? null,
    subject,
    scope: subject.kind === 'member' ? req.scope : 'snsapi_base',
    redirectHost: req.redirectHost,
    source: 'oauth',
    consented,
  };
  const code = ctx.core.codes.issue(grant, ctx.now, ctx.core.behaviour.codeTtlSeconds);
  return redirect(appendQuery(req.redirectUri, [['code', code], ['state', req.state]]), setCookie);
}

/**
 * Personal WeChat: the flow completes, but as a non-member with an openid (A2, overtrue/socialite#192).
 * Which one: `emulator_openid`, else the seed's first non-member, else one derived from the corp id.
 */
function nonMemberSubject(ctx: PageContext, corp: CorpState): CodeSubject {
  const { directory } = ctx.core;
  const asked = ctx.query.get('emulator_openid') ?? '';
  const chosen = directory.nonMemberByOpenid.get(asked) ?? (OPENID.test(asked) ? undefined : directory.nonMembers[0]);
  if (chosen) return { kind: 'nonMember', openid: chosen.openid, externalUserId: chosen.externalUserId };
  if (OPENID.test(asked)) return { kind: 'nonMember', openid: asked, externalUserId: null };
  const openid = `o${createHash('sha256').update(`wechat-visitor:${corp.corpId}`).digest('base64url').slice(0, 27)}`;
  return { kind: 'nonMember', openid, externalUserId: null };
}

/**
 * GET /connect/oauth2/authorize (A2, A11 B1). The signed-in member comes from `emulator_userid` (query,
 * remembered in a cookie) or the picker page; `emulator_consent=1|0` answers the privateinfo consent page.
 */
export function oauthAuthorize(ctx: PageContext): PageReply {
  const ua = ctx.userAgent;
  const inWeCom = /wxwork\//i.test(ua);
  if (!inWeCom && !/micromessenger/i.test(ua)) return page(errorPage(PAGE_MESSAGES.notInClient));
  const req = validate(ctx);
  if ('kind' in req) return req;
  if (!inWeCom) return issue(ctx, req, nonMemberSubject(ctx, req.corp), false);
  const fromQuery = ctx.query.get('emulator_userid') ?? undefined;
  const userid = fromQuery || cookieValue(ctx.cookieHeader, USERID_COOKIE);
  const visible = (id: string): boolean => (req.app ? isVisible(req.app, id) : true);
  if (!userid) return page(memberPickerPage(req.corp, OAUTH_PATH, ctx.query, visible));
  const member = req.corp.members.get(userid);
  if (!member) return page(memberPickerPage(req.corp, OAUTH_PATH, ctx.query, visible, `没有成员 ${userid} · No member "${userid}" in this corp`));
  const inactive = inactiveMemberPage(member, ctx.core.behaviour);
  if (inactive) return inactive;
  const setCookie = fromQuery ? userCookie(userid) : undefined;
  const subject: CodeSubject = { kind: 'member', userid };
  if (req.scope !== 'snsapi_privateinfo' || !req.app) return issue(ctx, req, subject, false, setCookie);
  if (!isVisible(req.app, userid)) return page(errorPage(PAGE_MESSAGES.noPermission, `userid: ${userid}`));
  const consent = ctx.query.get('emulator_consent');
  if (consent === '1') return issue(ctx, req, subject, true, setCookie);
  if (consent === '0') return page(errorPage(PAGE_MESSAGES.declined));
  return page(consentPage(OAUTH_PATH, ctx.query, userid, member.seed.name, req.app.seed.name, req.app.sensitiveFields));
}
