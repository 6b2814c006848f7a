import PluginNotificationManagerServer from '@nocobase/plugin-notification-manager';
import type { Seed } from '@nocobase-wecom/wecom-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setNotificationClock } from '../notifications/clock';
import { DEFERRED_COLLECTION, sendDueDeferred } from '../notifications/deferred-sends';
import { Browser, callbackPath } from './helpers/browser';
import { createAuthenticator, ORIGIN, startHarness, testSeed, type Harness } from './helpers/harness';

const CHANNEL = 'wecom-notify';
const SEND = '/cgi-bin/message/send';

interface LogRow {
  status: string;
  reason?: string;
}

describe('the wecom notification channel', () => {
  let h: Harness;
  let manager: PluginNotificationManagerServer;
  const ids: Record<string, number> = {};

  const users = () => h.app.db.getRepository('users');
  const bindings = () => h.app.db.getRepository('usersAuthenticators');

  async function createUser(username: string, values: Record<string, unknown> = {}, userid?: string) {
    const user = await users().create({ values: { username, nickname: username, ...values } });
    ids[username] = user.get('id') as number;
    if (userid) await bindings().create({ values: { authenticator: 'wecom', uuid: userid, userId: ids[username] } });
    return ids[username];
  }

  const send = (message: Record<string, unknown>, userIds?: number[]) =>
    manager.sendNow({
      channelName: CHANNEL,
      message,
      triggerFrom: 'test',
      ...(userIds ? { receivers: { type: 'userId' as const, value: userIds } } : {}),
    }) as Promise<LogRow>;

  const lastLog = async (): Promise<LogRow> => {
    const rows = await h.app.db.getRepository('notificationSendLogs').find({ sort: ['-createdAt'], limit: 1 });
    return rows[0].toJSON() as LogRow;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- inbox entries are free-form JSON
  type Inbox = Record<string, any>;
  const last = (userid: string) => h.emulator.messages(userid).at(-1) as Inbox | undefined;
  const contents = (userid: string) => h.emulator.messages(userid).map((message) => (message as Inbox).text?.content);

  beforeAll(async () => {
    h = await startHarness({ plugins: ['notification-manager'] });
    manager = h.app.pm.get(PluginNotificationManagerServer) as PluginNotificationManagerServer;
    await createAuthenticator(h);
    await h.app.db.getRepository('notificationChannels').create({
      values: { name: CHANNEL, title: 'WeCom', notificationType: 'wecom', options: { authenticator: 'wecom' } },
    });
    await createUser('alice', {}, 'zhangsan');
    await createUser('bob', { phone: '+86 138-0000-0002' }); // lisi, not bound
    await createUser('carol'); // no binding, no phone
    await createUser('dave', { phone: '13900000000' }); // no WeCom member has it
    await createUser('erin', {}, 'sunqi');
  });

  afterAll(async () => {
    await h?.close();
  });

  afterEach(() => {
    h.emulator.clearFaults();
    setNotificationClock(undefined);
  });

  it('registers the channel type', () => {
    expect(manager.channelTypes.get('wecom')).toBeTruthy();
  });

  it('a bound member gets a text card with the right fields', async () => {
    const result = await send(
      { msgtype: 'textcard', title: 'Leave approved', description: '<div class="gray">2024-05-01</div>Enjoy', url: 'https://example.com/x', btntxt: 'Open' },
      [ids.alice],
    );
    expect(result).toMatchObject({ status: 'success' });
    expect(last('zhangsan')).toMatchObject({
      msgtype: 'textcard',
      textcard: { title: 'Leave approved', description: '<div class="gray">2024-05-01</div>Enjoy', url: 'https://example.com/x', btntxt: 'Open' },
    });
    expect(await lastLog()).toMatchObject({ status: 'success' });
  });

  it('text, markdown and a text_notice template card', async () => {
    expect(await send({ msgtype: 'text', content: 'plain text 1' }, [ids.alice])).toMatchObject({ status: 'success' });
    expect(last('zhangsan')).toMatchObject({ msgtype: 'text', text: { content: 'plain text 1' } });
    expect(await send({ msgtype: 'markdown', content: '**bold** 1' }, [ids.alice])).toMatchObject({ status: 'success' });
    expect(last('zhangsan')).toMatchObject({ msgtype: 'markdown', markdown: { content: '**bold** 1' } });
    const card = { main_title: { title: 'Card 1' }, card_action: { type: 1, url: '/admin/card' }, jump_list: [{ type: 1, title: 'Go', url: 'https://example.com/j' }] };
    expect(await send({ msgtype: 'template_card', card: JSON.stringify(card) }, [ids.alice])).toMatchObject({ status: 'success' });
    const sent = last('zhangsan');
    expect(sent?.template_card).toMatchObject({ card_type: 'text_notice', main_title: { title: 'Card 1' }, jump_list: [{ url: 'https://example.com/j' }] });
    expect(sent?.template_card.card_action.url).toBe(`${ORIGIN}/api/wecom:entry?authenticator=wecom&redirect=%2Fadmin%2Fcard`);
  });

  it('an unbound user with a phone is reached through getuserid, and the second send does no look-up', async () => {
    h.emulator.clearCalls();
    expect(await send({ msgtype: 'text', content: 'to bob 1' }, [ids.bob])).toMatchObject({ status: 'success' });
    expect(await send({ msgtype: 'text', content: 'to bob 2' }, [ids.bob])).toMatchObject({ status: 'success' });
    expect(contents('lisi')).toEqual(['to bob 1', 'to bob 2']);
    expect(h.emulator.calls('/cgi-bin/user/getuserid')).toHaveLength(1);
    expect(await bindings().count({ filter: { userId: ids.bob } })).toBe(0);
  });

  it('users who cannot be reached are failures in the send log, the others still get it', async () => {
    const result = await send({ msgtype: 'text', content: 'to many 1' }, [ids.alice, ids.carol, ids.dave, 999999]);
    expect(result.status).toBe('failure');
    const log = await lastLog();
    expect(log.status).toBe('failure');
    expect(log.reason).toContain('Delivered to 1 of 4 recipients.');
    expect(log.reason).toContain(`user ${ids.carol}: no WeCom account is bound to them through "wecom"`);
    expect(log.reason).toContain(`user ${ids.dave}: no WeCom account is bound to them and no WeCom member has their phone number`);
    expect(log.reason).toContain('user 999999: no such user');
    expect(last('zhangsan')?.text?.content).toBe('to many 1');
  });

  it('WeCom userids and departments typed in; invalid ones are reported', async () => {
    const result = await send({ msgtype: 'text', content: 'typed 1', touser: 'wangwu|nobody', toparty: ['1', '999'] });
    expect(result.status).toBe('failure');
    expect(result.reason).toContain('WeCom userid nobody');
    expect(result.reason).toContain('WeCom department 999');
    expect(last('wangwu')?.text?.content).toBe('typed 1');
  });

  it('all recipients invalid (81013) is a failure with a reason', async () => {
    const result = await send({ msgtype: 'text', content: 'nobody 1', touser: ['ghost1', 'ghost2'] });
    expect(result.status).toBe('failure');
    expect(result.reason).toContain("WeCom userid ghost1, WeCom userid ghost2: WeCom does not know them or they are outside the app's visible range");
  });

  it('bad input is a clear failure, never a throw', async () => {
    const cases: Array<[Record<string, unknown>, number[] | undefined, string]> = [
      [{ msgtype: 'text', content: 'x'.repeat(2049) }, [ids.alice], 'The content is too long for WeCom: 2049 bytes, at most 2048.'],
      [{ msgtype: 'textcard', title: '标'.repeat(43), description: 'd', url: 'https://e.com' }, [ids.alice], 'The title is too long for WeCom: 129 bytes, at most 128.'],
      [{ msgtype: 'textcard', title: 't', description: 'd', url: 'https://e.com', btntxt: '12345' }, [ids.alice], 'The button text is too long'],
      [{ msgtype: 'textcard', title: 't', description: 'd', url: 'javascript:alert(1)' }, [ids.alice], 'must be an http(s) address or a page of this app'],
      [{ msgtype: 'textcard', title: 't', description: 'd', url: '/api/users:destroy' }, [ids.alice], 'is not a page of this app'],
      [{ msgtype: 'text', content: 'hi' }, [], 'The message has no recipients.'],
      [{ msgtype: 'text', content: '' }, [ids.alice], 'The message has no content.'],
      [{ msgtype: 'news', content: 'hi' }, [ids.alice], 'not supported'],
    ];
    for (const [message, userIds, reason] of cases) {
      const result = await send(message, userIds);
      expect(result.status, reason).toBe('failure');
      expect(result.reason).toContain(reason);
    }
  });

  it('a channel whose authenticator is missing fails with a reason', async () => {
    await h.app.db.getRepository('notificationChannels').create({
      values: { name: 'broken', title: 'Broken', notificationType: 'wecom', options: { authenticator: 'nope' } },
    });
    const result = await manager.sendNow({ channelName: 'broken', message: { msgtype: 'text', content: 'x' }, receivers: { type: 'userId', value: [ids.alice] }, triggerFrom: 'test' });
    expect(result).toMatchObject({ status: 'failure', reason: 'The WeCom authenticator "nope" of this channel does not exist.' });
  });

  it('-1 is retried', async () => {
    h.emulator.clearCalls();
    h.emulator.fault({ path: SEND, errcode: -1, times: 2 });
    expect(await send({ msgtype: 'text', content: 'busy 1' }, [ids.alice])).toMatchObject({ status: 'success' });
    expect(h.emulator.calls(SEND)).toHaveLength(3);
    expect(last('zhangsan')?.text?.content).toBe('busy 1');
  });

  it.each([45009, 45033])('%i (WeCom rate limits) is retried', async (errcode) => {
    h.emulator.clearCalls();
    h.emulator.fault({ path: SEND, errcode, times: 1 });
    expect(await send({ msgtype: 'text', content: `limited ${errcode}` }, [ids.alice])).toMatchObject({ status: 'success' });
    expect(h.emulator.calls(SEND)).toHaveLength(2);
    expect(h.emulator.messages('zhangsan').filter((m) => (m as Inbox).text?.content === `limited ${errcode}`)).toHaveLength(1);
  });

  it('150 departments take 2 send calls (100 per call)', async () => {
    h.emulator.clearCalls();
    const parties = Array.from({ length: 150 }, (_, index) => String(index + 1));
    const result = await send({ msgtype: 'text', content: 'parties 1', toparty: parties });
    const calls = h.emulator.calls(SEND);
    expect(calls).toHaveLength(2);
    expect(calls.map((call) => String((call.body as { toparty: string }).toparty).split('|').length)).toEqual([100, 50]);
    // Department 1 exists; the others are reported by WeCom as invalid, and so in the result.
    expect(result.reason).toMatch(/^Delivered to 1 of 150 recipients\. Not delivered to WeCom department 2, /);
  });

  it('60020 gives a reason with the IP to trust', async () => {
    h.emulator.fault({ path: SEND, errcode: 60020 });
    const result = await send({ msgtype: 'text', content: 'ip 1' }, [ids.alice]);
    expect(result.status).toBe('failure');
    expect(result.reason).toMatch(/IP address 127\.0\.0\.1 is not a trusted IP/);
  });

  it('an in-app link becomes a wecom:entry link that signs the member in and lands on the page', async () => {
    await send({ msgtype: 'textcard', title: 'Order', description: 'Open it', url: '/admin/orders?id=7' }, [ids.alice]);
    const url: string = last('zhangsan')?.textcard.url;
    expect(url).toBe(`${ORIGIN}/api/wecom:entry?authenticator=wecom&redirect=%2Fadmin%2Forders%3Fid%3D7`);
    const browser = Browser.inWeCom(h.app, h.emulator);
    const entry = await browser.callback(callbackPath(url));
    expect(entry.status).toBe(302);
    const outcome = await browser.follow(entry.headers.location, { userid: 'zhangsan' });
    expect(outcome.location).toMatch(/^\/admin\/orders\?id=7&/);
    expect(outcome.query.get('wecom_handoff')).toBeTruthy();
    expect((await browser.currentUser(outcome.token as string)).id).toBe(ids.alice);
  });

  it('2,500 recipients take exactly 3 send calls', async () => {
    const extra = Array.from({ length: 2500 }, (_, index) => `bulk${String(index).padStart(4, '0')}`);
    const seed = testSeed() as Seed & { corps: Array<{ apps: Array<{ visibleUserIds: unknown }>; members: unknown[] }> };
    for (const app of seed.corps[0].apps) app.visibleUserIds = 'all';
    seed.corps[0].members.push(...extra.map((userid) => ({ userid, name: userid, status: 1, department: [1] })));
    h.emulator.setSeed(seed as Seed);
    try {
      h.emulator.clearCalls();
      const result = await send({ msgtype: 'text', content: 'bulk 1', touser: extra });
      expect(result).toMatchObject({ status: 'success' });
      const calls = h.emulator.calls(SEND);
      expect(calls).toHaveLength(3);
      expect(calls.map((call) => String((call.body as { touser: string }).touser).split('|').length)).toEqual([1000, 1000, 500]);
      expect(h.emulator.messages('bulk2499').at(-1)).toMatchObject({ text: { content: 'bulk 1' } });
    } finally {
      h.emulator.setSeed(testSeed());
    }
  });

  it('a member over 30 messages a minute gets the rest deferred, then delivered after the window', async () => {
    let now = Date.now();
    setNotificationClock({ now: () => now });
    const before = h.emulator.messages('sunqi').length;
    const results: LogRow[] = [];
    for (let index = 1; index <= 33; index += 1) results.push(await send({ msgtype: 'text', content: `burst ${index}` }, [ids.erin]));
    expect(results.every((result) => result.status === 'success')).toBe(true);
    expect(results.slice(30).map((result) => result.reason)).toEqual(
      Array(3).fill(expect.stringContaining(`Deferred for user ${ids.erin}: WeCom allows 30 messages a minute`)),
    );
    expect(h.emulator.messages('sunqi').length - before).toBe(30);
    // Kept in the database, not in this process: they survive a restart.
    const held = () => h.app.db.getRepository(DEFERRED_COLLECTION).count();
    expect(await held()).toBe(3);
    expect(await sendDueDeferred(h.app, manager as never, now)).toBe(0);

    now += 61_000;
    h.emulator.advanceClock(61);
    // Two ticks at once (two nodes): each re-send is taken once.
    const taken = await Promise.all([sendDueDeferred(h.app, manager as never, now), sendDueDeferred(h.app, manager as never, now)]);
    expect(taken[0] + taken[1]).toBe(3);
    expect(await held()).toBe(0);
    const inbox = contents('sunqi');
    expect(inbox.length - before).toBe(33);
    expect(inbox.slice(-3)).toEqual(['burst 31', 'burst 32', 'burst 33']);
    const resent = await h.app.db.getRepository('notificationSendLogs').find({ filter: { triggerFrom: 'wecom-deferred' } });
    expect(resent.map((row: { get(name: string): unknown }) => row.get('status'))).toEqual(['success', 'success', 'success']);
  });
});
