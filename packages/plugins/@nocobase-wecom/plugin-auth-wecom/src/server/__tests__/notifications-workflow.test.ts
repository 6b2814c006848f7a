import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './helpers/browser';
import { createAuthenticator, ORIGIN, startHarness, type Harness } from './helpers/harness';

/**
 * What an admin builds with the channel: a workflow that tells a record's assignee in WeCom. The
 * notification node hands its recipients inside `message.receivers` and the card's texts as templates.
 */
describe('a workflow notification node sends through the wecom channel', () => {
  let h: Harness;
  let assigneeId: number;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- inbox entries are free-form JSON
  const inbox = (userid: string) => h.emulator.messages(userid) as Array<Record<string, any>>;

  async function waitFor<T>(read: () => T | undefined, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = read();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  beforeAll(async () => {
    h = await startHarness({ plugins: ['notification-manager', 'workflow', 'workflow-notification'] });
    await createAuthenticator(h);
    await h.app.db.getRepository('notificationChannels').create({
      values: { name: 'wecom-tasks', title: 'WeCom', notificationType: 'wecom', options: { authenticator: 'wecom' } },
    });
    const assignee = await h.app.db.getRepository('users').create({ values: { username: 'zhang', nickname: 'Zhang' } });
    assigneeId = assignee.get('id') as number;
    await h.app.db.getRepository('usersAuthenticators').create({ values: { authenticator: 'wecom', uuid: 'zhangsan', userId: assigneeId } });

    h.app.db.collection({
      name: 'tasks',
      fields: [
        { type: 'string', name: 'title' },
        { type: 'belongsTo', name: 'assignee', target: 'users', foreignKey: 'assigneeId' },
      ],
    });
    await h.app.db.sync();

    const workflow = await h.app.db.getRepository('workflows').create({
      values: { title: 'Tell the assignee', type: 'collection', enabled: true, config: { mode: 1, collection: 'tasks' } },
    });
    await workflow.createNode({
      type: 'notification',
      config: {
        channelName: 'wecom-tasks',
        receivers: ['{{$context.data.assigneeId}}'],
        msgtype: 'textcard',
        title: 'New task: {{$context.data.title}}',
        description: 'Assigned to you',
        url: '/admin/tasks?id={{$context.data.id}}',
        btntxt: 'Open',
      },
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it("creating a record delivers a text card to the assignee's WeCom, whose link signs them in on the page", async () => {
    const before = inbox('zhangsan').length;
    const task = await h.app.db.getRepository('tasks').create({ values: { title: 'Quarterly report', assigneeId } });
    const card = await waitFor(() => inbox('zhangsan').slice(before).find((message) => message.msgtype === 'textcard'));
    expect(card.textcard.title).toBe('New task: Quarterly report');
    expect(card.textcard.description).toBe('Assigned to you');
    expect(card.textcard.btntxt).toBe('Open');
    const link = new URL(card.textcard.url);
    expect(`${link.origin}${link.pathname}`).toBe(`${ORIGIN}/api/wecom:entry`);
    expect(link.searchParams.get('redirect')).toBe(`/admin/tasks?id=${task.get('id')}`);

    const browser = Browser.inWeCom(h.app, h.emulator);
    const opened = await browser.agent.get(`${link.pathname.replace(/^\/api/, '')}${link.search}`);
    const outcome = await browser.follow(opened.headers.location, { userid: 'zhangsan' });
    expect(outcome.location).toMatch(new RegExp(`^/admin/tasks\\?id=${task.get('id')}&authenticator=wecom&wecom_handoff=`));
    expect((await browser.currentUser(outcome.token!)).id).toBe(assigneeId);

    const logs = await h.app.db.getRepository('notificationSendLogs').find({ filter: { channelName: 'wecom-tasks', triggerFrom: 'workflow' } });
    expect(logs.map((row: { get(name: string): unknown }) => row.get('status'))).toEqual(['success']);
  });
});
