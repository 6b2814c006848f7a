import { MemberState } from '../state/directory';
import { escapeHtml } from './html';

const STATUS_TAGS: Record<number, string> = { 2: '已停用 disabled', 4: '未激活 not activated', 5: '已离职 left' };

/** One submit button per member; the button sets `emulator_userid`. */
export function memberButtons(members: readonly MemberState[], label: (name: string) => string, isVisible: (userid: string) => boolean): string {
  return members
    .map(({ seed }) => {
      const tags = [STATUS_TAGS[seed.status], isVisible(seed.userid) ? undefined : '不可见 not visible'].filter(Boolean).join(' · ');
      const tag = tags === '' ? '' : `<span class="tag">${escapeHtml(tags)}</span>`;
      return `<button type="submit" name="emulator_userid" value="${escapeHtml(seed.userid)}">${escapeHtml(label(seed.name))} <small>(${escapeHtml(seed.userid)})</small>${tag}</button>`;
    })
    .join('');
}
