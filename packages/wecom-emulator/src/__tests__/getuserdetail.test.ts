import { describe, expect, it } from 'vitest';
import { WeComEmulator } from '../index';
import { expectWeComError, getApi, postApi, useTestEmulator, tokenFor } from './support/harness';
import { oauthCode } from './support/login';
import { expectSameShape, fixture } from './support/shape';
import { APP, CORP, OLD_APP, OLD_TRUSTED, testSeed } from './support/test-seed';

let emu: WeComEmulator;
let token: string;
useTestEmulator(async (started) => {
  emu = started;
  token = await tokenFor(emu);
});

async function ticketFor(userid: string, accessToken = token, options: { agentId?: string; redirectUri?: string } = {}): Promise<string> {
  const code = await oauthCode(emu, userid, { scope: 'snsapi_privateinfo', ...options });
  const body = await getApi(emu, '/cgi-bin/auth/getuserinfo', { access_token: accessToken, code });
  expect(typeof body.user_ticket).toBe('string');
  return String(body.user_ticket);
}

const detail = (ticket: unknown, accessToken = token, path = '/cgi-bin/auth/getuserdetail') =>
  postApi(emu, path, { access_token: accessToken }, ticket === undefined ? {} : { user_ticket: ticket });

describe('A11 #4 POST /cgi-bin/auth/getuserdetail', () => {
  it('returns the documented shape when the admin enabled every sensitive field, gender as a string and no name', async () => {
    const body = await detail(await ticketFor('zhangsan'));
    expectSameShape(body, fixture('auth-getuserdetail'));
    expect(body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      userid: 'zhangsan',
      gender: '1',
      avatar: 'https://wework.qpic.cn/wwpic/zhangsan/0',
      qr_code: expect.stringMatching(/^https:\/\/open\.work\.weixin\.qq\.com\/wwopen\/userQRCode\?vcode=vc[0-9a-f]{16}$/),
      mobile: '13800000001',
      email: 'zhangsan@example.com',
      biz_mail: 'zhangsan@test.wecom.work',
      address: '广州市海珠区新港中路',
    });
    expect(body).not.toHaveProperty('name');
  });

  it('returns only the fields the admin enabled for the app', async () => {
    const oldToken = await tokenFor(emu, OLD_APP.secret);
    const ticket = await ticketFor('lisi', oldToken, { agentId: OLD_APP.agentId, redirectUri: `https://${OLD_TRUSTED}/cb` });
    expect(await detail(ticket, oldToken)).toEqual({ errcode: 0, errmsg: 'ok', userid: 'lisi', gender: '2', mobile: '13800000002' });
  });

  it('serves the legacy /cgi-bin/user/getuserdetail alias, with name and position only if configured', async () => {
    const ticket = await ticketFor('zhangsan');
    const legacy = await detail(ticket, token, '/cgi-bin/user/getuserdetail');
    expectSameShape(legacy, fixture('auth-getuserdetail'));
    emu.configure({ legacyDetailIncludesName: true });
    expect(await detail(ticket, token, '/cgi-bin/user/getuserdetail')).toMatchObject({ userid: 'zhangsan', name: '张三', position: '' });
  });

  it('lets a ticket be used repeatedly for 1800 s, then answers 84014', async () => {
    const ticket = await ticketFor('zhangsan');
    emu.advanceClock(1799);
    token = await tokenFor(emu);
    expect((await detail(ticket)).errcode).toBe(0);
    emu.advanceClock(2);
    expectWeComError(await detail(ticket), 84014);
  });

  it("answers 84015 for a missing, unknown or another app's ticket", async () => {
    const ticket = await ticketFor('zhangsan');
    expectWeComError(await detail(undefined), 84015);
    expectWeComError(await detail('forged-ticket'), 84015);
    expectWeComError(await detail(12345), 84015);
    expectWeComError(await detail(ticket, await tokenFor(emu, OLD_APP.secret)), 84015);
  });

  it('answers 60011 when the member left the visible range after consenting', async () => {
    const ticket = await ticketFor('lisi');
    const seed = testSeed();
    const app = seed.corps[0]?.apps?.[0];
    if (app) app.visibleUserIds = ['zhangsan'];
    emu.setSeed(seed, { keepSessions: true });
    expectWeComError(await detail(ticket), 60011);
  });

  it('answers 47001 for a body that is not a JSON object', async () => {
    expectWeComError(await postApi(emu, '/cgi-bin/auth/getuserdetail', { access_token: token }, '{"user_ticket":'), 47001);
    expectWeComError(await postApi(emu, '/cgi-bin/auth/getuserdetail', { access_token: token }, '[1,2]'), 47001);
  });

  it('checks the token first: 41001, 40014', async () => {
    expectWeComError(await postApi(emu, '/cgi-bin/auth/getuserdetail', {}, { user_ticket: 'x' }), 41001);
    expectWeComError(await detail('x', 'bad-token'), 40014);
  });

  it('logs the body with the ticket redacted', async () => {
    const ticket = await ticketFor('zhangsan');
    emu.clearCalls();
    await detail(ticket);
    const [call] = emu.calls('/cgi-bin/auth/getuserdetail');
    expect(call?.body).toEqual({ user_ticket: `***${ticket.slice(-4)}` });
    expect(call?.query.access_token).toBe(`***${token.slice(-4)}`);
    expect(JSON.stringify(emu.calls())).not.toContain(ticket);
  });

  it('gives no ticket to a member outside the visible range, even for a consented privateinfo code', async () => {
    const code = emu.issueCode({ corpId: CORP, agentId: APP.agentId, userid: 'zhaoliu', scope: 'snsapi_privateinfo' });
    const body = await getApi(emu, '/cgi-bin/auth/getuserinfo', { access_token: token, code });
    expect(body).toEqual({ errcode: 0, errmsg: 'ok', userid: 'zhaoliu' });
  });
});
