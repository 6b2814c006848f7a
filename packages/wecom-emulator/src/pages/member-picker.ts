import { CorpState } from '../state/directory';
import { escapeHtml, hiddenInputs, layout } from './html';
import { memberButtons } from './member-buttons';

/**
 * Stands in for "who is signed in to this WeCom client" on the in-client OAuth page. Picking a member
 * re-opens the same URL with `emulator_userid`, which the page also remembers in a cookie.
 */
export function memberPickerPage(corp: CorpState, action: string, query: URLSearchParams, isVisible: (userid: string) => boolean, notice?: string): string {
  const banner = notice === undefined ? '' : `<div class="banner">${escapeHtml(notice)}</div>`;
  const list =
    corp.membersInOrder.length === 0
      ? '<p class="detail">这个企业还没有成员 · This corp has no members in the seed</p>'
      : memberButtons(corp.membersInOrder, (name) => `以 ${name} 身份登录 · Continue as ${name}`, isVisible);
  return layout(
    '选择企业微信账号',
    `${banner}<div class="icon info">W</div><h1>选择登录的企业微信账号</h1><p class="en">Choose the member signed in to this WeCom client</p>` +
      `<form method="get" action="${escapeHtml(action)}">${hiddenInputs(query)}<div class="members">${list}</div></form>`,
  );
}
