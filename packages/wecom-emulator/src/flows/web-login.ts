import { PageContext, PageReply, page, redirect } from '../http/reply';
import { PAGE_MESSAGES, errorPage } from '../pages/error-page';
import { loginPanelPage, loginPanelResult } from '../pages/login-panel';
import { qrPanelPage } from '../pages/qr-panel';
import { AppState, CorpState, isVisible } from '../state/directory';
import { inactiveMemberPage, normaliseAgentId } from './page-helpers';
import { appendQuery, redirectHostOf } from './redirect-uri';

export const WWLOGIN_PATH = '/wwlogin/sso/login';
export const QR_CONNECT_PATH = '/wwopen/sso/qrConnect';

type Variant = 'wwlogin' | 'qrConnect';

interface Request {
  corp: CorpState;
  app: AppState;
  state: string;
  redirectUri: string;
  redirectHost: string;
}

/** "A bad parameter or domain mismatch shows the page 该链接无法访问" (A3.3); the detail says which. */
const unavailable = (detail: string): PageReply => page(errorPage(PAGE_MESSAGES.linkUnavailable, detail));

function validate(ctx: PageContext, variant: Variant): Request | PageReply {
  const q = ctx.query;
  if (variant === 'wwlogin') {
    const loginType = q.get('login_type');
    if (loginType === 'ServiceApp') return page(errorPage(PAGE_MESSAGES.serviceApp));
    if (loginType !== 'CorpApp') return unavailable('login_type must be CorpApp');
  }
  const corp = ctx.core.directory.corps.get(q.get('appid') ?? '');
  if (!corp) return unavailable(`invalid appid: ${q.get('appid') ?? '(missing)'}`);
  const agentId = normaliseAgentId(q.get('agentid') ?? '');
  const app = agentId === null ? undefined : corp.apps.get(agentId);
  if (!app) return unavailable(`invalid agentid: ${q.get('agentid') ?? '(missing)'}`);
  if (!app.seed.enabled) return page(errorPage(PAGE_MESSAGES.appDisabled));
  const redirectUri = q.get('redirect_uri') ?? '';
  const redirectHost = redirectHostOf(redirectUri);
  if (redirectHost === null) return unavailable('redirect_uri must be an http(s) URL');
  // The web-login callback domain or the OAuth trusted domain, matched exactly (A3.1).
  if (!app.webLoginDomains.has(redirectHost)) return unavailable(`redirect host ${redirectHost} is not a callback domain of this app`);
  return { corp, app, state: q.get('state') ?? '', redirectUri, redirectHost };
}

function issueCode(ctx: PageContext, req: Request, userid: string): string {
  return ctx.core.codes.issue(
    { corpId: req.corp.corpId, agentId: req.app.agentId, subject: { kind: 'member', userid }, scope: 'snsapi_base', redirectHost: req.redirectHost, source: 'weblogin', consented: false },
    ctx.now,
    ctx.core.behaviour.codeTtlSeconds,
  );
}

function approve(ctx: PageContext, req: Request, userid: string, variant: Variant): PageReply {
  const code = issueCode(ctx, req, userid);
  const params: Array<[string, string]> = [['code', code], ['state', req.state]];
  // The legacy page appends appid=CORPID (A3.3); whether the new one does is unverified.
  if (variant === 'qrConnect' || ctx.core.behaviour.webLoginAppendsAppid) params.push(['appid', req.corp.corpId]);
  return redirect(appendQuery(req.redirectUri, params));
}

/**
 * GET /wwlogin/sso/login (A3.1) and /wwopen/sso/qrConnect (A3.3), A11 B2/B3. Shows the QR panel; the
 * "scan" is `emulator_userid=<userid>` (approve at once) or `emulator_action=deny` (back with only `state`).
 * Codes from here never carry a user_ticket.
 */
function webLogin(ctx: PageContext, variant: Variant): PageReply {
  const req = validate(ctx, variant);
  if ('kind' in req) return req;
  if (variant === 'wwlogin' && isPanel(ctx.query)) return loginPanel(ctx, req);
  const path = variant === 'wwlogin' ? WWLOGIN_PATH : QR_CONNECT_PATH;
  const visible = (id: string): boolean => isVisible(req.app, id);
  if (ctx.query.get('emulator_action') === 'deny') return redirect(appendQuery(req.redirectUri, [['state', req.state]]));
  const userid = ctx.query.get('emulator_userid');
  if (!userid) return page(qrPanelPage(req.corp, req.app.seed.name, path, ctx.query, visible));
  const member = req.corp.members.get(userid);
  if (!member) return page(qrPanelPage(req.corp, req.app.seed.name, path, ctx.query, visible, `没有成员 ${userid} · No member "${userid}" in this corp`));
  const inactive = inactiveMemberPage(member, ctx.core.behaviour);
  if (inactive) return inactive;
  if (!visible(userid) && ctx.core.behaviour.webLoginOutsideVisibleRange === 'no-permission') {
    return page(errorPage(PAGE_MESSAGES.noPermission, `userid: ${userid}`));
  }
  return approve(ctx, req, userid, variant);
}

export const wwLogin = (ctx: PageContext): PageReply => webLogin(ctx, 'wwlogin');
export const qrConnect = (ctx: PageContext): PageReply => webLogin(ctx, 'qrConnect');

/** `createWWLoginPanel` loads this page in its iframe with `redirect_type` and the SDK's `version`. */
function isPanel(query: URLSearchParams): boolean {
  return query.has('redirect_type') || query.has('version');
}

/** [unverified] codes and texts of `onLoginFail`: WeCom does not document them. */
export const PANEL_FAILURES = {
  denied: { errCode: 1, errMsg: '用户拒绝登录 · The member refused to sign in' },
  unknownMember: { errCode: 2, errMsg: '成员不存在 · No such member' },
  inactive: { errCode: 3, errMsg: '成员已停用、未激活或已离职 · The member is disabled, not activated or has left' },
  noPermission: { errCode: 4, errMsg: '没有该应用的使用权限 · No permission to use this app' },
} as const;

/**
 * The JS-SDK login panel (`ww.createWWLoginPanel`, see pages/login-panel.ts): the same member picker and deny as
 * the page, talking to the page through postMessage instead of redirecting. `redirect_type=callback` hands the
 * code to `onLoginSuccess`; `top` also navigates the top window to the redirect URI. With the behaviour
 * `desktopClientUserid` set, the panel offers that member one-click login, as WeCom does when its desktop
 * client is running and signed in.
 */
function loginPanel(ctx: PageContext, req: Request): PageReply {
  const visible = (id: string): boolean => isVisible(req.app, id);
  if (ctx.query.get('emulator_action') === 'deny') return page(loginPanelResult(PANEL_FAILURES.denied));
  const userid = ctx.query.get('emulator_userid');
  if (!userid) {
    const desktopUserid = ctx.core.behaviour.desktopClientUserid;
    const desktop = desktopUserid === null ? undefined : req.corp.members.get(desktopUserid);
    return page(loginPanelPage(req.corp, WWLOGIN_PATH, ctx.query, visible, desktop));
  }
  const member = req.corp.members.get(userid);
  if (!member) return page(loginPanelResult(PANEL_FAILURES.unknownMember));
  if (inactiveMemberPage(member, ctx.core.behaviour)) return page(loginPanelResult(PANEL_FAILURES.inactive));
  if (!visible(userid) && ctx.core.behaviour.webLoginOutsideVisibleRange === 'no-permission') return page(loginPanelResult(PANEL_FAILURES.noPermission));
  const code = issueCode(ctx, req, userid);
  const top = ctx.query.get('redirect_type') === 'top' ? appendQuery(req.redirectUri, [['code', code], ['state', req.state]]) : undefined;
  return page(loginPanelResult({ code, redirect: top }));
}
