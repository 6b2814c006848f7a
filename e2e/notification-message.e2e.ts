import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, chromiumAvailable, emulatorUrl, launchChromium } from './browser';
import { DEMO_AUTHENTICATOR, adminApi, eventually, formItem, newContext, screenshotPath, signInAsAdmin, watchPageErrors, cleanUp, q } from './wecom';

type Shell = '' | '/v';
const SHELLS: Array<{ name: 'v1' | 'v2'; prefix: Shell }> = [
  { name: 'v1', prefix: '' },
  { name: 'v2', prefix: '/v' },
];

/** A test signs in, loads the workflow canvas, fills a node and waits for a workflow run: slow on a busy 2-core machine. */
const TEST_MS = 240_000;

/** The demo's channel (demo/nocobase-seed.json): WeCom app messages through the `wecom` authenticator. */
const CHANNEL = { name: 'wecom', title: 'WeCom (demo)' };
/** The demo user matched to WeCom member 张三 (`zhangsan`); bound for these tests if nothing bound them yet. */
const MEMBER = { userid: 'zhangsan', username: 'zhangsan', nickname: 'Zhang San' };
/** The collection whose new records trigger the workflows: made (and dropped) by this file. */
const COLLECTION = 'wecom_e2e_notifications';
/** The trigger record's title as the variable pickers show it, and as the node stores it. */
const TITLE_PATH = ['Trigger variables', 'Trigger data', 'Title'];
const TITLE_VARIABLE = '{{$context.data.title}}';


interface Workflow {
  id: number;
}
interface FlowNode {
  id: number;
  type: string;
  config: Record<string, unknown>;
}
interface Execution {
  id: number;
  status: number;
  manually?: boolean | null;
  context?: { data?: Record<string, unknown> };
  jobs?: Array<{ status: number; result?: Record<string, unknown> }>;
}
interface SendLog {
  id: string;
  status: string;
  reason?: string | null;
  message: Record<string, unknown>;
}
interface InboxMessage {
  msgid: string;
  msgtype: string;
  agentid: number;
  text?: { content: string };
  markdown?: { content: string };
  textcard?: { title: string; description: string; url: string; btntxt?: string };
}

async function inbox(userid: string): Promise<InboxMessage[]> {
  const response = await fetch(emulatorUrl(`/__emulator/messages?userid=${encodeURIComponent(userid)}`));
  expect(response.ok).toBe(true);
  return ((await response.json()) as { messages: InboxMessage[] }).messages;
}

/** Polls the member's inbox until a message `matches`, or gives up after `timeoutMs`. */
async function waitForMessage(userid: string, matches: (message: InboxMessage) => boolean, timeoutMs = 90_000): Promise<InboxMessage | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await inbox(userid)).find(matches);
    if (found || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * The WeCom channel in a workflow, as an admin sets it up in both UIs: a collection event workflow, a
 * Notification node added on the canvas with the demo channel, Zhang San as receiver, the message type chosen
 * and its fields filled with the trigger record's title through the variable picker; then the workflow is run on
 * a new record with the canvas' "Execute manually", and the member's WeCom inbox (the emulator) has the message,
 * the variable filled in. (A manual run is synchronous; a run queued by the collection event is picked up by
 * NocoBase's dispatcher, which on SQLite under load can hit SQLITE_BUSY and leave it queued for minutes.)
 *
 * NocoBase 2.2's workflow canvas is the same (antd, flow-engine) in both UIs: the node drawer renders the
 * notification manager's client-v2 message form, which asks the channel type for its `MessageConfigFormLoader`.
 */
describe.skipIf(!chromiumAvailable())('a workflow notification node sending through the WeCom channel', () => {
  let browser: Browser;
  let context: BrowserContext;
  let zhangsanId: number;
  let createdBinding = false;
  let createdCollection = false;
  const workflows: number[] = [];
  const sendLogs = new Set<string>();

  beforeAll(async () => {
    if (!chromiumAvailable()) return;
    const [user] = await adminApi<Array<{ id: number }>>(`users:list?filter=${q({ username: MEMBER.username })}`);
    if (!user) throw new Error(`the demo user ${MEMBER.username} is missing (demo/nocobase-seed.json)`);
    zhangsanId = user.id;
    // The channel sends to NocoBase users through their binding to its authenticator.
    const bindings = await adminApi<Array<{ userId: number }>>(
      `usersAuthenticators:list?paginate=false&filter=${q({ authenticator: DEMO_AUTHENTICATOR, uuid: MEMBER.userid })}`,
    );
    if (bindings.length === 0) {
      await adminApi('usersAuthenticators:create', { method: 'POST', body: { authenticator: DEMO_AUTHENTICATOR, uuid: MEMBER.userid, userId: zhangsanId } });
      createdBinding = true;
    } else if (bindings[0].userId !== zhangsanId) {
      throw new Error(`WeCom member ${MEMBER.userid} is bound to user ${bindings[0].userId}, not to ${MEMBER.username}`);
    }
    const existing = await adminApi<unknown[]>(`collections:list?filter=${q({ name: COLLECTION })}`);
    if (existing.length === 0) {
      await adminApi('collections:create', {
        method: 'POST',
        body: {
          name: COLLECTION,
          title: 'WeCom e2e notifications',
          fields: [{ name: 'title', type: 'string', interface: 'input', uiSchema: { type: 'string', title: 'Title', 'x-component': 'Input' } }],
        },
      });
    }
    // Ours by its name (a run that crashed may have left it): dropped at the end either way.
    createdCollection = true;
    browser = await launchChromium();
    context = await newContext(browser);
  });

  afterAll(async () => {
    const { attempt, done } = cleanUp();
    for (const id of workflows) {
      await attempt(`executions of workflow ${id}`, () => adminApi(`executions:destroy?filter=${q({ workflowId: id })}`, { method: 'POST' }));
      await attempt(`workflow ${id}`, () => adminApi(`workflows:destroy?filterByTk=${id}`, { method: 'POST' }));
    }
    for (const id of sendLogs) {
      await attempt(`send log ${id}`, () => adminApi(`notificationSendLogs:destroy?filterByTk=${id}`, { method: 'POST' }));
    }
    if (createdCollection) await attempt(`collection ${COLLECTION}`, () => adminApi(`collections:destroy?filterByTk=${COLLECTION}`, { method: 'POST' }));
    // Zhang San is unbound again, as the sign-in tests expect him at their start.
    if (createdBinding) {
      await attempt('binding', async () => {
        const filter = q({ authenticator: DEMO_AUTHENTICATOR, uuid: MEMBER.userid, userId: zhangsanId });
        await adminApi(`usersAuthenticators:destroy?filter=${filter}`, { method: 'POST' });
        const left = await adminApi<unknown[]>(`usersAuthenticators:list?paginate=false&filter=${filter}`);
        if (left.length > 0) throw new Error('still there');
      });
    }
    await attempt('workflows', async () => {
      const left = await adminApi<unknown[]>(`workflows:list?paginate=false&filter=${q({ id: { $in: workflows } })}`);
      if (workflows.length > 0 && left.length > 0) throw new Error(`${left.length} still there`);
    });
    await context?.close();
    await browser?.close();
    done();
  });

  const item = formItem;
  const openDropdown = (page: Page) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();

  async function createWorkflow(title: string): Promise<number> {
    const workflow = await adminApi<Workflow>('workflows:create', {
      method: 'POST',
      body: { title, type: 'collection', sync: false, config: { mode: 1, collection: COLLECTION } },
    });
    workflows.push(workflow.id);
    return workflow.id;
  }

  /** Opens the workflow's canvas, adds a Notification node after the trigger and opens its drawer. */
  async function addNotificationNode(page: Page, shell: Shell, workflowId: number): Promise<Locator> {
    await page.goto(appUrl(`${shell}/admin/settings/workflow/workflows/${workflowId}`));
    const add = page.getByRole('button', { name: 'add-button', exact: true });
    await add.first().click({ timeout: 90_000 });
    const menu = page.locator('.ant-drawer-content').filter({ has: page.locator('.ant-drawer-title').getByText('Add node', { exact: true }) });
    await menu.locator('.ant-menu-item').filter({ hasText: /^Notification$/ }).click({ timeout: 30_000 });
    const node = page.locator('.workflow-node-type-notification').first();
    await node.waitFor({ timeout: 30_000 });
    // The card's type tag opens the drawer (its title is an input).
    await node.locator('.workflow-node-meta').first().click();
    const drawer = page.locator('.ant-drawer-content').filter({ has: page.locator('.ant-drawer-body').getByText('Node type') }).last();
    await item(drawer, 'Channel').waitFor({ timeout: 30_000 });
    return drawer;
  }

  /** Chooses the demo channel; its message form must come in below it (else a screenshot of the drawer as it is). */
  async function chooseChannel(page: Page, drawer: Locator, errors: string[], screenshot?: string) {
    const errorsBefore = errors.length;
    await item(drawer, 'Channel').locator('.ant-select').click();
    await openDropdown(page).locator('.ant-select-item-option').filter({ hasText: CHANNEL.title }).first().click({ timeout: 30_000 });
    // The channel type's message form comes in below the channel.
    await item(drawer, 'Message type')
      .waitFor({ timeout: 30_000 })
      .catch(async () => {
        await page.mouse.move(0, 0);
        if (screenshot) await page.screenshot({ path: screenshotPath(screenshot) });
        throw new Error(
          `the WeCom message form did not render in the node drawer after choosing the channel "${CHANNEL.title}"; ` +
            `the drawer shows:\n${await drawer.innerText()}\npage errors since:\n${errors.slice(errorsBefore).join('\n') || '(none)'}`,
        );
      });
  }

  /** Zhang San as the receiver, through the notification manager's "Add user" → "Select users". */
  async function addReceiver(page: Page, drawer: Locator) {
    const receivers = item(drawer, 'Receivers');
    await receivers.getByRole('button', { name: /Add user/ }).hover();
    await page.getByText('Select users', { exact: true }).click({ timeout: 15_000 });
    await receivers.locator('.ant-select').first().click();
    await page.keyboard.type('Zhang');
    await openDropdown(page).locator('.ant-select-item-option').filter({ hasText: MEMBER.nickname }).first().click({ timeout: 30_000 });
    await page.mouse.move(0, 0);
    expect(await receivers.locator('.ant-select-selection-item').first().innerText()).toBe(MEMBER.nickname);
  }

  async function chooseMessageType(page: Page, drawer: Locator, label: string) {
    await item(drawer, 'Message type').locator('.ant-select').click();
    await openDropdown(page).locator('.ant-select-item-option').filter({ hasText: new RegExp(`^${label}$`) }).click({ timeout: 15_000 });
    expect(await item(drawer, 'Message type').locator('.ant-select-selection-item').innerText()).toBe(label);
  }

  /** The text a message field shows: a text area's value, or a one-line variable input's text (tags as their labels). */
  const shown = (input: Locator) =>
    input.evaluate((element) => (element instanceof HTMLTextAreaElement ? element.value : (element.textContent ?? '')).replace(/\u00a0/g, ' '));

  /**
   * Types `text` at the end of a text area (a controlled <textarea>, safe to type into), checking what it shows.
   */
  async function typeInto(page: Page, field: Locator, text: string) {
    const input = field.locator('textarea').first();
    const before = await shown(input);
    await input.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(text);
    expect(await eventually(() => shown(input), before + text, 5_000)).toBe(before + text);
  }

  /**
   * Fills a one-line variable input (a contenteditable) with plain text. Typed keys would race it: it re-renders
   * from the form's value a moment later, and keys typed meanwhile land at its start; `fill` is one input event.
   */
  async function fillLine(field: Locator, text: string) {
    const input = field.locator('[role="textbox"]').first();
    await input.fill(text);
    expect(await eventually(() => shown(input), text, 5_000)).toBe(text);
  }

  /** Inserts the trigger record's title through the field's variable picker (its `x` button), where the caret is. */
  async function insertTitleVariable(page: Page, field: Locator) {
    await field.getByRole('button', { name: 'x', exact: true }).click();
    const cascader = page.locator('.ant-cascader-dropdown:not(.ant-select-dropdown-hidden)').last();
    for (const [index, label] of TITLE_PATH.entries()) {
      await cascader.locator('.ant-cascader-menu').nth(index).getByText(label, { exact: true }).click({ timeout: 15_000 });
    }
    await cascader.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
  }

  /** Submits the drawer and returns the node as saved. */
  async function submitNode(page: Page, drawer: Locator, workflowId: number): Promise<FlowNode> {
    await page.mouse.move(0, 0);
    await drawer.getByRole('button', { name: /Submit/ }).click();
    await drawer.waitFor({ state: 'hidden', timeout: 30_000 });
    const nodes = await adminApi<FlowNode[]>(`flow_nodes:list?paginate=false&filter=${q({ workflowId })}`);
    expect(nodes).toHaveLength(1);
    return nodes[0];
  }

  /**
   * Runs the workflow on the record with the canvas' "Execute manually" (the record as trigger data, no new
   * version), then returns the run. A manual run goes straight through (the queue's dispatcher is not involved).
   */
  async function executeManually(page: Page, workflowId: number, recordId: number): Promise<Execution> {
    await page.getByRole('button', { name: 'Execute manually' }).click();
    const modal = page.locator('.ant-modal-content').filter({ has: page.getByText('Execute manually', { exact: true }) }).last();
    await item(modal, 'Trigger data').locator('.ant-select').click({ timeout: 30_000 });
    await openDropdown(page).locator('.ant-select-item-option').filter({ hasText: new RegExp(`^${recordId}$`) }).click({ timeout: 30_000 });
    const revision = modal.getByRole('checkbox');
    if (await revision.isChecked()) await revision.uncheck();
    await modal.getByRole('button', { name: /Confirm/ }).click();
    const outcome = page.getByText(/Workflow executed, the result status is/).last();
    await outcome.waitFor({ timeout: 60_000 });
    expect(await outcome.innerText()).toMatch(/the result status is Resolved/);
    const [execution] = await adminApi<Execution[]>(`executions:list?paginate=false&appends=jobs&filter=${q({ workflowId })}`);
    return execution;
  }

  /** The notification manager's log of the sent message (the workflow only queues it). */
  async function sendLogOf(matches: (message: Record<string, unknown>) => boolean): Promise<SendLog | undefined> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const logs = await adminApi<SendLog[]>(`notificationSendLogs:list?paginate=false&sort=-createdAt&filter=${q({ channelName: CHANNEL.name })}`);
      const log = logs.find((row) => matches(row.message ?? {}));
      if (log && log.status !== 'sending') {
        sendLogs.add(log.id);
        return log;
      }
      if (Date.now() > deadline) return log;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /** The emulator's inbox page of the member, as a phone would show it (newest at the bottom). */
  async function screenshotInbox(page: Page, expectedText: string) {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(emulatorUrl(`/__emulator/inbox/${MEMBER.userid}`));
    await page.getByText(expectedText, { exact: false }).last().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: screenshotPath('notification-inbox.png') });
  }

  interface Case {
    label: string;
    msgtype: 'textcard' | 'markdown' | 'text';
    /** Fills the message fields after the message type was chosen; returns the saved config expected. */
    fill: (page: Page, drawer: Locator) => Promise<Record<string, unknown>>;
    /** The delivered message for the record titled `title`. */
    check: (message: InboxMessage, title: string) => void;
    /** Picks our message out of the inbox. */
    matches: (message: InboxMessage, title: string) => boolean;
    screenshot?: (shell: string) => string;
  }

  const CASES: Case[] = [
    {
      label: 'Text card',
      msgtype: 'textcard',
      fill: async (page, drawer) => {
        // The one-line inputs trim what they hold (NocoBase's variable input): the title is the record's title alone.
        await insertTitleVariable(page, item(drawer, 'Title'));
        await typeInto(page, item(drawer, 'Description'), 'A note was added in NocoBase: ');
        await insertTitleVariable(page, item(drawer, 'Description'));
        await fillLine(item(drawer, 'Link'), '/admin');
        await fillLine(item(drawer, 'Button text'), 'Open');
        return {
          msgtype: 'textcard',
          title: TITLE_VARIABLE,
          description: `A note was added in NocoBase: ${TITLE_VARIABLE}`,
          url: '/admin',
          btntxt: 'Open',
        };
      },
      matches: (message, title) => message.msgtype === 'textcard' && message.textcard?.title === title,
      check: (message, title) => {
        expect(message.textcard).toMatchObject({ title, description: `A note was added in NocoBase: ${title}`, btntxt: 'Open' });
        // The in-app path became the plugin's sign-in entry on the authenticator's Origin, which opens /admin.
        const url = new URL(message.textcard!.url);
        expect(url.origin).toBe(new URL(appUrl()).origin);
        expect(url.pathname).toBe('/api/wecom:entry');
        expect(message.textcard!.url).toContain('/api/wecom:entry');
        expect(url.searchParams.get('authenticator')).toBe(DEMO_AUTHENTICATOR);
        expect(url.searchParams.get('redirect')).toBe('/admin');
      },
      screenshot: (shell) => `notification-node-${shell}.png`,
    },
    {
      label: 'Markdown',
      msgtype: 'markdown',
      fill: async (page, drawer) => {
        await typeInto(page, item(drawer, 'Content'), '**New note**: ');
        await insertTitleVariable(page, item(drawer, 'Content'));
        await typeInto(page, item(drawer, 'Content'), '\n> <font color="info">added in NocoBase</font>');
        return { msgtype: 'markdown', content: `**New note**: ${TITLE_VARIABLE}\n> <font color="info">added in NocoBase</font>` };
      },
      matches: (message, title) => message.msgtype === 'markdown' && Boolean(message.markdown?.content.includes(title)),
      check: (message, title) => {
        expect(message.markdown?.content).toBe(`**New note**: ${title}\n> <font color="info">added in NocoBase</font>`);
      },
    },
    {
      label: 'Text',
      msgtype: 'text',
      fill: async (page, drawer) => {
        await typeInto(page, item(drawer, 'Content'), 'New note "');
        await insertTitleVariable(page, item(drawer, 'Content'));
        await typeInto(page, item(drawer, 'Content'), '" was added.');
        return { msgtype: 'text', content: `New note "${TITLE_VARIABLE}" was added.` };
      },
      matches: (message, title) => message.msgtype === 'text' && Boolean(message.text?.content.includes(title)),
      check: (message, title) => {
        expect(message.text?.content).toBe(`New note "${title}" was added.`);
      },
    },
  ];

  for (const shell of SHELLS) {
    for (const testCase of CASES) {
      it(
        `${shell.name}: a notification node of type ${testCase.label}, filled with the trigger record's title, reaches Zhang San in WeCom`,
        async () => {
          const page = await context.newPage();
          await page.setViewportSize({ width: 1280, height: 1000 });
          const errors = watchPageErrors(page);
          const uncaught = () => errors.filter((line) => line.startsWith('pageerror:'));
          const stamp = `${shell.name}-${testCase.msgtype}-${Date.now().toString(36)}`;
          const workflowId = await createWorkflow(`WeCom e2e ${stamp}`);

          // 1. The node: channel, receiver, message type, fields with the trigger record's title.
          await signInAsAdmin(page, shell.prefix);
          const drawer = await addNotificationNode(page, shell.prefix, workflowId);
          await chooseChannel(page, drawer, errors, testCase.screenshot?.(shell.name));
          for (const label of ['Receivers', 'WeCom userids', 'WeCom department ids', 'Message type']) {
            expect(await item(drawer, label).count(), `the message form has a "${label}" field`).toBe(1);
          }
          await addReceiver(page, drawer);
          await chooseMessageType(page, drawer, testCase.label);
          const expected = await testCase.fill(page, drawer);
          if (testCase.screenshot) {
            await item(drawer, 'Message type').evaluate((element) => element.scrollIntoView({ block: 'start' }));
            await page.mouse.move(0, 0);
            await page.screenshot({ path: screenshotPath(testCase.screenshot(shell.name)) });
          }
          const node = await submitNode(page, drawer, workflowId);
          expect(node.type).toBe('notification');
          expect(node.config).toMatchObject({ channelName: CHANNEL.name, receivers: [zhangsanId], ...expected });
          expect(uncaught(), 'no uncaught error while the node was configured').toEqual([]);

          // 2. A record, and the workflow run on it from the canvas.
          const title = `Quarterly report ${stamp}`;
          const record = await adminApi<{ id: number }>(`${COLLECTION}:create`, { method: 'POST', body: { title } });
          const execution = await executeManually(page, workflowId, record.id);
          expect(execution).toMatchObject({ status: 1, manually: true, context: { data: { id: record.id, title } } });
          expect(execution.jobs?.[0]?.result).toMatchObject({ status: 'success', channelName: CHANNEL.name });

          // 3. The message in Zhang San's WeCom inbox, the variable filled in.
          const message = await waitForMessage(MEMBER.userid, (candidate) => testCase.matches(candidate, title));
          const log = await sendLogOf((sent) => JSON.stringify(sent).includes(title));
          expect(message, `the message reached ${MEMBER.userid}; send log: ${JSON.stringify(log)}`).toBeDefined();
          expect(log?.status, `the send log: ${JSON.stringify(log)}`).toBe('success');
          expect(message!.msgtype).toBe(testCase.msgtype);
          expect(message!.agentid).toBe(1000002);
          testCase.check(message!, title);
          // Once: the run sent one message.
          expect((await inbox(MEMBER.userid)).filter((candidate) => testCase.matches(candidate, title))).toHaveLength(1);
          expect(uncaught(), 'no uncaught error on the page').toEqual([]);

          await screenshotInbox(page, title);
          await page.close();
        },
        TEST_MS,
      );
    }
  }
});
