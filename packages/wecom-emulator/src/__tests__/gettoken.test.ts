import { describe, expect, it } from 'vitest';
import { WeComEmulator } from '../index';
import { expectSameShape, fixture } from './support/shape';
import { expectWeComError, getApi, useTestEmulator, tokenFor } from './support/harness';
import { APP, CORP, DISABLED_APP, IP_APP, OLD_APP, OTHER_APP, OTHER_CORP } from './support/test-seed';

let emu: WeComEmulator;
useTestEmulator((started) => {
  emu = started;
});

const gettoken = (query: Record<string, string>) => getApi(emu, '/cgi-bin/gettoken', query);

describe('A11 #1 GET /cgi-bin/gettoken', () => {
  it('answers like the documented example, with expires_in 7200', async () => {
    const body = await gettoken({ corpid: CORP, corpsecret: APP.secret });
    expectSameShape(body, fixture('gettoken'));
    expect(body).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    expect(String(body.access_token).length).toBeLessThanOrEqual(512);
  });

  it('returns the same token while it is valid, and a new one after it expires', async () => {
    const first = await tokenFor(emu);
    emu.advanceClock(7000);
    const again = await gettoken({ corpid: CORP, corpsecret: APP.secret });
    expect(again.access_token).toBe(first);
    expect(again.expires_in).toBe(7200);
    emu.advanceClock(201);
    const fresh = await tokenFor(emu);
    expect(fresh).not.toBe(first);
  });

  it('can show the remaining seconds on a repeated call (configurable, unverified)', async () => {
    emu.configure({ repeatTokenExpiresIn: 'remaining' });
    await tokenFor(emu);
    emu.advanceClock(1000);
    expect((await gettoken({ corpid: CORP, corpsecret: APP.secret })).expires_in).toBe(6200);
  });

  it('gives each app its own token', async () => {
    const a = await tokenFor(emu, APP.secret);
    const b = await tokenFor(emu, OLD_APP.secret);
    const other = await tokenFor(emu, OTHER_APP.secret, OTHER_CORP);
    expect(new Set([a, b, other]).size).toBe(3);
  });

  it('validates in WeCom order: 41002 → 40013 → 41004 → 40001 → 50003', async () => {
    expectWeComError(await gettoken({}), 41002);
    expectWeComError(await gettoken({ corpsecret: 'nope' }), 41002);
    expectWeComError(await gettoken({ corpid: 'wwunknown' }), 40013);
    expectWeComError(await gettoken({ corpid: 'wwunknown', corpsecret: APP.secret }), 40013);
    expectWeComError(await gettoken({ corpid: CORP }), 41004);
    expectWeComError(await gettoken({ corpid: CORP, corpsecret: '' }), 41004);
    expectWeComError(await gettoken({ corpid: CORP, corpsecret: 'wrong' }), 40001);
    expectWeComError(await gettoken({ corpid: CORP, corpsecret: OTHER_APP.secret }), 40001);
    expectWeComError(await gettoken({ corpid: CORP, corpsecret: DISABLED_APP.secret }), 50003);
  });

  it('answers a wrong secret with 40091 when configured so', async () => {
    emu.configure({ wrongSecretErrcode: 40091 });
    const body = await gettoken({ corpid: CORP, corpsecret: 'wrong' });
    expectWeComError(body, 40091);
    expect(String(body.errmsg)).toMatch(/^secret is invalid, hint:/);
  });

  it('is not subject to trusted IPs (the IP-locked app still gets a token)', async () => {
    const body = await gettoken({ corpid: CORP, corpsecret: IP_APP.secret });
    expect(body.errcode).toBe(0);
  });

  it('is rate limited per corp per minute (45009), then free again after the block', async () => {
    emu.configure({ rateLimits: { perCorpPerApiPerMinute: 3 } });
    for (let i = 0; i < 3; i++) expect((await gettoken({ corpid: CORP, corpsecret: APP.secret })).errcode).toBe(0);
    const limited = await gettoken({ corpid: CORP, corpsecret: APP.secret });
    expectWeComError(limited, 45009);
    expect(String(limited.errmsg)).toMatch(/^api freq out of limit, hint:/);
    expect((await gettoken({ corpid: OTHER_CORP, corpsecret: OTHER_APP.secret })).errcode).toBe(0);
    emu.advanceClock(61);
    expect((await gettoken({ corpid: CORP, corpsecret: APP.secret })).errcode).toBe(0);
  });

  it('logs the call with the secret and the token redacted', async () => {
    await tokenFor(emu);
    const [call] = emu.calls('/cgi-bin/gettoken');
    expect(call).toMatchObject({ method: 'GET', path: '/cgi-bin/gettoken', errcode: 0, status: 200, ip: '127.0.0.1' });
    expect(call?.query).toEqual({ corpid: CORP, corpsecret: '***' });
    expect(JSON.stringify(emu.calls())).not.toContain(APP.secret);
  });
});

describe('WeCom error shape (A0)', () => {
  it('is HTTP 200 with errcode/errmsg, the caller IP in "from ip:", and Error-Code headers', async () => {
    const response = await fetch(`${emu.url}/cgi-bin/gettoken?corpid=wwunknown&corpsecret=x`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-wecom-emulator')).toBe('1');
    expect(response.headers.get('error-code')).toBe('40013');
    const body = (await response.json()) as Record<string, unknown>;
    expect(String(body.errmsg)).toMatch(
      /^invalid corpid, hint: \[\d{25}\], from ip: 127\.0\.0\.1, more info at https:\/\/open\.work\.weixin\.qq\.com\/devtool\/query\?e=40013$/,
    );
    expect(response.headers.get('error-msg')).toBe(body.errmsg);
  });

  it('gives every error its own hint id', async () => {
    const a = await gettoken({});
    const b = await gettoken({});
    expect(a.errmsg).not.toBe(b.errmsg);
  });

  it('lets a test replace the English text of an errcode', async () => {
    emu.configure({ errmsgs: { '40013': 'corpid not found' } });
    expect(String((await gettoken({ corpid: 'x' })).errmsg)).toMatch(/^corpid not found, hint:/);
  });

  it('answers an unknown /cgi-bin API with 48002 "api forbidden"', async () => {
    const body = await getApi(emu, '/cgi-bin/no/such/api', { access_token: 'x' });
    expectWeComError(body, 48002);
  });
});
