import { Directory } from '../state/directory';
import { escapeHtml, layout } from './html';

/** GET / : what is running, for a person who opens the emulator's URL. */
export function indexPage(directory: Directory, paths: readonly string[]): string {
  const corps = [...directory.corps.values()]
    .map((c) => `<li>${escapeHtml(c.corpId)}: ${c.apps.size} app(s), ${c.members.size} member(s)</li>`)
    .join('');
  const list = paths.map((p) => `<li><code>${escapeHtml(p)}</code></li>`).join('');
  const members = [...directory.corps.values()].flatMap((c) => c.membersInOrder).slice(0, 30);
  const inboxes = members.map((m) => `<a href="/__emulator/inbox/${encodeURIComponent(m.seed.userid)}">${escapeHtml(m.seed.name)}</a>`).join(' · ');
  return layout(
    'WeCom emulator',
    `<div class="icon ok">W</div><h1>企业微信模拟器</h1><p class="en">WeCom emulator: a local stand-in for WeCom's servers and login pages</p>` +
      `<ul class="fields">${corps || '<li>no corps seeded</li>'}</ul><ul class="fields">${list}</ul>` +
      (inboxes === '' ? '' : `<p class="detail">消息 Inboxes (app messages): ${inboxes}</p>`) +
      '<p class="detail">Control API under <code>/__emulator/</code>; see the package README.</p>',
  );
}
