import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MESSAGE_LABELS, MESSAGE_LIMITS } from '../../common/settings/channel';
import { REQUIRED_MESSAGE } from '../../common/settings/model';
import { authenticatorOptions, fetchWeComAuthenticators, listRows } from '../notifications/authenticators';
import { messageSchema } from '../notifications/formily-message';
import {
  MESSAGE_FIELDS,
  MESSAGE_FORM_TEXTS,
  cardProblem,
  fieldsFor,
  hasRecipients,
  idList,
  linkProblem,
  literalText,
  messageFieldProblem,
  messageTypeOf,
  partyIdsProblem,
  translateProblem,
  utf8Bytes,
} from '../notifications/message-form';
import { AUTHENTICATOR_SELECT, formilyField } from '../settings-form';
import { CHANNEL_FIELDS } from '../../common/settings/channel';

const field = (name: string) => MESSAGE_FIELDS.find((item) => item.name === name)!;
const t = (key: string, options?: Record<string, unknown>) => key.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => String(options?.[name] ?? whole));

describe('message form fields', () => {
  it('shows the fields of the chosen message type (none chosen is text)', () => {
    expect(fieldsFor(undefined).map((item) => item.name)).toEqual(['content']);
    expect(fieldsFor('markdown').map((item) => item.name)).toEqual(['content']);
    expect(fieldsFor('textcard').map((item) => item.name)).toEqual(['title', 'description', 'url', 'btntxt']);
    expect(fieldsFor('template_card').map((item) => item.name)).toEqual(['card']);
    expect(messageTypeOf('voice')).toBe('text');
  });

  it('requires what the server requires', () => {
    expect(messageFieldProblem(field('content'), '  ')).toEqual({ message: REQUIRED_MESSAGE });
    expect(messageFieldProblem(field('title'), undefined)).toEqual({ message: REQUIRED_MESSAGE });
    expect(messageFieldProblem(field('btntxt'), '')).toBeUndefined();
  });

  it('enforces the limits in UTF-8 bytes, like the server', () => {
    expect(utf8Bytes('企业')).toBe(6);
    expect(messageFieldProblem(field('content'), 'a'.repeat(MESSAGE_LIMITS.content))).toBeUndefined();
    expect(messageFieldProblem(field('content'), 'a'.repeat(MESSAGE_LIMITS.content + 1))).toEqual({
      message: MESSAGE_FORM_TEXTS.tooLongBytes,
      params: { size: '2049', max: '2048' },
    });
    // 43 Chinese characters = 129 bytes > 128.
    expect(messageFieldProblem(field('title'), '企'.repeat(43))?.params).toEqual({ size: '129', max: '128' });
    expect(messageFieldProblem(field('description'), '企'.repeat(171))?.message).toBe(MESSAGE_FORM_TEXTS.tooLongBytes);
  });

  it('counts the button text in characters', () => {
    expect(messageFieldProblem(field('btntxt'), '查看详情')).toBeUndefined();
    expect(messageFieldProblem(field('btntxt'), '查看详情啊')).toEqual({ message: MESSAGE_FORM_TEXTS.tooLongChars, params: { max: '4' } });
  });

  it('checks only the literal text around variables', () => {
    expect(literalText('Hi {{$context.user.nickname}}, see {{{ $jobs.x }}}!')).toBe('Hi , see !');
    expect(messageFieldProblem(field('btntxt'), '{{$context.data.longButtonText}}')).toBeUndefined();
    expect(messageFieldProblem(field('title'), `${'a'.repeat(129)}{{x}}`)?.message).toBe(MESSAGE_FORM_TEXTS.tooLongBytes);
  });

  it('accepts in-app paths and http(s) links, and leaves links made of variables to the server', () => {
    expect(linkProblem('/admin/abc')).toBeUndefined();
    expect(linkProblem('https://example.com/x')).toBeUndefined();
    expect(linkProblem('{{$context.data.url}}')).toBeUndefined();
    expect(linkProblem('admin/abc')).toEqual({ message: MESSAGE_FORM_TEXTS.link });
    expect(linkProblem('javascript:alert(1)')).toEqual({ message: MESSAGE_FORM_TEXTS.link });
    expect(messageFieldProblem(field('url'), `/${'a'.repeat(MESSAGE_LIMITS.url)}`)?.message).toBe(MESSAGE_FORM_TEXTS.tooLongBytes);
  });

  it('checks a text_notice card as the server does', () => {
    const ok = { main_title: { title: 'Hello' }, card_action: { type: 1, url: '/admin' } };
    expect(cardProblem(JSON.stringify(ok))).toBeUndefined();
    expect(messageFieldProblem(field('card'), ok)).toBeUndefined();
    expect(cardProblem('{')).toEqual({ message: MESSAGE_FORM_TEXTS.cardJson });
    expect(cardProblem('{"a": {{$context.card}} }')).toBeUndefined();
    expect(cardProblem(JSON.stringify({ ...ok, card_type: 'news_notice' }))).toEqual({ message: MESSAGE_FORM_TEXTS.cardType });
    expect(cardProblem(JSON.stringify({ main_title: { title: 'x' } }))).toEqual({ message: MESSAGE_FORM_TEXTS.cardAction });
    expect(cardProblem(JSON.stringify({ ...ok, card_action: { type: 2 } }))).toEqual({ message: MESSAGE_FORM_TEXTS.cardAction });
    expect(cardProblem(JSON.stringify({ ...ok, card_action: { type: 2, appid: 'wx1' } }))).toBeUndefined();
    expect(cardProblem(JSON.stringify({ ...ok, card_action: { url: 'ftp://x' } }))?.params).toEqual({ field: 'card.card_action.url' });
    expect(cardProblem(JSON.stringify({ card_action: ok.card_action }))).toEqual({ message: MESSAGE_FORM_TEXTS.cardTitle });
    expect(cardProblem(JSON.stringify({ sub_title_text: 'x', card_action: ok.card_action }))).toBeUndefined();
    expect(cardProblem(JSON.stringify({ ...ok, main_title: { title: 'a'.repeat(129) } }))?.params).toEqual({
      size: '129',
      max: '128',
      field: 'card.main_title.title',
    });
    expect(cardProblem(JSON.stringify({ ...ok, jump_list: [{}, {}, {}, {}] }))).toEqual({
      message: MESSAGE_FORM_TEXTS.cardList,
      params: { list: 'jump_list', max: '3' },
    });
    expect(cardProblem(JSON.stringify({ ...ok, horizontal_content_list: new Array(7).fill({}) }))?.params).toEqual({
      list: 'horizontal_content_list',
      max: '6',
    });
  });
});

describe('recipients', () => {
  it('reads userids and department ids as the server does', () => {
    expect(idList(' a | b|a||')).toEqual(['a', 'b']);
    expect(idList(['1', 2])).toEqual(['1', '2']);
    expect(partyIdsProblem('1|2')).toBeUndefined();
    expect(partyIdsProblem('1|sales')).toEqual({ message: MESSAGE_FORM_TEXTS.partyIds });
    expect(partyIdsProblem('{{$context.party}}')).toBeUndefined();
  });

  it('needs at least one user, userid or department', () => {
    expect(hasRecipients({})).toBe(false);
    expect(hasRecipients({ receivers: [null, ''] , touser: ' | ' })).toBe(false);
    expect(hasRecipients({ receivers: [1] })).toBe(true);
    expect(hasRecipients({ receivers: [{ filter: {} }] })).toBe(true);
    expect(hasRecipients({ touser: 'zhangsan' })).toBe(true);
    expect(hasRecipients({ toparty: '2' })).toBe(true);
  });
});

describe('translateProblem', () => {
  it('fills in the translated field label unless the problem names the field', () => {
    expect(translateProblem({ message: REQUIRED_MESSAGE }, MESSAGE_LABELS.title, t)).toBe('Title is required.');
    expect(translateProblem({ message: MESSAGE_FORM_TEXTS.link, params: { field: 'card.card_action.url' } }, MESSAGE_LABELS.card, t)).toBe(
      'card.card_action.url must be a page of this app (a path such as /admin/…) or an http(s) address.',
    );
  });
});

describe('authenticator choices', () => {
  it('lists enabled WeCom authenticators, keeping a disabled current one', () => {
    const rows = [
      { name: 'wecom', title: 'WeCom', authType: 'WeCom', enabled: true },
      { name: 'old', title: 'Old', authType: 'WeCom', enabled: false },
      { name: 'basic', title: 'Password', authType: 'Email/Password', enabled: true },
      { name: 'w2', authType: 'WeCom' },
    ];
    expect(authenticatorOptions(rows)).toEqual([
      { value: 'wecom', label: 'WeCom (wecom)', disabled: false },
      { value: 'w2', label: 'w2', disabled: false },
    ]);
    expect(authenticatorOptions(rows, 'old').map((option) => [option.value, option.label, option.disabled])).toContainEqual(['old', 'Old (old)', true]);
    expect(authenticatorOptions(undefined)).toEqual([]);
  });

  it('asks authenticators:list for WeCom authenticators', async () => {
    const calls: unknown[] = [];
    const rows = await fetchWeComAuthenticators({
      request: async (config) => {
        calls.push(config);
        return { data: { data: [{ name: 'wecom', authType: 'WeCom' }] } };
      },
    });
    expect(rows).toEqual([{ name: 'wecom', authType: 'WeCom' }]);
    expect(calls).toEqual([{ url: 'authenticators:list', method: 'get', params: { filter: { authType: 'WeCom' }, paginate: false, sort: ['sort'] } }]);
    expect(listRows([1])).toEqual([1]);
    expect(listRows(null)).toEqual([]);
  });

  it('renders the channel field as the authenticator select in the classic UI', () => {
    const schema = formilyField(CHANNEL_FIELDS[0], {}, t);
    expect(schema['x-component']).toBe(AUTHENTICATOR_SELECT);
    expect((schema['x-validator'] as (value: unknown) => string)('')).toBe('WeCom authenticator is required.');
    expect((schema['x-validator'] as (value: unknown) => string)('wecom')).toBe('');
  });
});

describe('classic UI message schema', () => {
  const schema = messageSchema(t, [{ label: 'x' }]) as { properties: Record<string, Record<string, unknown>> };

  it('has receivers, userids, departments, the type and one group per type', () => {
    expect(Object.keys(schema.properties)).toEqual(['receivers', 'touser', 'toparty', 'msgtype', 'wecomText', 'wecomTextcard', 'wecomTemplateCard']);
    const textcard = schema.properties.wecomTextcard.properties as Record<string, unknown>;
    expect(Object.keys(textcard)).toEqual(['title', 'description', 'url', 'btntxt']);
    expect(schema.properties.wecomTextcard['x-reactions']).toEqual([
      { dependencies: ['.msgtype'], fulfill: { state: { visible: '{{["textcard"].includes($deps[0] || "text")}}' } } },
    ]);
  });

  it('validates the receivers against the userids and departments beside them', () => {
    const validate = schema.properties.receivers['x-validator'] as (value: unknown, rule: unknown, ctx: unknown) => string;
    const ctx = (values: Record<string, unknown>) => ({ field: { query: (pattern: string) => ({ value: () => values[pattern.slice(1)] }) } });
    expect(validate([], {}, ctx({}))).toBe(MESSAGE_FORM_TEXTS.noRecipients);
    expect(validate([], {}, ctx({ touser: 'zhangsan' }))).toBe('');
    expect(validate([1], {}, undefined)).toBe('');
  });
});

describe('locales', () => {
  it('translate the message form texts in all five languages', () => {
    const dir = path.resolve(__dirname, '../../locale');
    const texts = [...Object.values(MESSAGE_FORM_TEXTS), 'Select a WeCom authenticator', 'No enabled WeCom authenticator. Add one under Authentication first.'];
    for (const lang of ['en-US', 'zh-CN', 'ja-JP', 'ko-KR', 'id-ID']) {
      const data = JSON.parse(fs.readFileSync(path.join(dir, `${lang}.json`), 'utf8')) as Record<string, string>;
      expect(texts.filter((key) => !data[key])).toEqual([]);
    }
  });
});
