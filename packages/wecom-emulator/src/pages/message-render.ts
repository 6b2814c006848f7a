import { isRecord } from '../seed/reader';
import { escapeHtml } from './html';

/**
 * Renders app messages roughly as the WeCom client shows them. Everything from the message is escaped;
 * only the markup WeCom itself interprets becomes HTML, and only http(s) URLs become links.
 */

type Fields = Record<string, unknown>;

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function obj(value: unknown): Fields {
  return isRecord(value) ? value : {};
}

function list(value: unknown): Fields[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** The URL if it is absolute http(s), else null (so `javascript:` and the like never become links). */
export function safeUrl(raw: unknown): string | null {
  const text = str(raw).trim();
  if (!/^https?:\/\//i.test(text)) return null;
  try {
    return new URL(text).href;
  } catch {
    return null;
  }
}

/** `html` is already escaped. */
function link(url: string, html: string, className?: string): string {
  const cls = className === undefined ? '' : ` class="${className}"`;
  return `<a${cls} href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${html}</a>`;
}

function linkOrText(rawUrl: unknown, html: string, className?: string): string {
  const url = safeUrl(rawUrl);
  return url === null ? `<span${className === undefined ? '' : ` class="${className}"`}>${html}</span>` : link(url, html, className);
}

function lines(html: string): string {
  return html.replace(/\r?\n/g, '<br>');
}

const BARE_URL = /https?:\/\/[^\s<>"'，。、）)]+/gi;

/** Escapes `raw` and turns bare http(s) URLs into links, as the client does. */
function linkify(raw: string): string {
  let out = '';
  let last = 0;
  for (const m of raw.matchAll(BARE_URL)) {
    const index = m.index ?? 0;
    out += escapeHtml(raw.slice(last, index));
    const url = safeUrl(m[0]);
    out += url === null ? escapeHtml(m[0]) : link(url, escapeHtml(m[0]));
    last = index + m[0].length;
  }
  return out + escapeHtml(raw.slice(last));
}

const ANCHOR = /<a\s+href\s*=\s*(["'])(.*?)\1\s*>([\s\S]*?)<\/a>/gi;

/** text: plain text with `<a href="…">label</a>` links (doc 90236's own example uses one) and bare URLs. */
export function renderText(content: string): string {
  let out = '';
  let last = 0;
  for (const m of content.matchAll(ANCHOR)) {
    const index = m.index ?? 0;
    out += linkify(content.slice(last, index));
    const url = safeUrl(m[2]);
    out += url === null ? escapeHtml(m[0]) : link(url, escapeHtml(m[3] ?? ''));
    last = index + m[0].length;
  }
  return lines(out + linkify(content.slice(last)));
}

const FONT_COLORS = new Set(['info', 'comment', 'warning']);
const INLINE = /\*\*(.+?)\*\*|\[([^\]\n]*)\]\(([^)\s]+)\)|`([^`\n]+)`|<font\s+color\s*=\s*["']?([\w#]+)["']?\s*>([\s\S]*?)<\/font>/gi;

/** Markdown inline elements WeCom supports: **bold**, [links](url), `code`, <font color="info|comment|warning">. */
function inline(raw: string): string {
  let out = '';
  let last = 0;
  for (const m of raw.matchAll(INLINE)) {
    const index = m.index ?? 0;
    out += escapeHtml(raw.slice(last, index));
    const [whole, bold, label, href, code, color, colored] = m;
    if (bold !== undefined) out += `<strong>${inline(bold)}</strong>`;
    else if (href !== undefined) {
      const url = safeUrl(href);
      out += url === null ? escapeHtml(whole) : link(url, escapeHtml(label ?? ''));
    } else if (code !== undefined) out += `<code>${escapeHtml(code)}</code>`;
    else {
      const name = (color ?? '').toLowerCase();
      out += FONT_COLORS.has(name) ? `<span class="c-${name}">${inline(colored ?? '')}</span>` : inline(colored ?? '');
    }
    last = index + whole.length;
  }
  return out + escapeHtml(raw.slice(last));
}

/** markdown: the subset of WeCom app messages (headings, bold, links, code, quotes, three font colours). */
export function renderMarkdown(content: string): string {
  return content
    .split(/\r?\n/)
    .map((line) => {
      const heading = /^(#{1,6})\s+(.*)$/.exec(line);
      if (heading) return `<div class="md-h${heading[1]?.length ?? 1}">${inline(heading[2] ?? '')}</div>`;
      const quote = /^>\s?(.*)$/.exec(line);
      if (quote) return `<blockquote>${inline(quote[1] ?? '')}</blockquote>`;
      return line.trim() === '' ? '<div class="md-gap"></div>' : `<div>${inline(line)}</div>`;
    })
    .join('');
}

const DESCRIPTION_DIV = /<div\s+class\s*=\s*(["'])(gray|normal|highlight)\1\s*>([\s\S]*?)<\/div>/gi;

/** textcard description: text with `<div class="gray|normal|highlight">` (C3). */
function renderDescription(raw: string): string {
  let out = '';
  let last = 0;
  for (const m of raw.matchAll(DESCRIPTION_DIV)) {
    const index = m.index ?? 0;
    out += lines(escapeHtml(raw.slice(last, index)));
    out += `<div class="tc-${m[2] ?? 'normal'}">${lines(escapeHtml(m[3] ?? ''))}</div>`;
    last = index + m[0].length;
  }
  return out + lines(escapeHtml(raw.slice(last)));
}

export function renderTextcard(card: Fields): string {
  const button = str(card.btntxt) || '详情';
  return (
    `<div class="card"><div class="tc-title">${escapeHtml(str(card.title))}</div>` +
    `<div class="tc-desc">${renderDescription(str(card.description))}</div>` +
    `<div class="card-foot">${linkOrText(card.url, `${escapeHtml(button)} <span aria-hidden="true">›</span>`, 'card-button')}</div></div>`
  );
}

const DESC_COLORS = ['gray', 'black', 'red', 'green'];

function cardHead(card: Fields): string {
  const source = obj(card.source);
  const icon = safeUrl(source.icon_url);
  const color = DESC_COLORS[typeof source.desc_color === 'number' ? source.desc_color : 0] ?? 'gray';
  const head =
    icon !== null || str(source.desc) !== ''
      ? `<div class="tpl-source">${icon === null ? '' : `<img src="${escapeHtml(icon)}" alt="" referrerpolicy="no-referrer" loading="lazy">`}<span class="src-${color}">${escapeHtml(str(source.desc))}</span></div>`
      : '';
  const main = obj(card.main_title);
  const title = str(main.title) === '' ? '' : `<div class="tpl-title">${escapeHtml(str(main.title))}</div>`;
  const desc = str(main.desc) === '' ? '' : `<div class="tpl-desc">${escapeHtml(str(main.desc))}</div>`;
  return head + title + desc;
}

function quoteArea(card: Fields): string {
  const quote = obj(card.quote_area);
  if (str(quote.title) === '' && str(quote.quote_text) === '') return '';
  const title = str(quote.title) === '' ? '' : `<div class="tpl-quote-title">${escapeHtml(str(quote.title))}</div>`;
  const inner = `${title}<div>${lines(escapeHtml(str(quote.quote_text)))}</div>`;
  return quote.type === 1 ? `<div class="tpl-quote">${linkOrText(quote.url, inner)}</div>` : `<div class="tpl-quote">${inner}</div>`;
}

function horizontal(card: Fields): string {
  const rows = list(card.horizontal_content_list).map((row) => {
    const value = escapeHtml(str(row.value));
    let shown = value;
    if (row.type === 1) shown = linkOrText(row.url, value || escapeHtml(str(row.url)));
    else if (row.type === 2) shown = `📎 ${value || escapeHtml(str(row.media_id))}`;
    else if (row.type === 3) shown = `@${value || escapeHtml(str(row.userid))}`;
    return `<div class="kv"><span class="k">${escapeHtml(str(row.keyname))}</span><span class="v">${shown}</span></div>`;
  });
  return rows.length === 0 ? '' : `<div class="tpl-rows">${rows.join('')}</div>`;
}

function jumps(card: Fields): string {
  const items = list(card.jump_list).map((jump) =>
    jump.type === 2 ? `<span class="jump">${escapeHtml(str(jump.title))} <small>(小程序 mini program)</small></span>` : linkOrText(jump.url, escapeHtml(str(jump.title)), 'jump'),
  );
  return items.length === 0 ? '' : `<div class="tpl-jumps">${items.join('')}</div>`;
}

function cardAction(card: Fields): string {
  const action = obj(card.card_action);
  if (action.type === 1) return `<div class="card-foot">${linkOrText(action.url, '查看详情 <span aria-hidden="true">›</span>', 'card-button')}</div>`;
  if (action.type === 2) {
    return `<div class="card-foot"><span class="card-button">小程序 mini program: ${escapeHtml(str(action.appid))} ${escapeHtml(str(action.pagepath))}</span></div>`;
  }
  return '';
}

function buttons(card: Fields): string {
  const selection = obj(card.button_selection);
  const options = list(selection.option_list).map((o) => `<option${o.id === selection.selected_id ? ' selected' : ''}>${escapeHtml(str(o.text))}</option>`);
  const select = options.length === 0 ? '' : `<label class="tpl-select">${escapeHtml(str(selection.title))} <select disabled>${options.join('')}</select></label>`;
  const items = list(card.button_list).map((b) =>
    b.type === 1 ? linkOrText(b.url, escapeHtml(str(b.text)), 'tpl-button') : `<button class="tpl-button" disabled title="${escapeHtml(`key: ${str(b.key)}`)}">${escapeHtml(str(b.text))}</button>`,
  );
  return select + (items.length === 0 ? '' : `<div class="tpl-buttons">${items.join('')}</div>`);
}

/** template_card: text_notice in full; news_notice and button_interaction in outline; the rest by title. */
export function renderTemplateCard(card: Fields): string {
  const type = str(card.card_type);
  const emphasis = obj(card.emphasis_content);
  let body = cardHead(card);
  if (str(emphasis.title) !== '' || str(emphasis.desc) !== '') {
    body += `<div class="tpl-emphasis"><div class="e-title">${escapeHtml(str(emphasis.title))}</div><div class="e-desc">${escapeHtml(str(emphasis.desc))}</div></div>`;
  }
  if (type === 'news_notice') {
    const image = safeUrl(obj(card.card_image).url) ?? safeUrl(obj(card.image_text_area).image_url);
    if (image !== null) body += `<img class="tpl-image" src="${escapeHtml(image)}" alt="" referrerpolicy="no-referrer" loading="lazy">`;
    const area = obj(card.image_text_area);
    if (str(area.title) !== '') body += `<div class="tpl-sub">${linkOrText(area.url, escapeHtml(str(area.title)))}</div>`;
  }
  body += quoteArea(card);
  if (str(card.sub_title_text) !== '') body += `<div class="tpl-sub">${lines(escapeHtml(str(card.sub_title_text)))}</div>`;
  body += list(card.vertical_content_list)
    .map((v) => `<div class="tpl-vertical"><div class="e-title-s">${escapeHtml(str(v.title))}</div><div class="tpl-desc">${escapeHtml(str(v.desc))}</div></div>`)
    .join('');
  body += horizontal(card) + jumps(card);
  if (type === 'button_interaction') body += buttons(card);
  if (type === 'vote_interaction' || type === 'multiple_interaction') body += `<div class="tpl-note">(${escapeHtml(type)}: options are not rendered by the emulator)</div>`;
  return `<div class="card tpl">${body}${cardAction(card)}</div>`;
}

const OTHER_LABELS: Record<string, string> = {
  image: '[图片 Image]',
  voice: '[语音 Voice]',
  video: '[视频 Video]',
  file: '[文件 File]',
  mpnews: '[图文 mpnews]',
  miniprogram_notice: '[小程序通知 Mini program notice]',
};

/** news: linked articles; the other types (not checked by the emulator) as a label and their title or media_id. */
export function renderOther(msgtype: string, content: Fields): string {
  if (msgtype === 'news') {
    const articles = list(content.articles).map(
      (a) =>
        `<div class="news">${linkOrText(a.url, `<div class="tc-title">${escapeHtml(str(a.title))}</div><div class="tpl-desc">${escapeHtml(str(a.description))}</div>`)}</div>`,
    );
    return `<div class="card">${articles.join('') || '[图文 News]'}</div>`;
  }
  const label = OTHER_LABELS[msgtype] ?? `[${msgtype}]`;
  const first = list(content.articles)[0];
  const detail = str(content.title) || str(first?.title) || str(content.media_id);
  return `<div class="bubble">${escapeHtml(label)}${detail === '' ? '' : ` ${escapeHtml(detail)}`}</div>`;
}

/** The message body as the client would show it. */
export function renderMessage(msgtype: string, content: Fields): string {
  switch (msgtype) {
    case 'text':
      return `<div class="bubble">${renderText(str(content.content))}</div>`;
    case 'markdown':
      return `<div class="bubble md">${renderMarkdown(str(content.content))}</div>`;
    case 'textcard':
      return renderTextcard(content);
    case 'template_card':
      return renderTemplateCard(content);
    default:
      return renderOther(msgtype, content);
  }
}
