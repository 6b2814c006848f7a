/**
 * The WeCom channel's message form, described once for both UIs: which fields each message type has, and
 * the client-side checks of WeCom's limits (the server's, from common/settings/channel.ts). Values may hold
 * NocoBase variables (`{{…}}`), which are filled in only when the message is sent: their literal text is
 * checked (a lower bound), so a message the server would surely refuse is refused here already.
 * Pure: no NocoBase, no React.
 */
import { MESSAGE_LABELS, MESSAGE_LIMITS, MESSAGE_TYPES, type MessageType } from '../../common/settings/channel';
import { REQUIRED_MESSAGE } from '../../common/settings/model';

/** A message key and its parameters; `{{field}}` stands for the field's (translated) label. */
export interface FormProblem {
  message: string;
  params?: Record<string, string>;
}

export const MESSAGE_FORM_TEXTS = {
  tooLongBytes: '{{field}} is too long for WeCom: {{size}} bytes, at most {{max}}.',
  tooLongChars: '{{field}} is too long for WeCom: at most {{max}} characters.',
  link: '{{field}} must be a page of this app (a path such as /admin/…) or an http(s) address.',
  partyIds: 'Department ids are numbers, separated by |',
  noRecipients: 'Select receivers, or enter WeCom userids or department ids.',
  cardJson: 'The template card is not valid JSON.',
  cardType: 'Only text_notice template cards can be sent.',
  cardTitle: 'The template card needs main_title.title or sub_title_text.',
  cardAction: 'The template card needs a card_action with a url (type 1) or an appid (type 2).',
  cardList: 'The template card has too many {{list}} items: at most {{max}}.',
  addReceiver: 'Add receiver',
} as const;

export type MessageFieldName = 'content' | 'title' | 'description' | 'url' | 'btntxt' | 'card';

export interface MessageField {
  /** The key in the message (and the form's field name below the message prefix). */
  readonly name: MessageFieldName;
  readonly label: string;
  readonly help?: string;
  /** A text area (else a one-line input). */
  readonly multiline: boolean;
  readonly required: boolean;
  readonly types: readonly MessageType[];
}

export const MESSAGE_FIELDS: readonly MessageField[] = [
  { name: 'content', label: MESSAGE_LABELS.content, multiline: true, required: true, types: ['text', 'markdown'] },
  { name: 'title', label: MESSAGE_LABELS.title, multiline: false, required: true, types: ['textcard'] },
  { name: 'description', label: MESSAGE_LABELS.description, multiline: true, required: true, types: ['textcard'] },
  { name: 'url', label: MESSAGE_LABELS.url, help: MESSAGE_LABELS.urlHelp, multiline: false, required: true, types: ['textcard'] },
  { name: 'btntxt', label: MESSAGE_LABELS.btntxt, help: MESSAGE_LABELS.btntxtHelp, multiline: false, required: false, types: ['textcard'] },
  { name: 'card', label: MESSAGE_LABELS.card, help: MESSAGE_LABELS.cardHelp, multiline: true, required: true, types: ['template_card'] },
];

/** The form's message type; none chosen yet is `text` (as on the server). */
export function messageTypeOf(value: unknown): MessageType {
  return typeof value === 'string' && (MESSAGE_TYPES as readonly string[]).includes(value) ? (value as MessageType) : 'text';
}

export function fieldsFor(msgtype: unknown): MessageField[] {
  const type = messageTypeOf(msgtype);
  return MESSAGE_FIELDS.filter((field) => field.types.includes(type));
}

const VARIABLE = /\{\{[\s\S]*?\}\}\}?/g;

export const hasVariables = (text: string) => /\{\{[\s\S]*?\}\}/.test(text);

/** The text without its variables: what the sent text holds at least. */
export function literalText(text: string): string {
  return text.replace(VARIABLE, '');
}

export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

function text(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? value.trim() : '';
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function bytesProblem(value: string, max: number): FormProblem | undefined {
  const size = utf8Bytes(literalText(value));
  return size > max ? { message: MESSAGE_FORM_TEXTS.tooLongBytes, params: { size: String(size), max: String(max) } } : undefined;
}

/** A link the server accepts: an in-app path or http(s); one that starts with a variable is left to the server. */
export function linkProblem(value: string): FormProblem | undefined {
  const url = value.trim();
  if (url.startsWith('{{')) return undefined;
  if (url.startsWith('/') || /^https?:\/\/[^/\s]/i.test(url)) return bytesProblem(url, MESSAGE_LIMITS.url);
  return { message: MESSAGE_FORM_TEXTS.link };
}

const CARD_LISTS: Array<[string, number]> = [
  ['jump_list', 3],
  ['horizontal_content_list', 6],
];

/** The server's checks of a text_notice card (server/notifications/message.ts), on the JSON the form holds. */
export function cardProblem(value: string): FormProblem | undefined {
  let card: Record<string, unknown> | undefined;
  try {
    card = record(JSON.parse(value));
  } catch {
    // Variables standing for whole JSON values make it JSON only once filled in: the server checks it then.
    return hasVariables(value) ? undefined : { message: MESSAGE_FORM_TEXTS.cardJson };
  }
  if (!card) return { message: MESSAGE_FORM_TEXTS.cardJson };
  if ((text(card.card_type) || 'text_notice') !== 'text_notice') return { message: MESSAGE_FORM_TEXTS.cardType };
  const action = record(card.card_action);
  if (!action) return { message: MESSAGE_FORM_TEXTS.cardAction };
  if (Number(action.type ?? 1) === 2) {
    if (!text(action.appid)) return { message: MESSAGE_FORM_TEXTS.cardAction };
  } else {
    if (!text(action.url)) return { message: MESSAGE_FORM_TEXTS.cardAction };
    const link = linkProblem(text(action.url));
    if (link) return { ...link, params: { ...link.params, field: 'card.card_action.url' } };
  }
  const mainTitle = record(card.main_title);
  const title = text(mainTitle?.title);
  if (!title && !text(card.sub_title_text)) return { message: MESSAGE_FORM_TEXTS.cardTitle };
  const titleProblem = title ? bytesProblem(title, MESSAGE_LIMITS.cardTitle) : undefined;
  if (titleProblem) return { ...titleProblem, params: { ...titleProblem.params, field: 'card.main_title.title' } };
  const desc = text(mainTitle?.desc);
  const descProblem = desc ? bytesProblem(desc, MESSAGE_LIMITS.cardDesc) : undefined;
  if (descProblem) return { ...descProblem, params: { ...descProblem.params, field: 'card.main_title.desc' } };
  for (const [list, max] of CARD_LISTS) {
    const items = card[list];
    if (items !== undefined && (!Array.isArray(items) || items.length > max)) {
      return { message: MESSAGE_FORM_TEXTS.cardList, params: { list, max: String(max) } };
    }
  }
  return undefined;
}

/** One field's problem (required, then WeCom's limits), or undefined. */
export function messageFieldProblem(field: MessageField, value: unknown): FormProblem | undefined {
  const value_ = typeof value === 'string' ? value.trim() : record(value) ? JSON.stringify(value) : text(value);
  if (!value_) return field.required ? { message: REQUIRED_MESSAGE } : undefined;
  switch (field.name) {
    case 'content':
      return bytesProblem(value_, MESSAGE_LIMITS.content);
    case 'title':
      return bytesProblem(value_, MESSAGE_LIMITS.title);
    case 'description':
      return bytesProblem(value_, MESSAGE_LIMITS.description);
    case 'url':
      return linkProblem(value_);
    case 'btntxt': {
      const chars = [...literalText(value_)].length;
      return chars > MESSAGE_LIMITS.btntxt ? { message: MESSAGE_FORM_TEXTS.tooLongChars, params: { max: String(MESSAGE_LIMITS.btntxt) } } : undefined;
    }
    case 'card':
      return cardProblem(value_);
  }
}

/** `a|b` or `['a', 'b']` → trimmed, non-empty, unique ids (the server's `idList`). */
export function idList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' || typeof value === 'number' ? String(value).split('|') : [];
  const ids = items.map((item) => (typeof item === 'string' || typeof item === 'number' ? String(item).trim() : '')).filter((item) => item !== '');
  return [...new Set(ids)];
}

/** Department ids are numbers (variables are left to the server). */
export function partyIdsProblem(value: unknown): FormProblem | undefined {
  return idList(value).some((id) => !/^\d+$/.test(id) && !hasVariables(id)) ? { message: MESSAGE_FORM_TEXTS.partyIds } : undefined;
}

/** The server needs someone to send to: a NocoBase user (or a user variable), a WeCom userid or a department. */
export function hasRecipients(message: { receivers?: unknown; touser?: unknown; toparty?: unknown }): boolean {
  const receivers = Array.isArray(message.receivers) ? message.receivers.filter((item) => item !== null && item !== undefined && item !== '') : [];
  return receivers.length > 0 || idList(message.touser).length > 0 || idList(message.toparty).length > 0;
}

/** The recipients check, as a problem. */
export function recipientsProblem(message: { receivers?: unknown; touser?: unknown; toparty?: unknown }): FormProblem | undefined {
  return hasRecipients(message) ? undefined : { message: MESSAGE_FORM_TEXTS.noRecipients };
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** The translated problem; `{{field}}` becomes the field's translated label unless the problem names it. */
export function translateProblem(problem: FormProblem, label: string, t: Translate): string {
  return t(problem.message, { field: t(label), ...problem.params, interpolation: { escapeValue: false } });
}
