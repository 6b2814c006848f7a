import { StoredMessage } from '../state/messages';
import { escapeHtml } from './html';
import { renderMessage } from './message-render';

/** The member whose inbox is shown, in each corp that has them. */
export interface InboxOwner {
  readonly corpId: string;
  readonly userid: string;
  readonly name: string;
}

/** Scripts are off entirely; styles are inline; images from messages may load over http(s). */
export const INBOX_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src http: https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STYLE = `
*{box-sizing:border-box}html,body{height:100%}
body{margin:0;font:15px/1.55 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#ededed;color:#1f2329;display:flex;flex-direction:column}
header{flex:none;background:#f7f7f7;border-bottom:1px solid #dcdcdc;padding:10px 14px;text-align:center}
header h1{font-size:16px;margin:0}header p{margin:2px 0 0;color:#8f959e;font-size:12px}header a{color:#576b95}
.scroll{flex:1;overflow-y:auto;display:flex;flex-direction:column-reverse}
.list{max-width:640px;width:100%;margin:0 auto;padding:12px 12px 24px}
.empty{color:#8f959e;text-align:center;margin:48px 0}
.msg{display:flex;gap:8px;margin:14px 0;align-items:flex-start}
.avatar{flex:none;width:38px;height:38px;border-radius:6px;background:#0082ef;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:600}
.body{min-width:0;flex:1;max-width:calc(100% - 46px)}
.meta{font-size:12px;color:#8f959e;margin-bottom:3px}.meta .tag{background:#fff3e8;color:#d25f00;border-radius:3px;padding:0 4px;margin-left:4px}
.bubble{display:inline-block;background:#fff;border-radius:6px;padding:9px 12px;max-width:100%;overflow-wrap:anywhere}
.bubble a,.card a{color:#576b95}
.card{background:#fff;border-radius:8px;padding:14px 14px 0;overflow-wrap:anywhere}
.card-foot{border-top:1px solid #eee;margin:12px -14px 0;padding:10px 14px}
.card-button{display:flex;justify-content:space-between;color:#1f2329!important;text-decoration:none}
.tc-title{font-size:16px;font-weight:600;margin-bottom:6px}.tc-desc{color:#646a73;font-size:14px}
.tc-gray,.tpl-desc{color:#8f959e}.tc-highlight{color:#0082ef}.tc-normal{color:#1f2329}
.tpl-source{display:flex;align-items:center;gap:6px;font-size:12px;margin-bottom:8px}.tpl-source img{width:16px;height:16px;border-radius:3px}
.src-gray{color:#8f959e}.src-black{color:#1f2329}.src-red{color:#f54a45}.src-green{color:#07c160}
.tpl-title{font-size:17px;font-weight:600}.tpl-emphasis{margin:10px 0}.e-title{font-size:30px;font-weight:600;color:#0082ef;line-height:1.2}.e-desc{color:#8f959e;font-size:13px}
.e-title-s{font-weight:600}.tpl-quote{background:#f5f6f7;border-radius:4px;padding:8px 10px;margin:10px 0;color:#646a73;font-size:14px}.tpl-quote-title{font-weight:600}
.tpl-sub{margin:8px 0;color:#646a73}.tpl-vertical{margin:8px 0}.tpl-image{width:100%;border-radius:4px;margin:8px 0}
.tpl-rows{margin:10px 0}.kv{display:flex;gap:12px;font-size:14px;margin:4px 0}.kv .k{color:#8f959e;flex:none;min-width:4.5em}.kv .v{flex:1}
.tpl-jumps{display:flex;flex-direction:column;gap:6px;margin:10px 0}.jump{color:#576b95}
.tpl-buttons{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}.tpl-button{flex:1;min-width:40%;text-align:center;border:1px solid #dee0e3;border-radius:4px;padding:7px;background:#fff;font:inherit;color:#1f2329;text-decoration:none}
.tpl-select{display:block;margin:8px 0;color:#646a73}.tpl-note{color:#8f959e;font-size:12px;margin:8px 0 12px}
.md .md-h1{font-size:20px;font-weight:600}.md .md-h2{font-size:18px;font-weight:600}.md .md-h3,.md .md-h4,.md .md-h5,.md .md-h6{font-weight:600}
.md blockquote{margin:2px 0;padding-left:8px;border-left:3px solid #dee0e3;color:#8f959e}.md .md-gap{height:.6em}.md code{background:#f5f6f7;border-radius:3px;padding:0 3px}
.c-info{color:#07c160}.c-comment{color:#8f959e}.c-warning{color:#fa9d3b}
.recalled{color:#8f959e;font-size:13px;text-align:center;margin:10px 0}
`;

function chinaTime(ms: number): string {
  const iso = new Date(ms + 8 * 3_600_000).toISOString();
  return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

function messageHtml(m: StoredMessage, showCorp: boolean): string {
  const app = escapeHtml(m.appName);
  if (m.recalledAt !== null) {
    return `<div class="recalled" data-msgid="${escapeHtml(m.msgid)}">「${app}」撤回了一条消息 · message recalled</div>`;
  }
  const initial = escapeHtml([...m.appName][0] ?? '?');
  const corp = showCorp ? ` · ${escapeHtml(m.corpId)}` : '';
  const safe = m.safe === 0 ? '' : '<span class="tag">保密 confidential</span>';
  return (
    `<article class="msg" data-msgid="${escapeHtml(m.msgid)}" data-msgtype="${escapeHtml(m.msgtype)}"><div class="avatar" aria-hidden="true">${initial}</div>` +
    `<div class="body"><div class="meta">${app}${corp} · <time datetime="${new Date(m.sentAt).toISOString()}">${chinaTime(m.sentAt)}</time>${safe}</div>` +
    `${renderMessage(m.msgtype, m.content)}</div></article>`
  );
}

/**
 * `GET /__emulator/inbox/<userid>`: a member's app messages as the WeCom client would list them, newest at
 * the bottom (the list starts scrolled to the end). `refresh` (seconds) reloads the page on a timer.
 */
export function inboxPage(userid: string, owners: readonly InboxOwner[], messages: readonly StoredMessage[], refresh: number | null, corpId?: string): string {
  const names = owners.map((o) => `${o.name} (${o.userid})`).join(', ') || userid;
  const corps = [...new Set(owners.map((o) => o.corpId))];
  const corpQuery = corpId === undefined ? '' : `corpId=${encodeURIComponent(corpId)}`;
  const query = `userid=${encodeURIComponent(userid)}${corpQuery === '' ? '' : `&${corpQuery}`}`;
  const items = messages.map((m) => messageHtml(m, corps.length > 1)).join('');
  const empty = messages.length === 0 ? '<p class="empty">还没有消息 · No messages yet</p>' : '';
  const meta = refresh === null ? '' : `<meta http-equiv="refresh" content="${refresh}">`;
  const toggle =
    refresh === null
      ? `<a href="?${escapeHtml(corpQuery === '' ? 'refresh=5' : `${corpQuery}&refresh=5`)}">自动刷新 auto-refresh</a>`
      : `<a href="?${escapeHtml(corpQuery)}">停止刷新 stop refreshing</a>`;
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">${meta}` +
    `<title>${escapeHtml(names)} · 消息 Inbox</title><style>${STYLE}</style></head><body>` +
    `<header><h1>${escapeHtml(names)}</h1><p>${escapeHtml(corps.join(', '))} · ${messages.length} 条消息 messages · ` +
    `<a href="/__emulator/messages?${escapeHtml(query)}">JSON</a> · ${toggle}</p></header>` +
    `<div class="scroll"><main class="list">${empty}${items}</main></div></body></html>`
  );
}
