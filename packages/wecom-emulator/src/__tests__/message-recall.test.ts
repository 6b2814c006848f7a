import { describe, expect, it } from 'vitest';
import { WeComEmulator } from '../index';
import { Json, expectWeComError, postApi, useTestEmulator, tokenFor } from './support/harness';
import { expectSameShape, fixture } from './support/shape';
import { APP, OLD_APP } from './support/test-seed';

/** C3 `POST /cgi-bin/message/recall {"msgid"}`: messages of the last 24 hours; 40058 otherwise. */

let emu: WeComEmulator;
let token: string;
useTestEmulator(async (started) => {
  emu = started;
  token = await tokenFor(emu);
});

async function sendText(touser = 'zhangsan|lisi', accessToken = token, agentid = Number(APP.agentId)): Promise<string> {
  const body = await postApi(emu, '/cgi-bin/message/send', { access_token: accessToken }, { touser, msgtype: 'text', agentid, text: { content: 'secret plans' } });
  expect(body.errcode).toBe(0);
  return String(body.msgid);
}
const recall = (body: unknown, accessToken = token): Promise<Json> => postApi(emu, '/cgi-bin/message/recall', { access_token: accessToken }, body);

function expectBadMsgid(body: Json): void {
  expectWeComError(body, 40058);
  expect(String(body.errmsg)).toMatch(/^invalid param 'msgid', hint:/);
}

describe('C3 message/recall', () => {
  it('recalls a delivered message in every inbox; the messages stay, marked recalled', async () => {
    const msgid = await sendText();
    const body = await recall({ msgid });
    expect(body).toEqual({ errcode: 0, errmsg: 'ok' });
    expectSameShape(body, fixture('message-recall'));
    for (const userid of ['zhangsan', 'lisi']) {
      expect(emu.messages(userid)).toEqual([expect.objectContaining({ msgid, recalled: true, recalledAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })]);
    }
  });

  it('leaves other messages alone and answers 0 again for a message already recalled', async () => {
    const first = await sendText();
    const second = await sendText();
    await recall({ msgid: first });
    expect((await recall({ msgid: first })).errcode).toBe(0);
    expect(emu.messages('zhangsan').map((m) => [m.msgid, m.recalled])).toEqual([
      [first, true],
      [second, false],
    ]);
  });

  it('40058 for a missing, unknown or non-string msgid', async () => {
    expectBadMsgid(await recall({}));
    expectBadMsgid(await recall(''));
    expectBadMsgid(await recall({ msgid: 'no-such-message' }));
    expectBadMsgid(await recall({ msgid: 42 }));
  });

  it('40058 for another app’s message; it is not recalled', async () => {
    const oldToken = await tokenFor(emu, OLD_APP.secret);
    const msgid = await sendText('zhangsan', oldToken, Number(OLD_APP.agentId));
    expectBadMsgid(await recall({ msgid }));
    expect(emu.messages('zhangsan')[0]?.recalled).toBe(false);
    expect((await recall({ msgid }, oldToken)).errcode).toBe(0);
  });

  it('only within 24 hours on the emulator clock', async () => {
    const old = await sendText();
    emu.advanceClock(3600);
    const recent = await sendText();
    emu.advanceClock(86_400 - 3600);
    token = await tokenFor(emu); // the old one expired meanwhile
    expectBadMsgid(await recall({ msgid: old }));
    expect((await recall({ msgid: recent })).errcode).toBe(0);
    expect(emu.messages('zhangsan').map((m) => m.recalled)).toEqual([false, true]);
  });

  it('checks the token and the body first: 41001 → 40014 → 47001', async () => {
    const msgid = await sendText();
    expectWeComError(await postApi(emu, '/cgi-bin/message/recall', {}, { msgid }), 41001);
    expectWeComError(await recall({ msgid }, 'nope'), 40014);
    expectWeComError(await recall('{"msgid":'), 47001);
    expect(emu.messages('zhangsan')[0]?.recalled).toBe(false);
  });
});
