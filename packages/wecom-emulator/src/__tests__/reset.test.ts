import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Behaviour, WeComEmulator, startWeComEmulator } from '../index';
import { Json, control, expectWeComError, getApi, postApi, startTestEmulator, tokenFor } from './support/harness';
import { APP, CORP, TRUSTED, testSeed } from './support/test-seed';

/** Start options that differ from the defaults, so that "back to the start options" is not "back to the defaults". */
const START = { repeatTokenExpiresIn: 'remaining', corpSeatLimit: 10, rateLimits: { agentConfigTicketPerAppPerHour: 1, messagesPerMemberPerMinute: 1 } } as const;

let emu: WeComEmulator;
let startSeed: Json;
let startBehaviour: Behaviour;

interface Dirt {
  token: string;
  code: string;
  userTicket: string;
  agentTicket: string;
}

const lookupMobile = (token: string, mobile: string) => postApi(emu, '/cgi-bin/user/getuserid', { access_token: token }, { mobile });
const agentTicket = (token: string) => getApi(emu, '/cgi-bin/ticket/get', { access_token: token, type: 'agent_config' });
const message = (token: string) =>
  postApi(emu, '/cgi-bin/message/send', { access_token: token }, { touser: 'zhangsan', msgtype: 'text', agentid: Number(APP.agentId), text: { content: 'hi' } });

/** Touches every piece of state, checking that each really changed. */
async function dirtyEverything(): Promise<Dirt> {
  const token = await tokenFor(emu);
  const code = emu.issueCode({ corpId: CORP, agentId: APP.agentId, userid: 'lisi' });
  const privateCode = emu.issueCode({ corpId: CORP, agentId: APP.agentId, userid: 'zhangsan', scope: 'snsapi_privateinfo', redirectHost: TRUSTED });
  const userTicket = String((await getApi(emu, '/cgi-bin/auth/getuserinfo', { access_token: token, code: privateCode })).user_ticket);
  const ticket = await agentTicket(token);
  expect(ticket.errcode).toBe(0);
  expectWeComError(await agentTicket(token), 45009); // rate counter: 1 per hour
  for (const mobile of ['13900000001', '13900000002', '13900000003']) expectWeComError(await lookupMobile(token, mobile), 46004);
  expectWeComError(await lookupMobile(token, '13800000001'), 45009); // the day's error budget is spent
  expect((await message(token)).errcode).toBe(0);
  expect((await message(token)).errcode).toBe(0); // dropped: 1 per minute per member
  expect(emu.messages('zhangsan')).toHaveLength(1);

  emu.fault({ path: '/cgi-bin/gettoken', errcode: -1, times: 5 });
  emu.advanceClock(3600);
  emu.configure({ repeatTokenExpiresIn: 'full', wrongSecretErrcode: 40091, callLogLimit: 50, rateLimits: { perCorpPerApiPerMinute: 1 }, errmsgs: { '40013': 'changed' } });
  const seed = testSeed();
  seed.corps = seed.corps.slice(0, 1);
  emu.setSeed(seed, { keepSessions: true });

  expect(emu.calls().length).toBeGreaterThan(0);
  expect((await control(emu, 'GET', '/__emulator/faults')).body.faults).toHaveLength(1);
  expect((await control(emu, 'GET', '/__emulator/clock')).body.offsetSeconds).toBe(3600);
  expect((await control(emu, 'GET', '/__emulator/seed')).body).not.toEqual(startSeed);
  expect(emu.behaviour).not.toEqual(startBehaviour);
  return { token, code, userTicket, agentTicket: String(ticket.ticket) };
}

describe('reset: back to the state right after start', () => {
  // A fresh emulator per test, so that each one checks reset() against a clean start.
  beforeEach(async () => {
    emu = await startTestEmulator(START);
    startSeed = (await control(emu, 'GET', '/__emulator/seed')).body;
    startBehaviour = structuredClone(emu.behaviour);
  });
  afterEach(() => emu.close());

  it.each([
    ['emu.reset()', () => Promise.resolve(emu.reset())],
    ['POST /__emulator/reset', async () => expect(await control(emu, 'POST', '/__emulator/reset')).toEqual({ status: 200, body: { ok: true } })],
  ])('%s restores every piece of state', async (_how, reset) => {
    const dirt = await dirtyEverything();
    await reset();

    // The call log is empty and numbered afresh.
    expect(emu.calls()).toEqual([]);
    // The start seed, behaviour options and real time.
    expect((await control(emu, 'GET', '/__emulator/seed')).body).toEqual(startSeed);
    expect(emu.behaviour).toEqual(startBehaviour);
    expect((await control(emu, 'GET', '/__emulator/config')).body).toEqual(startBehaviour);
    expect((await control(emu, 'GET', '/__emulator/clock')).body.offsetSeconds).toBe(0);
    expect(Math.abs(emu.now().getTime() - Date.now())).toBeLessThan(5_000);
    expect((await control(emu, 'GET', '/__emulator/faults')).body.faults).toEqual([]);

    // No faults: gettoken answers; wrongSecretErrcode is back to 40001.
    expectWeComError(await getApi(emu, '/cgi-bin/gettoken', { corpid: CORP, corpsecret: 'wrong' }), 40001);
    expect(emu.calls().map((c) => c.seq)).toEqual([1]);
    const token = await tokenFor(emu);
    expect(token).not.toBe(dirt.token);

    // No tokens, codes or tickets from before.
    expectWeComError(await getApi(emu, '/cgi-bin/user/get', { access_token: dirt.token, userid: 'zhangsan' }), 40014);
    expectWeComError(await getApi(emu, '/cgi-bin/auth/getuserinfo', { access_token: token, code: dirt.code }), 40029);
    expectWeComError(await postApi(emu, '/cgi-bin/auth/getuserdetail', { access_token: token }, { user_ticket: dirt.userTicket }), 84015);

    // Rate counters, the daily error budget and JS-SDK tickets start over.
    const ticket = await agentTicket(token);
    expect(ticket.errcode).toBe(0);
    expect(ticket.ticket).not.toBe(dirt.agentTicket);
    expect((await lookupMobile(token, '13800000001')).userid).toBe('zhangsan');

    // No messages, and the per-member message counter starts over.
    expect(emu.messages('zhangsan')).toEqual([]);
    expect((await message(token)).errcode).toBe(0);
    expect(emu.messages('zhangsan')).toHaveLength(1);
  });
});

describe('reset of a bare emulator', () => {
  it('brings an emulator started without seed or options back to empty and the defaults', async () => {
    const bare = await startWeComEmulator({ port: 0 });
    try {
      const defaults = structuredClone(bare.behaviour);
      bare.setSeed(testSeed());
      bare.configure({ unknownScope: 'error' });
      bare.reset();
      expect((await control(bare, 'GET', '/__emulator/seed')).body).toEqual({ corps: [], nonMembers: [] });
      expect(bare.behaviour).toEqual(defaults);
    } finally {
      await bare.close();
    }
  });
});
