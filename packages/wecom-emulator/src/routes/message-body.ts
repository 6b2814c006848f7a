import { isRecord } from '../seed/reader';

/**
 * The `<msgtype>` object of a `message/send` request (C3), checked and truncated as WeCom does.
 * Where C3 names no errcode for a missing template-card field, 40058 `invalid param '<field>'` is our choice.
 */
export interface CheckedBody {
  /** What is delivered: the request's object after truncation. */
  readonly content: Record<string, unknown>;
  /** A template card's `task_id`, reserved for the app once sent. */
  readonly taskId: string | null;
  /** button / vote / multiple-choice template cards: the answer carries a `response_code` (C3). */
  readonly interactive: boolean;
}

/** A refusal: the errcode, and for 40058 the parameter to name. */
export interface BodyProblem {
  readonly errcode: number;
  readonly param?: string;
}

/** Checked fully (C3). */
export const VALIDATED_MSGTYPES = ['text', 'markdown', 'textcard', 'template_card'] as const;
/** WeCom's other message types (doc 90236): accepted and delivered as sent, their fields not checked. */
export const UNCHECKED_MSGTYPES = ['image', 'voice', 'video', 'file', 'news', 'mpnews', 'miniprogram_notice'] as const;
const KNOWN = new Set<string>([...VALIDATED_MSGTYPES, ...UNCHECKED_MSGTYPES]);

export const TEXT_MAX_BYTES = 2048;
export const MARKDOWN_MAX_BYTES = 2048;
/** textcard limits (C3): bytes for title, description and url; characters for btntxt. */
export const TEXTCARD_LIMITS = { title: 128, description: 512, url: 2048, btntxt: 4 } as const;

export const TEMPLATE_CARD_TYPES = ['text_notice', 'news_notice', 'button_interaction', 'vote_interaction', 'multiple_interaction'] as const;
const INTERACTIVE_CARDS = new Set<string>(['button_interaction', 'vote_interaction', 'multiple_interaction']);
const TASK_ID = /^[0-9A-Za-z_\-@]{1,128}$/;

export function isKnownMsgtype(msgtype: unknown): msgtype is string {
  return typeof msgtype === 'string' && KNOWN.has(msgtype);
}

/** Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character (C4). */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let cut = maxBytes;
  while (cut > 0 && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut--;
  return bytes.subarray(0, cut).toString('utf8');
}

function truncateChars(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max).join('');
}

/** A non-empty string, or '' (WeCom's lenient parser treats a value of the wrong type as missing). */
function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function objectOrEmpty(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function text(body: Record<string, unknown>): CheckedBody | BodyProblem {
  const content = str(body.content);
  if (content === '') return { errcode: 44004 };
  // Longer content is truncated, not rejected (C3).
  return { content: { ...body, content: truncateUtf8(content, TEXT_MAX_BYTES) }, taskId: null, interactive: false };
}

function markdown(body: Record<string, unknown>): CheckedBody | BodyProblem {
  const content = str(body.content);
  if (content === '') return { errcode: 44004 };
  // C3 gives the 2,048-byte limit without saying "truncated" (it does for text): we refuse, with 45002.
  if (Buffer.byteLength(content, 'utf8') > MARKDOWN_MAX_BYTES) return { errcode: 45002 };
  return { content: { ...body, content }, taskId: null, interactive: false };
}

function textcard(body: Record<string, unknown>): CheckedBody | BodyProblem {
  const title = str(body.title);
  const description = str(body.description);
  const url = str(body.url);
  if (title === '') return { errcode: 41016 };
  if (description === '') return { errcode: 41033 };
  if (url === '') return { errcode: 41010 };
  const content: Record<string, unknown> = {
    ...body,
    title: truncateUtf8(title, TEXTCARD_LIMITS.title),
    description: truncateUtf8(description, TEXTCARD_LIMITS.description),
    url: truncateUtf8(url, TEXTCARD_LIMITS.url),
  };
  if (typeof body.btntxt === 'string') content.btntxt = truncateChars(body.btntxt, TEXTCARD_LIMITS.btntxt);
  return { content, taskId: null, interactive: false };
}

const bad = (field: string): BodyProblem => ({ errcode: 40058, param: `template_card.${field}` });

function listOf(value: unknown, field: string, min: number, max: number, item: (x: Record<string, unknown>) => boolean): BodyProblem | null {
  if (value === undefined && min === 0) return null;
  if (!Array.isArray(value) || value.length < min || value.length > max) return bad(field);
  return value.every((x) => isRecord(x) && item(x)) ? null : bad(field);
}

/** `card_action {type 1 url | 2 mini program}`; required for text_notice and news_notice (C3). */
function cardAction(value: unknown): BodyProblem | null {
  if (!isRecord(value)) return bad('card_action');
  if (value.type === 1 && str(value.url) !== '') return null;
  if (value.type === 2 && str(value.appid) !== '') return null;
  return bad('card_action');
}

/** Checks that apply to one card type. */
function cardTypeProblem(card: Record<string, unknown>, type: string): BodyProblem | null {
  const mainTitle = objectOrEmpty(card.main_title);
  switch (type) {
    case 'text_notice':
      return (
        cardAction(card.card_action) ??
        (str(mainTitle.title) === '' && str(card.sub_title_text) === '' ? bad('main_title.title') : null) ??
        listOf(card.horizontal_content_list, 'horizontal_content_list', 0, 6, (x) => str(x.keyname) !== '') ??
        listOf(card.jump_list, 'jump_list', 0, 3, (x) => str(x.title) !== '')
      );
    case 'news_notice': {
      const image = objectOrEmpty(card.card_image);
      const area = objectOrEmpty(card.image_text_area);
      return (
        cardAction(card.card_action) ??
        (str(image.url) === '' && str(area.image_url) === '' ? bad('card_image') : null) ??
        listOf(card.vertical_content_list, 'vertical_content_list', 0, 4, (x) => str(x.title) !== '') ??
        listOf(card.jump_list, 'jump_list', 0, 3, (x) => str(x.title) !== '')
      );
    }
    case 'button_interaction':
      return listOf(card.button_list, 'button_list', 1, 6, (x) => str(x.text) !== '' && (x.type !== 1 || str(x.url) !== ''));
    default:
      // vote_interaction / multiple_interaction: C3 does not describe them; only the common fields are checked.
      return null;
  }
}

/**
 * template_card (C3). Every type: a known `card_type`; `source.desc_color` 0–3; `task_id` of at most 128
 * `[0-9a-zA-Z_-@]`, unused by this app, and required for interactive cards and with `action_menu`.
 */
function templateCard(card: Record<string, unknown>, taskIdUsed: (taskId: string) => boolean): CheckedBody | BodyProblem {
  const type = card.card_type;
  if (typeof type !== 'string' || !(TEMPLATE_CARD_TYPES as readonly string[]).includes(type)) return bad('card_type');
  if (card.source !== undefined) {
    if (!isRecord(card.source)) return bad('source');
    const color = card.source.desc_color;
    if (color !== undefined && color !== 0 && color !== 1 && color !== 2 && color !== 3) return bad('source.desc_color');
  }
  const taskId = card.task_id;
  if (taskId !== undefined && (typeof taskId !== 'string' || !TASK_ID.test(taskId) || taskIdUsed(taskId))) return bad('task_id');
  if (card.action_menu !== undefined) {
    const menu = card.action_menu;
    const problem = isRecord(menu) ? listOf(menu.action_list, 'action_menu.action_list', 1, 3, (x) => str(x.text) !== '' && str(x.key) !== '') : bad('action_menu');
    if (problem) return problem;
  }
  if ((INTERACTIVE_CARDS.has(type) || card.action_menu !== undefined) && taskId === undefined) return bad('task_id');
  const problem = cardTypeProblem(card, type);
  if (problem) return problem;
  return { content: card, taskId: typeof taskId === 'string' ? taskId : null, interactive: INTERACTIVE_CARDS.has(type) };
}

/** Checks the request's `<msgtype>` object; `msgtype` is known (isKnownMsgtype). */
export function checkBody(msgtype: string, value: unknown, taskIdUsed: (taskId: string) => boolean): CheckedBody | BodyProblem {
  const body = objectOrEmpty(value);
  switch (msgtype) {
    case 'text':
      return text(body);
    case 'markdown':
      return markdown(body);
    case 'textcard':
      return textcard(body);
    case 'template_card':
      return isRecord(value) ? templateCard(value, taskIdUsed) : bad('card_type');
    default:
      return { content: body, taskId: null, interactive: false };
  }
}

export function isProblem(result: CheckedBody | BodyProblem): result is BodyProblem {
  return 'errcode' in result;
}
