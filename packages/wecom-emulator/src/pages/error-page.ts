import { escapeHtml, layout } from './html';

export interface PageMessage {
  /** Chinese text, as WeCom shows it. */
  readonly title: string;
  /** English subtitle. */
  readonly subtitle: string;
  readonly errcode?: number;
}

/** The messages the login pages can show instead of redirecting. */
export const PAGE_MESSAGES = {
  notInClient: { title: '请在企业微信客户端打开链接', subtitle: 'Please open this link in the WeCom client' },
  untrustedRedirect: { title: 'redirect_uri需使用应用可信域名', subtitle: "redirect_uri must use one of the app's trusted domains", errcode: 50001 },
  linkUnavailable: { title: '该链接无法访问', subtitle: 'This link cannot be accessed' },
  invalidAppid: { title: '参数错误：appid无效', subtitle: 'Invalid appid (corp id)', errcode: 40013 },
  invalidAgentid: { title: '参数错误：agentid无效', subtitle: 'Invalid agentid', errcode: 40056 },
  appDisabled: { title: '应用已停用', subtitle: 'This app is disabled', errcode: 50003 },
  badState: { title: '不符合的state参数', subtitle: 'Invalid state: only a-z, A-Z, 0-9, at most 128 bytes', errcode: 84025 },
  badParam: { title: '参数错误', subtitle: 'Invalid parameter', errcode: 40058 },
  memberDisabled: { title: '账号已被停用', subtitle: 'This member account is disabled' },
  memberInactive: { title: '账号未激活', subtitle: 'This member has not activated WeCom' },
  memberLeft: { title: '该成员已离职', subtitle: 'This member has left the company' },
  noPermission: { title: '无权限', subtitle: "No permission: you are not in this app's visible range", errcode: 60011 },
  declined: { title: '你已拒绝授权', subtitle: 'You declined; nothing was shared with the app' },
  serviceApp: { title: '模拟器不支持第三方应用登录', subtitle: 'login_type=ServiceApp (third-party apps) is not emulated' },
} satisfies Record<string, PageMessage>;

export function errorPage(message: PageMessage, detail?: string): string {
  const code = message.errcode === undefined ? '' : `<p class="code">errcode: ${message.errcode}</p>`;
  const extra = detail === undefined ? '' : `<p class="detail">${escapeHtml(detail)}</p>`;
  return layout(
    message.title,
    `<div class="icon warn">!</div><h1>${escapeHtml(message.title)}</h1><p class="en">${escapeHtml(message.subtitle)}</p>${extra}${code}`,
  );
}
