import { SensitiveField } from '../seed/types';
import { escapeHtml, hiddenInputs, layout } from './html';

const FIELD_NAMES: Record<SensitiveField, string> = {
  mobile: '手机号 mobile',
  email: '个人邮箱 email',
  biz_mail: '企业邮箱 corporate email',
  avatar: '头像 avatar',
  gender: '性别 gender',
  address: '地址 address',
  qr_code: '个人二维码 QR code',
};

/** The manual-consent page of snsapi_privateinfo (A2). Allow re-opens the URL with `emulator_consent=1`; deny with `0`. */
export function consentPage(action: string, query: URLSearchParams, userid: string, memberName: string, appName: string, fields: readonly SensitiveField[]): string {
  const list = fields.length === 0 ? '<li>（管理员未开启敏感字段 · no sensitive fields enabled）</li>' : fields.map((f) => `<li>${escapeHtml(FIELD_NAMES[f])}</li>`).join('');
  const keep = `${hiddenInputs(query)}<input type="hidden" name="emulator_userid" value="${escapeHtml(userid)}">`;
  return layout(
    '授权确认',
    `<div class="icon info">W</div><h1>「${escapeHtml(appName)}」申请获取你的以下信息</h1><p class="en">${escapeHtml(appName)} asks for the following information</p>` +
      `<p class="detail">${escapeHtml(memberName)} (${escapeHtml(userid)})</p><ul class="fields">${list}</ul>` +
      `<form method="get" action="${escapeHtml(action)}" class="members">${keep}` +
      `<button class="primary" type="submit" name="emulator_consent" value="1">同意 · Allow</button>` +
      `<button class="deny" type="submit" name="emulator_consent" value="0">拒绝 · Deny</button></form>`,
  );
}
