import { CorpState } from '../state/directory';
import { escapeHtml, hiddenInputs, layout } from './html';
import { fakeQrSvg } from './fake-qr';
import { memberButtons } from './member-buttons';

/**
 * The web-login panel (`/wwlogin/sso/login`, `/wwopen/sso/qrConnect`): a fake QR code, and instead of a
 * phone, buttons that "scan as" a member (`emulator_userid`) or refuse (`emulator_action=deny`).
 */
export function qrPanelPage(corp: CorpState, appName: string, action: string, query: URLSearchParams, isVisible: (userid: string) => boolean, notice?: string): string {
  const banner = notice === undefined ? '' : `<div class="banner">${escapeHtml(notice)}</div>`;
  const members = memberButtons(corp.membersInOrder, (name) => `以 ${name} 身份扫码 · Scan as ${name}`, isVisible);
  return layout(
    '企业微信登录',
    `${banner}<h1>企业微信登录</h1><p class="en">Sign in to ${escapeHtml(appName)} with WeCom</p>${fakeQrSvg(`${corp.corpId}:${query.toString()}`)}` +
      '<p class="detail">请使用企业微信扫描二维码登录 · Scan with WeCom to sign in</p>' +
      `<form method="get" action="${escapeHtml(action)}">${hiddenInputs(query)}<div class="members">${members}` +
      '<button class="deny" type="submit" name="emulator_action" value="deny">拒绝登录 · Deny</button></div></form>',
  );
}
