import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS, OptionsError, WeComEmulator } from '../index';
import { Json, control, expectWeComError, postApi, startTestEmulator, useTestEmulator, tokenFor } from './support/harness';
import { APP, OLD_APP } from './support/test-seed';

/**
 * C3 limits: per app per member 30 a minute and 1,000 an hour, the excess dropped silently (errcode 0,
 * listed in the call log's `dropped`); per app per day corpSeatLimit × 200 recipient-deliveries (45009).
 * All on the emulator clock, all configurable, all off with null.
 */

let emu: WeComEmulator;
let token: string;
useTestEmulator(async (started) => {
  emu = started;
  token = await tokenFor(emu);
});

const send = (touser: string, accessToken = token, agentid = Number(APP.agentId)): Promise<Json> =>
  postApi(emu, '/cgi-bin/message/send', { access_token: accessToken }, { touser, msgtype: 'text', agentid, text: { content: 'ping' } });
const lastDropped = (): string[] | undefined => emu.calls('/cgi-bin/message/send').at(-1)?.dropped;
const count = (userid: string): number => emu.messages(userid).length;

async function sendTimes(n: number, touser = 'zhangsan'): Promise<void> {
  for (let i = 0; i < n; i++) expect((await send(touser)).errcode).toBe(0);
}

describe('C3 per-member limits (silent drops)', () => {
  it('defaults: 30 per minute, 1,000 per hour, 200 per seat per day', () => {
    expect(DEFAULT_RATE_LIMITS).toMatchObject({ messagesPerMemberPerMinute: 30, messagesPerMemberPerHour: 1000, messageRecipientsPerSeatPerDay: 200 });
    expect(emu.behaviour.corpSeatLimit).toBe(200);
  });

  it('drops the 31st message in a minute to one member, still answering errcode 0 with a msgid, and logs the drop', async () => {
    await sendTimes(30);
    expect(lastDropped()).toEqual([]);
    const over = await send('zhangsan');
    expect(over).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(String) });
    expect(lastDropped()).toEqual(['zhangsan']);
    expect(count('zhangsan')).toBe(30);
    expect(emu.messages('zhangsan').map((m) => m.msgid)).not.toContain(over.msgid);
    expect((await control(emu, 'GET', '/__emulator/calls?path=/cgi-bin/message/send')).body.calls).toContainEqual(expect.objectContaining({ dropped: ['zhangsan'] }));
  });

  it('counts per member: in one call the member over the limit is dropped and the others get it', async () => {
    await sendTimes(30);
    expect((await send('zhangsan|lisi')).errcode).toBe(0);
    expect(lastDropped()).toEqual(['zhangsan']);
    expect(count('lisi')).toBe(1);
  });

  it('counts per app: another app can still reach the member', async () => {
    await sendTimes(30);
    const oldToken = await tokenFor(emu, OLD_APP.secret);
    expect((await send('zhangsan', oldToken, Number(OLD_APP.agentId))).errcode).toBe(0);
    expect(lastDropped()).toEqual([]);
    expect(count('zhangsan')).toBe(31);
  });

  it('is a sliding minute on the emulator clock: 60 s later the member receives again', async () => {
    await sendTimes(31);
    emu.advanceClock(30);
    await send('zhangsan');
    expect(lastDropped()).toEqual(['zhangsan']);
    emu.advanceClock(30);
    await send('zhangsan');
    expect(lastDropped()).toEqual([]);
    expect(count('zhangsan')).toBe(31);
  });

  it('drops over the hourly limit until an hour has passed (limit set low with rateLimits)', async () => {
    emu.configure({ rateLimits: { messagesPerMemberPerHour: 5 } });
    for (let i = 0; i < 5; i++) {
      await send('zhangsan');
      expect(lastDropped()).toEqual([]);
      emu.advanceClock(120);
    }
    await send('zhangsan');
    expect(lastDropped()).toEqual(['zhangsan']);
    emu.advanceClock(3600 - 5 * 120); // the first delivery is now an hour old
    await send('zhangsan');
    expect(lastDropped()).toEqual([]);
    expect(count('zhangsan')).toBe(6);
  });

  it('null switches a limit off; POST /__emulator/config changes it', async () => {
    emu.configure({ rateLimits: { messagesPerMemberPerMinute: null } });
    await sendTimes(35);
    expect(count('zhangsan')).toBe(35);
    expect((await control(emu, 'POST', '/__emulator/config', { rateLimits: { messagesPerMemberPerMinute: 2 } })).status).toBe(200);
    await send('lisi');
    await send('lisi');
    await send('lisi');
    expect(count('lisi')).toBe(2);
  });

  it('an emulator started with every limit null (as --no-rate-limits does) never drops', async () => {
    const free = await startTestEmulator({ rateLimits: { messagesPerMemberPerMinute: null, messagesPerMemberPerHour: null, messageRecipientsPerSeatPerDay: null } });
    try {
      const freeToken = await tokenFor(free);
      for (let i = 0; i < 40; i++) {
        const body = await postApi(free, '/cgi-bin/message/send', { access_token: freeToken }, { touser: 'zhangsan', msgtype: 'text', agentid: Number(APP.agentId), text: { content: `${i}` } });
        expect(body.errcode).toBe(0);
      }
      expect(free.messages('zhangsan')).toHaveLength(40);
    } finally {
      await free.close();
    }
  });

  it('rejects bad limit options', () => {
    expect(() => emu.configure({ rateLimits: { messagesPerMemberPerMinute: 0 } })).toThrow(OptionsError);
    expect(() => emu.configure({ messageAllInvalidErrcode: 40058 } as never)).toThrow(/messageAllInvalidErrcode: must be one of 81013, 82001/);
  });
});

describe('C3 per-app daily limit (corpSeatLimit × messageRecipientsPerSeatPerDay)', () => {
  beforeEach(() => emu.configure({ corpSeatLimit: 2, rateLimits: { messageRecipientsPerSeatPerDay: 2 } }));

  it('counts recipient-deliveries and answers 45009, delivering nothing, once a call would go over', async () => {
    expect((await send('zhangsan|lisi|sunqi')).errcode).toBe(0); // 3 of 4
    const refused = await send('zhangsan|lisi');
    expectWeComError(refused, 45009);
    expect(String(refused.errmsg)).toMatch(/^api freq out of limit, hint:/);
    expect(count('zhangsan')).toBe(1);
    expect((await send('wangwu')).errcode).toBe(0); // 4 of 4
    expectWeComError(await send('zhangsan'), 45009);
  });

  it('starts again on the next (China) day and counts per app', async () => {
    await send('zhangsan|lisi|sunqi|wangwu');
    expectWeComError(await send('zhangsan'), 45009);
    const oldToken = await tokenFor(emu, OLD_APP.secret);
    expect((await send('zhangsan', oldToken, Number(OLD_APP.agentId))).errcode).toBe(0);
    emu.advanceClock(86_400);
    token = await tokenFor(emu); // the old one expired meanwhile
    expect((await send('zhangsan')).errcode).toBe(0);
  });

  it('counts each member reached through a department', async () => {
    await send('zhangsan');
    expectWeComError(await postApi(emu, '/cgi-bin/message/send', { access_token: token }, { toparty: '1', msgtype: 'text', agentid: Number(APP.agentId), text: { content: 'all' } }), 45009);
    expect(count('zhangsan')).toBe(1); // the department's 4 members would make 5
  });
});
