/**
 * The channel's message (what the forms, the workflow node and callers send) → the body of `message/send`.
 * Checks WeCom's limits (docs/wecom-protocol.md C3) and turns in-app paths into sign-in links.
 */
import { MESSAGE_LIMITS, MESSAGE_TYPES, type MessageType } from '../../common/settings/channel';
import { ChannelProblem, problem } from './problem';

/** The message as the notification manager hands it over (after its template compilation). */
export interface WeComChannelMessage {
  msgtype?: MessageType;
  content?: string;
  title?: string;
  description?: string;
  url?: string;
  btntxt?: string;
  /** A text_notice template card as WeCom's `template_card`, or its JSON text. */
  card?: Record<string, unknown> | string;
  touser?: string[] | string;
  toparty?: string[] | string;
  receivers?: unknown;
  [key: string]: unknown;
}

/** An in-app path → the absolute link that opens it signed in; http(s) links are returned as they are. */
export type LinkResolver = (url: string, field: string) => string;

const bytes = (value: string) => Buffer.byteLength(value, 'utf8');

function text(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? value.trim() : '';
}

function requireText(value: unknown, field: string): string {
  const result = text(value);
  if (!result) throw new ChannelProblem(problem('The message has no {{field}}.', { field }));
  return result;
}

function limitBytes(value: string, field: string, max: number): string {
  if (bytes(value) > max) {
    throw new ChannelProblem(problem('The {{field}} is too long for WeCom: {{size}} bytes, at most {{max}}.', { field, size: String(bytes(value)), max: String(max) }));
  }
  return value;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function parseCard(raw: unknown): Record<string, unknown> {
  if (typeof raw === 'string') {
    try {
      const parsed = record(JSON.parse(raw));
      if (parsed) return parsed;
    } catch {
      // reported below
    }
    throw new ChannelProblem(problem('The template card is not a JSON object.'));
  }
  const card = record(raw);
  if (!card) throw new ChannelProblem(problem('The message has no {{field}}.', { field: 'card' }));
  return card;
}

/** Resolves a card's `{type: 1, url}` (jump, action) item. */
function cardLink(item: Record<string, unknown>, field: string, link: LinkResolver): Record<string, unknown> {
  if (Number(item.type ?? 1) !== 1) return item;
  return { ...item, url: link(limitBytes(requireText(item.url, field), field, MESSAGE_LIMITS.url), field) };
}

function templateCard(raw: unknown, link: LinkResolver): Record<string, unknown> {
  const card = { ...parseCard(raw) };
  const cardType = text(card.card_type) || 'text_notice';
  if (cardType !== 'text_notice') throw new ChannelProblem(problem('Only text_notice template cards can be sent, not {{type}}.', { type: cardType }));
  card.card_type = cardType;
  const action = record(card.card_action);
  if (!action) throw new ChannelProblem(problem('The message has no {{field}}.', { field: 'card.card_action' }));
  const actionType = Number(action.type ?? 1);
  if (actionType === 2) requireText(action.appid, 'card.card_action.appid');
  else card.card_action = cardLink({ ...action, type: 1 }, 'card.card_action.url', link);
  const mainTitle = record(card.main_title);
  const title = text(mainTitle?.title);
  if (!title && !text(card.sub_title_text)) throw new ChannelProblem(problem('The message has no {{field}}.', { field: 'card.main_title.title' }));
  if (title) limitBytes(title, 'card.main_title.title', MESSAGE_LIMITS.cardTitle);
  if (text(mainTitle?.desc)) limitBytes(text(mainTitle?.desc), 'card.main_title.desc', MESSAGE_LIMITS.cardDesc);
  const lists: Array<[string, number]> = [
    ['jump_list', 3],
    ['horizontal_content_list', 6],
  ];
  for (const [name, max] of lists) {
    const list = card[name];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length > max) {
      throw new ChannelProblem(problem('The template card has too many {{field}} items: at most {{max}}.', { field: name, max: String(max) }));
    }
    card[name] = list.map((item, index) => {
      const row = record(item) ?? {};
      // Horizontal rows are plain text unless their type is 1 (a link); jump items are links by default.
      if (name === 'horizontal_content_list' && Number(row.type ?? 0) !== 1) return row;
      return cardLink(row, `card.${name}[${index}].url`, link);
    });
  }
  return card;
}

/** The type-specific part of the `message/send` body: `{ msgtype, <msgtype>: {…} }`. */
export function buildMessageBody(message: WeComChannelMessage, link: LinkResolver): { msgtype: MessageType; [field: string]: unknown } {
  const msgtype = (text(message.msgtype) || 'text') as MessageType;
  if (!MESSAGE_TYPES.includes(msgtype)) {
    throw new ChannelProblem(problem('WeCom messages of type {{type}} are not supported; use text, markdown, textcard or template_card.', { type: msgtype }));
  }
  switch (msgtype) {
    case 'text':
    case 'markdown':
      return { msgtype, [msgtype]: { content: limitBytes(requireText(message.content, 'content'), 'content', MESSAGE_LIMITS.content) } };
    case 'textcard': {
      const btntxt = text(message.btntxt);
      if ([...btntxt].length > MESSAGE_LIMITS.btntxt) {
        throw new ChannelProblem(problem('The button text is too long for WeCom: at most {{max}} characters.', { max: String(MESSAGE_LIMITS.btntxt) }));
      }
      const url = limitBytes(requireText(message.url, 'url'), 'url', MESSAGE_LIMITS.url);
      return {
        msgtype,
        textcard: {
          title: limitBytes(requireText(message.title, 'title'), 'title', MESSAGE_LIMITS.title),
          description: limitBytes(requireText(message.description, 'description'), 'description', MESSAGE_LIMITS.description),
          url: link(url, 'url'),
          ...(btntxt ? { btntxt } : {}),
        },
      };
    }
    case 'template_card':
      return { msgtype, template_card: templateCard(message.card, link) };
  }
}

/** `a|b` or `['a', 'b']` → trimmed, non-empty, unique ids. */
export function idList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' || typeof value === 'number' ? String(value).split('|') : [];
  const ids = items.map((item) => (typeof item === 'string' || typeof item === 'number' ? String(item).trim() : '')).filter((item) => item !== '');
  return [...new Set(ids)];
}
