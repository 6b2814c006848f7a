import { encrypt, getSignature } from '@wecom/crypto';
import type { Model } from '@nocobase/database';
import type { MockServer } from '@nocobase/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userDataSyncPlugin } from '../sync/register';
import { Browser } from './helpers/browser';
import { createSyncSource, directorySeed, EVENT_AES_KEY, EVENT_TOKEN, runSync, SOURCE } from './helpers/directory';
import { CORP_ID, createAuthenticator, startHarness, type Harness } from './helpers/harness';

type Agent = ReturnType<MockServer['agent']>;

/** WeCom's contact-change events, through the real encrypted receiver: the emulator posts, NocoBase applies. */
describe('wecom:contactEvents', () => {
  let h: Harness;
  let admin: Agent;
  let server: Server;
  let receiver: string;

  const users = () => h.app.db.getRepository('users');
  const bindingOf = (userid: string): Promise<Model | null> => h.app.db.getRepository('usersAuthenticators').findOne({ filter: { authenticator: 'wecom', uuid: userid } });
  const department = (title: string): Promise<Model | null> => h.app.db.getRepository('departments').findOne({ filter: { title } });
  const departmentsOf = async (userId: unknown) =>
    ((await h.app.db.getRepository('departmentsUsers').find({ filter: { userId: userId as number } })) as Model[]).map((row) => row.get('departmentId')).sort();

  async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
    let value = await read();
    for (let i = 0; i < 100 && !ok(value); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      value = await read();
    }
    return value;
  }

  async function change(changes: unknown[]) {
    const result = h.emulator.changeDirectory(CORP_ID, changes);
    await h.emulator.deliveriesSettled();
    return result;
  }

  const putReceiver = (token = EVENT_TOKEN) =>
    fetch(`${h.emulator.url}/__emulator/receiver`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ corpId: CORP_ID, url: receiver, token, encodingAESKey: EVENT_AES_KEY }),
    });

  beforeAll(async () => {
    h = await startHarness({ plugins: ['error-handler', 'user-data-sync', 'departments'], seed: directorySeed() });
    server = createServer(h.app.callback()).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    receiver = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom:contactEvents?source=${SOURCE}`;
    const root = await users().findOne({ filter: { email: process.env.INIT_ROOT_EMAIL ?? 'admin@nocobase.com' } });
    admin = await h.app.agent().login(root, 'root');
    await createAuthenticator(h);
    await createSyncSource(h, { eventToken: EVENT_TOKEN, eventAESKey: EVENT_AES_KEY });
    expect((await runSync(h, admin)).status).toBe('success');
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await h?.close();
  });

  it('answers WeCom’s URL check, so the receiver can be saved; a wrong Token fails the check', async () => {
    const wrong = await putReceiver('WrongToken1');
    expect(wrong.status).toBe(400);
    const saved = await putReceiver();
    expect(saved.status, await saved.clone().text()).toBe(200);
  });

  it('create_user: a new member is re-read, created, placed in their department and bound', async () => {
    h.emulator.clearCalls();
    await change([{ op: 'addMember', member: { userid: 'newbie', name: '新人', department: [4] } }]);
    const binding = await eventually(() => bindingOf('newbie'), Boolean);
    expect(binding).toBeTruthy();
    const user = await users().findOne({ filterByTk: binding!.get('userId') as number });
    expect(user?.get('nickname')).toBe('新人');
    expect(await departmentsOf(user?.get('id'))).toEqual([(await department('Platform'))!.get('id')]);
    // IDs only: one read of the member, nothing else.
    expect(h.emulator.calls().filter((call) => call.path.startsWith('/cgi-bin/user/')).map((call) => call.query.userid)).toEqual(['newbie']);
  });

  it('update_user: a move to another department follows', async () => {
    const userId = (await bindingOf('newbie'))!.get('userId');
    await change([{ op: 'updateMember', userid: 'newbie', set: { department: [5] } }]);
    const sales = (await department('Sales'))!.get('id');
    expect(await eventually(() => departmentsOf(userId), (ids) => ids.length === 1 && ids[0] === sales)).toEqual([sales]);
  });

  it('update_user with NewUserID: the same user, bound under the new userid, signs in', async () => {
    const userId = (await bindingOf('newbie'))!.get('userId');
    await change([{ op: 'updateMember', userid: 'newbie', newUserid: 'newbie2', set: {} }]);
    const moved = await eventually(() => bindingOf('newbie2'), Boolean);
    expect(moved?.get('userId')).toBe(userId);
    expect(await bindingOf('newbie')).toBeNull();
    const outcome = await new Browser(h.app, h.emulator).signIn('wecom', { userid: 'newbie2' });
    expect((await new Browser(h.app, h.emulator).currentUser(outcome.token!)).id).toBe(userId);
    expect(await users().count({ filter: { nickname: '新人' } })).toBe(1);
  });

  it('delete_user: the binding stays, marked departed (sign-in refuses it); the user and their data stay', async () => {
    const userId = (await bindingOf('newbie2'))!.get('userId');
    await change([{ op: 'removeMember', userid: 'newbie2' }]);
    const marked = await eventually(() => bindingOf('newbie2'), (b) => Boolean(b?.get('meta')?.departed));
    expect(marked?.get('userId')).toBe(userId);
    expect(marked?.get('meta')).toMatchObject({ departed: { reason: 'left' } });
    expect(await users().count({ filter: { id: userId } })).toBe(1);
  });

  it('create_party, update_party and delete_party mirror the department', async () => {
    await change([{ op: 'addDepartment', department: { id: 6, name: 'Support', parentid: 1 } }]);
    const created = await eventually(() => department('Support'), Boolean);
    expect(created?.get('parentId')).toBe((await department('Test Corp'))!.get('id'));
    await change([{ op: 'updateDepartment', id: 6, set: { parentid: 5 } }]);
    const sales = (await department('Sales'))!.get('id');
    expect((await eventually(() => department('Support'), (d) => d?.get('parentId') === sales))?.get('parentId')).toBe(sales);
    await change([{ op: 'removeDepartment', id: 6 }]);
    expect(await eventually(() => department('Support'), (d) => d === null)).toBeNull();
  });

  it('a delivery WeCom repeats is applied once', async () => {
    h.emulator.clearCalls();
    await change([{ op: 'addMember', member: { userid: 'twice', name: '两次', department: [5] }, duplicate: true }]);
    await eventually(() => bindingOf('twice'), Boolean);
    await new Promise((resolve) => setTimeout(resolve, 800));
    const deliveries = h.emulator.calls('callback').filter((call) => call.callback?.kind === 'event');
    expect(deliveries.length).toBe(2);
    expect(deliveries.every((call) => call.status === 200)).toBe(true);
    expect(h.emulator.calls().filter((call) => call.path === '/cgi-bin/user/get')).toHaveLength(1);
    expect(await users().count({ filter: { nickname: '两次' } })).toBe(1);
  });

  describe('refuses what WeCom did not send, with nothing applied', () => {
    const agent = () => h.app.agent();
    const event = (userid: string) =>
      `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType><![CDATA[create_user]]></ChangeType><UserID><![CDATA[${userid}]]></UserID></xml>`;
    function post(xml: string, options: { token?: string; receiveId?: string; timestamp?: number; source?: string } = {}) {
      const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
      const encrypted = encrypt(EVENT_AES_KEY, xml, options.receiveId ?? CORP_ID);
      const signature = getSignature(options.token ?? EVENT_TOKEN, timestamp, 'n1', encrypted);
      return agent()
        .post(`/wecom:contactEvents?source=${options.source ?? SOURCE}&msg_signature=${signature}&timestamp=${timestamp}&nonce=n1`)
        .set('Content-Type', 'text/xml')
        .send(`<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt><AgentID><![CDATA[]]></AgentID></xml>`);
    }

    it.each([
      ['a wrong signature', { token: 'forged' }, 403],
      ['another corp as receiveid', { receiveId: 'wwsomeothercorp' }, 403],
      ['a replay of an old request', { timestamp: Math.floor(Date.now() / 1000) - 3600 }, 400],
      ['an unknown source', { source: 'nope' }, 404],
    ])('%s', async (_, options, status) => {
      h.emulator.clearCalls();
      const response = await post(event('zhaoliu'), options);
      expect(response.status).toBe(status);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(h.emulator.calls().filter((call) => call.path.startsWith('/cgi-bin/user/'))).toHaveLength(0);
    });

    it('malformed XML', async () => {
      const response = await agent().post(`/wecom:contactEvents?source=${SOURCE}&msg_signature=x&timestamp=1&nonce=1`).set('Content-Type', 'text/xml').send('<xml><Encrypt>');
      expect(response.status).toBe(400);
    });

    it('a GET check with a forged signature', async () => {
      const response = await agent().get(`/wecom:contactEvents?source=${SOURCE}&msg_signature=${'0'.repeat(40)}&timestamp=1&nonce=1&echostr=abc`);
      expect(response.status).toBe(403);
    });
  });

  it('is not applied for a disabled source', async () => {
    await h.app.db.getRepository('userDataSyncSources').update({ filter: { name: SOURCE }, values: { enabled: false } });
    const response = await h.app.agent().get(`/wecom:contactEvents?source=${SOURCE}&msg_signature=x&timestamp=1&nonce=1&echostr=abc`);
    expect(response.status).toBe(404);
    await h.app.db.getRepository('userDataSyncSources').update({ filter: { name: SOURCE }, values: { enabled: true } });
    expect(userDataSyncPlugin(h.app)).toBeTruthy();
  });
});
