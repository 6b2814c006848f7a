import { describe, expect, it } from 'vitest';
import { WeComEmulator } from '../index';
import { Json, expectWeComError, getApi, postApi, useTestEmulator, tokenFor } from './support/harness';
import { expectSameShape, fixture, without } from './support/shape';
import { APP, CORP, IP_APP, OLD_APP, testSeed } from './support/test-seed';

/**
 * C3 `POST /cgi-bin/message/send`: each validation rule and errcode, in WeCom's order; recipients; truncation.
 * The main app sees zhangsan, lisi, wangwu (disabled) and sunqi; zhaoliu (department 5) is outside its range.
 */

let emu: WeComEmulator;
let token: string;
useTestEmulator(async (started) => {
  emu = started;
  token = await tokenFor(emu);
});

const AGENT = Number(APP.agentId);
const send = (body: unknown, accessToken = token): Promise<Json> => postApi(emu, '/cgi-bin/message/send', { access_token: accessToken }, body);
const text = (extra: Json = {}, content = 'hello'): Json => ({ touser: 'zhangsan', msgtype: 'text', agentid: AGENT, text: { content }, ...extra });
const inboxIds = (userid: string): string[] => emu.messages(userid).map((m) => m.msgid);
const contentOf = (userid: string): unknown => (emu.messages(userid).at(-1)?.text as { content?: string } | undefined)?.content;

/** A doc 90236 example, with our recipients and agentid. */
function example(name: string, recipients: Json = { touser: 'zhangsan' }): Json {
  const body = fixture(`message-send.request.${name}`);
  delete body.toparty;
  delete body.totag;
  return { ...body, agentid: AGENT, ...recipients };
}

function cardExample(card: Json = {}, drop: string[] = []): Json {
  const body = example('template-card');
  const templateCard: Json = { ...(body.template_card as Json), task_id: `t${Math.random().toString(36).slice(2)}`, ...card };
  for (const key of drop) delete templateCard[key];
  return { ...body, template_card: templateCard };
}

describe('C3 message/send: success and the answer', () => {
  it('delivers a text message and answers errcode 0 with a 64-character msgid', async () => {
    const body = await send(text());
    expect(body).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.stringMatching(/^[A-Za-z0-9_-]{64}$/) });
    expect(inboxIds('zhangsan')).toEqual([body.msgid]);
  });

  it('has the keys of doc 90236’s response example (no unlicenseduser for self-built apps; response_code only for interactive cards)', async () => {
    const body = await send(text({ touser: 'zhangsan|ghost', toparty: '3|99', totag: '7' }));
    expectSameShape(body, without(fixture('message-send'), 'unlicenseduser', 'response_code'));
    const button = cardExample({ card_type: 'button_interaction', button_list: [{ text: 'OK', key: 'ok' }] }, ['card_action']);
    const card = await send({ ...button, touser: 'zhangsan|ghost', toparty: '99', totag: '7' });
    expect(card.errcode).toBe(0);
    expectSameShape(card, without(fixture('message-send'), 'unlicenseduser'));
  });

  it.each(['text', 'markdown', 'textcard', 'template-card'])('accepts doc 90236’s %s example and delivers it as sent', async (name) => {
    const request = example(name);
    const body = await send(request);
    expect(body).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(String) });
    const [message] = emu.messages('zhangsan');
    const msgtype = String(request.msgtype);
    expect(message).toMatchObject({ msgid: body.msgid, msgtype, agentid: AGENT, corpId: CORP, recalled: false });
    expect(message?.[msgtype]).toEqual(request[msgtype]);
  });

  it('accepts agentid as a numeric string (C3, observed)', async () => {
    expect((await send(text({ agentid: APP.agentId }))).errcode).toBe(0);
  });

  it('is not subject to the per-API limits of A9 (message sending has its own)', async () => {
    emu.configure({ rateLimits: { perCorpPerApiPerMinute: 1, perIpPerApiPerMinute: 1 } });
    for (let i = 0; i < 3; i++) expect((await send(text())).errcode).toBe(0);
  });
});

describe('C3 message/send: validation order', () => {
  it('token checks first: 41001 → 40014 → 42001 → 60020', async () => {
    expectWeComError(await postApi(emu, '/cgi-bin/message/send', {}, '{not json'), 41001);
    expectWeComError(await send('{not json', 'nope'), 40014);
    const ipToken = await tokenFor(emu, IP_APP.secret);
    expectWeComError(await send(text({ agentid: Number(IP_APP.agentId) }), ipToken), 60020);
    emu.advanceClock(7201);
    expectWeComError(await send(text()), 42001);
  });

  it('47001 for a body that is not a JSON object', async () => {
    expectWeComError(await send('{"touser":'), 47001);
    expectWeComError(await send('[1,2]'), 47001);
  });

  it('41011 without agentid (empty body, null, "")', async () => {
    expectWeComError(await send(''), 41011);
    expectWeComError(await send({ ...text(), agentid: null }), 41011);
    expectWeComError(await send({ ...text(), agentid: '' }), 41011);
    expect(String((await send({})).errmsg)).toMatch(/^missing agentid, hint:/);
  });

  it.each([['abc'], [1.5], [-1], [true], [{}], [999999]])('40056 for agentid %j (not an integer, or no such app)', async (agentid) => {
    expectWeComError(await send(text({ agentid })), 40056);
  });

  it('301002 for another app of the corp than the token’s', async () => {
    const body = await send(text({ agentid: Number(OLD_APP.agentId) }));
    expectWeComError(body, 301002);
    expect(String(body.errmsg)).toMatch(/^not allow operate another agent with this accesstoken\., hint:/);
  });

  it.each([[undefined], ['sms'], ['TEXT'], [1]])('40008 for msgtype %j', async (msgtype) => {
    const body = await send({ ...text(), msgtype });
    expectWeComError(body, 40008);
    expect(String(body.errmsg)).toMatch(/^invalid message type, hint:/);
  });

  it('checks in order: agentid before msgtype before fields before recipient counts before 81013', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => `u${i}`).join('|');
    const worst = { touser: many, msgtype: 'sms', agentid: 'x', text: {} };
    expectWeComError(await send(worst), 40056);
    expectWeComError(await send({ ...worst, agentid: AGENT }), 40008);
    expectWeComError(await send({ ...worst, agentid: AGENT, msgtype: 'text' }), 44004);
    expectWeComError(await send({ ...worst, agentid: AGENT, msgtype: 'text', text: { content: 'x' } }), 40032);
    expect((await send({ ...worst, agentid: AGENT, msgtype: 'text', text: { content: 'x' }, touser: 'ghost' })).errcode).toBe(81013);
  });
});

describe('C3 message/send: message bodies', () => {
  it('44004 empty content for text and markdown (missing object, empty string, wrong type)', async () => {
    expectWeComError(await send({ ...text(), text: undefined }), 44004);
    expectWeComError(await send(text({}, '')), 44004);
    expectWeComError(await send({ ...text(), text: { content: 42 } }), 44004);
    const body = await send({ touser: 'zhangsan', msgtype: 'markdown', agentid: AGENT, markdown: { content: '' } });
    expectWeComError(body, 44004);
    expect(String(body.errmsg)).toMatch(/^empty content, hint:/);
  });

  it('truncates text content at 2,048 bytes on a UTF-8 character boundary (not an error)', async () => {
    const chinese = `a${'中'.repeat(700)}`; // 1 + 2,100 bytes; byte 2,048 falls inside a character
    expect((await send(text({}, chinese))).errcode).toBe(0);
    const cut = String(contentOf('zhangsan'));
    expect(cut).toBe(`a${'中'.repeat(682)}`);
    expect(Buffer.byteLength(cut)).toBe(2047);

    const emoji = `${'x'.repeat(2046)}😀tail`; // the 4-byte emoji straddles the limit
    expect((await send(text({}, emoji))).errcode).toBe(0);
    expect(contentOf('zhangsan')).toBe('x'.repeat(2046));

    const exact = `${'x'.repeat(2045)}中`; // exactly 2,048 bytes
    await send(text({}, exact));
    expect(contentOf('zhangsan')).toBe(exact);
  });

  it('45002 for markdown over 2,048 bytes (refused, not truncated)', async () => {
    const markdown = (content: string) => ({ touser: 'zhangsan', msgtype: 'markdown', agentid: AGENT, markdown: { content } });
    expectWeComError(await send(markdown('中'.repeat(683))), 45002);
    expect((await send(markdown('中'.repeat(682)))).errcode).toBe(0);
  });

  it('textcard: 41016 no title → 41033 no description → 41010 no url', async () => {
    const card = (textcard: Json) => ({ touser: 'zhangsan', msgtype: 'textcard', agentid: AGENT, textcard });
    expectWeComError(await send(card({ description: 'd', url: 'https://a.example' })), 41016);
    const noDescription = await send(card({ title: 't', url: 'https://a.example' }));
    expectWeComError(noDescription, 41033);
    expectWeComError(await send(card({ title: 't', description: 'd' })), 41010);
    expectWeComError(await send({ touser: 'zhangsan', msgtype: 'textcard', agentid: AGENT }), 41016);
  });

  it('textcard: truncates title (128 B), description (512 B), url (2,048 B) and btntxt (4 characters)', async () => {
    const textcard = { title: '标'.repeat(50), description: 'd'.repeat(600), url: `https://a.example/${'p'.repeat(3000)}`, btntxt: '查看更多详情' };
    expect((await send({ touser: 'zhangsan', msgtype: 'textcard', agentid: AGENT, textcard })).errcode).toBe(0);
    const stored = emu.messages('zhangsan')[0]?.textcard as Record<string, string>;
    expect(stored.title).toBe('标'.repeat(42));
    expect(stored.description).toBe('d'.repeat(512));
    expect(Buffer.byteLength(stored.url ?? '')).toBe(2048);
    expect(stored.btntxt).toBe('查看更多');
  });

  it('accepts WeCom’s other message types (news, image, …) without checking their fields', async () => {
    const news = { articles: [{ title: '新闻', description: 'd', url: 'https://a.example', picurl: 'https://a.example/p.png' }] };
    expect((await send({ touser: 'zhangsan', msgtype: 'news', agentid: AGENT, news })).errcode).toBe(0);
    expect((await send({ touser: 'zhangsan', msgtype: 'image', agentid: AGENT, image: { media_id: 'MEDIA' } })).errcode).toBe(0);
    expect(emu.messages('zhangsan').map((m) => m.msgtype)).toEqual(['news', 'image']);
    expect(emu.messages('zhangsan')[0]?.news).toEqual(news);
  });

  it('keeps safe (0/1/2) and defaults it to 0', async () => {
    await send(text({ safe: 1 }));
    await send(text({ safe: 'yes' }));
    expect(emu.messages('zhangsan').map((m) => m.safe)).toEqual([1, 0]);
  });
});

describe('C3 message/send: template_card', () => {
  const param = async (body: Json, name: string): Promise<void> => {
    const answer = await send(body);
    expectWeComError(answer, 40058);
    expect(String(answer.errmsg)).toMatch(new RegExp(`^invalid param 'template_card\\.${name.replace(/\./g, '\\.')}', hint:`));
  };

  it('text_notice: card_action is required (type 1 with url, or type 2 with appid)', async () => {
    await param(cardExample({}, ['card_action']), 'card_action');
    await param(cardExample({ card_action: { type: 1 } }), 'card_action');
    await param(cardExample({ card_action: { type: 0, url: 'https://a.example' } }), 'card_action');
    expect((await send(cardExample({ card_action: { type: 2, appid: 'wxappid', pagepath: 'index' } }))).errcode).toBe(0);
  });

  it('text_notice: main_title.title or sub_title_text is required', async () => {
    await param(cardExample({ main_title: { desc: 'only a desc' } }, ['sub_title_text']), 'main_title.title');
    expect((await send(cardExample({ sub_title_text: 'only a subtitle' }, ['main_title']))).errcode).toBe(0);
  });

  it('text_notice: at most 6 horizontal rows (each with keyname) and 3 jump links', async () => {
    const row = { keyname: 'k', value: 'v' };
    await param(cardExample({ horizontal_content_list: Array(7).fill(row) }), 'horizontal_content_list');
    await param(cardExample({ horizontal_content_list: [{ value: 'no keyname' }] }), 'horizontal_content_list');
    await param(cardExample({ jump_list: Array(4).fill({ type: 1, title: 'j', url: 'https://a.example' }) }), 'jump_list');
    expect((await send(cardExample({ horizontal_content_list: Array(6).fill(row) }))).errcode).toBe(0);
  });

  it('every card type: known card_type, desc_color 0–3, a task_id of [0-9a-zA-Z_-@] ≤ 128 not used before by the app', async () => {
    await param(cardExample({ card_type: 'poster' }), 'card_type');
    await param({ ...cardExample(), template_card: 'text_notice' }, 'card_type');
    await param(cardExample({ source: { desc: 's', desc_color: 4 } }), 'source.desc_color');
    await param(cardExample({ task_id: 'has space' }), 'task_id');
    await param(cardExample({ task_id: 'x'.repeat(129) }), 'task_id');
    expect((await send(cardExample({ task_id: 'Task_1-@' }))).errcode).toBe(0);
    await param(cardExample({ task_id: 'Task_1-@' }), 'task_id');
  });

  it('action_menu (1–3 actions) makes task_id required', async () => {
    await param(cardExample({}, ['task_id']), 'task_id');
    await param(cardExample({ action_menu: { desc: 'd', action_list: [] } }), 'action_menu.action_list');
    expect((await send(cardExample({}, ['task_id', 'action_menu']))).errcode).toBe(0);
  });

  it('button_interaction: task_id and 1–6 buttons; the answer carries response_code', async () => {
    const button = (extra: Json = {}) => cardExample({ card_type: 'button_interaction', button_list: [{ text: '同意', key: 'yes' }, { type: 1, text: '打开', url: 'https://a.example' }], ...extra }, ['card_action']);
    await param(button({ task_id: undefined }), 'task_id');
    await param(button({ button_list: [] }), 'button_list');
    await param(button({ button_list: [{ type: 1, text: 'no url' }] }), 'button_list');
    const body = await send(button());
    expect(body).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(String), response_code: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/) });
    expect(emu.messages('zhangsan')[0]?.response_code).toBe(body.response_code);
  });

  it('news_notice: card_action and an image (card_image.url or image_text_area.image_url) are required', async () => {
    const news = (extra: Json) => cardExample({ card_type: 'news_notice', ...extra });
    await param(news({}), 'card_image');
    await param(news({ card_image: { url: 'https://a.example/i.png' }, card_action: undefined }), 'card_action');
    expect((await send(news({ card_image: { url: 'https://a.example/i.png', aspect_ratio: 2 } }))).errcode).toBe(0);
    expect((await send(news({ image_text_area: { type: 1, url: 'https://a.example', title: 't', image_url: 'https://a.example/i.png' } }))).errcode).toBe(0);
  });

  it('text_notice has no response_code', async () => {
    expect(Object.keys(await send(cardExample()))).toEqual(['errcode', 'errmsg', 'msgid']);
  });
});

describe('C3 message/send: recipients', () => {
  it('lists unknown, outside-the-range and malformed userids in invaliduser, lowercased, and delivers to the rest', async () => {
    const body = await send(text({ touser: 'ZhangSan|GHOST|ZhaoLiu|bad user|zhangsan' }));
    expect(body).toMatchObject({ errcode: 0, invaliduser: 'ghost|zhaoliu|bad user' });
    expect(inboxIds('zhangsan')).toEqual([body.msgid]);
    expect(emu.messages('zhaoliu')).toEqual([]);
  });

  it('matches userids case-insensitively and keeps the stored case in the inbox', async () => {
    await send(text({ touser: 'LISI' }));
    expect(emu.messages('lisi')).toHaveLength(1);
    expect(emu.messages('LiSi')).toHaveLength(1);
  });

  it('trims ids and ignores empty ones between the | separators', async () => {
    const body = await send(text({ touser: ' zhangsan | | lisi |', toparty: ' 99 ' }));
    expect(body).toMatchObject({ errcode: 0, invalidparty: '99' });
    expect(body.invaliduser).toBeUndefined();
    expect(emu.messages('lisi')).toHaveLength(1);
  });

  it('expands a department to the visible members of its whole subtree, once each', async () => {
    const body = await send(text({ touser: 'sunqi', toparty: '2' }));
    expect(body).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(String) });
    for (const userid of ['zhangsan', 'wangwu', 'sunqi']) expect(inboxIds(userid), userid).toEqual([body.msgid]);
    expect(emu.messages('lisi')).toEqual([]);
  });

  it('reports unknown or invisible departments in invalidparty; every tag in invalidtag (the seed has no tags)', async () => {
    const body = await send(text({ touser: '', toparty: '3|5|404|x', totag: '1|2' }));
    expect(body).toMatchObject({ errcode: 0, invalidparty: '5|404|x', invalidtag: '1|2' });
    expect(emu.messages('lisi')).toHaveLength(1);
    expect(emu.messages('zhaoliu')).toEqual([]);
  });

  it('@all reaches the app’s whole visible range and ignores toparty and totag', async () => {
    const body = await send(text({ touser: '@all', toparty: '404', totag: '1' }));
    expect(body).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(String) });
    for (const userid of ['zhangsan', 'lisi', 'wangwu', 'sunqi']) expect(emu.messages(userid), userid).toHaveLength(1);
    expect(emu.messages('zhaoliu')).toEqual([]);
    const oldToken = await tokenFor(emu, OLD_APP.secret);
    await send(text({ touser: '@all', agentid: Number(OLD_APP.agentId) }), oldToken);
    expect(emu.messages('zhaoliu')).toHaveLength(1);
  });

  it('delivers to disabled and not-yet-activated members; a member who left is invalid', async () => {
    const seed = testSeed();
    const members = seed.corps[0]?.members ?? [];
    members.push({ userid: 'newbie', name: '新人', status: 4, department: [2] }, { userid: 'gone', name: '离职', status: 5, department: [2] });
    const app = seed.corps[0]?.apps?.[0];
    if (app && Array.isArray(app.visibleUserIds)) app.visibleUserIds.push('newbie', 'gone');
    emu.setSeed(seed);
    token = await tokenFor(emu);
    const body = await send(text({ touser: 'wangwu|newbie|gone' }));
    expect(body).toMatchObject({ errcode: 0, invaliduser: 'gone' });
    expect(emu.messages('wangwu')).toHaveLength(1);
    expect(emu.messages('newbie')).toHaveLength(1);
  });

  it('81013 with the invalid lists when no recipient is valid (fixture: the observed answer)', async () => {
    const body = await send(text({ touser: 'Ghost|zhaoliu', toparty: '5', totag: '9' }));
    expect(body).toMatchObject({ errcode: 81013, invaliduser: 'ghost|zhaoliu', invalidparty: '5', invalidtag: '9' });
    expect(String(body.errmsg)).toMatch(/^user & party & tag all invalid, hint: \[\d{25}\], from ip: 127\.0\.0\.1, more info at https:\/\/open\.work\.weixin\.qq\.com\/devtool\/query\?e=81013$/);
    expectSameShape(await send(text({ touser: 'ghost' })), fixture('message-send.all-invalid'));
    expect(emu.messages('zhaoliu')).toEqual([]);
  });

  it('81013 when no recipient is named at all, and for @all with an empty visible range', async () => {
    expectWeComError(await send({ msgtype: 'text', agentid: AGENT, text: { content: 'x' } }), 81013);
    expectWeComError(await send(text({ touser: '', toparty: '' })), 81013);
    const seed = testSeed();
    const app = seed.corps[0]?.apps?.[0];
    if (app) app.visibleUserIds = [];
    emu.setSeed(seed);
    expectWeComError(await send(text({ touser: '@all' }), await tokenFor(emu)), 81013);
  });

  it('answers 82001 instead with messageAllInvalidErrcode', async () => {
    emu.configure({ messageAllInvalidErrcode: 82001 });
    const body = await send(text({ touser: 'ghost' }));
    expect(body).toMatchObject({ errcode: 82001, invaliduser: 'ghost' });
    expect(String(body.errmsg)).toMatch(/^All touser & toparty & totag invalid, hint:/);
  });

  it('at most 1,000 userids (40032), 100 departments (82002) and 100 tags (82003)', async () => {
    const ids = (n: number, prefix = '') => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`).join('|');
    expect((await send(text({ touser: `zhangsan|${ids(999, 'u')}` }))).errcode).toBe(0);
    expectWeComError(await send(text({ touser: `zhangsan|${ids(1000, 'u')}` })), 40032);
    expect((await send(text({ toparty: ids(100) }))).errcode).toBe(0);
    expectWeComError(await send(text({ toparty: ids(101) })), 82002);
    expect((await send(text({ totag: ids(100) }))).errcode).toBe(0);
    expectWeComError(await send(text({ totag: ids(101) })), 82003);
    expect((await send(text({ touser: '@all', toparty: ids(101), totag: ids(101) }))).errcode).toBe(0);
  });
});

describe('C3 message/send: duplicate check', () => {
  it('with enable_duplicate_check, the same request within the interval is not delivered again and repeats the msgid', async () => {
    const request = text({ enable_duplicate_check: 1, duplicate_check_interval: 60 });
    const first = await send(request);
    const again = await send(request);
    expect(again).toEqual(first);
    expect(inboxIds('zhangsan')).toEqual([first.msgid]);
    expect((await send({ ...request, text: { content: 'other' } })).msgid).not.toBe(first.msgid);
    emu.advanceClock(61);
    expect((await send(request)).msgid).not.toBe(first.msgid);
    expect(emu.messages('zhangsan')).toHaveLength(3);
  });

  it('recognises a duplicate template card before its task_id counts as used', async () => {
    const request = { ...cardExample({ task_id: 'dup_task' }), enable_duplicate_check: 1 };
    const first = await send(request);
    expect(first.errcode).toBe(0);
    expect(await send(request)).toEqual(first);
    expect(emu.messages('zhangsan')).toHaveLength(1);
    expect((await send({ ...request, enable_duplicate_check: 0 })).errcode).toBe(40058);
  });

  it('without it, the same request is delivered each time', async () => {
    await send(text());
    await send(text());
    expect(emu.messages('zhangsan')).toHaveLength(2);
  });
});

describe('C3 message/send: the call log', () => {
  it('logs the call with its body and an empty `dropped` list', async () => {
    await send(text());
    const [call] = emu.calls('/cgi-bin/message/send');
    expect(call).toMatchObject({ method: 'POST', errcode: 0, dropped: [], body: { touser: 'zhangsan', msgtype: 'text' } });
    await send(text({ touser: 'ghost' }));
    expect(emu.calls({ path: '/cgi-bin/message/send', errcode: 81013 })[0]?.dropped).toBeUndefined();
  });
});

it('C3 message/send GET-style call: the token is read from the query, the body must be JSON', async () => {
  expectWeComError(await getApi(emu, '/cgi-bin/message/send', { access_token: token }), 41011);
});
