import { describe, expect, it } from 'vitest';
import { WeComEmulator } from '../index';
import { control, expectWeComError, getApi, useTestEmulator, tokenFor } from './support/harness';
import { APP, CORP, TRUSTED, testSeed } from './support/test-seed';

let emu: WeComEmulator;
useTestEmulator((started) => {
  emu = started;
});

const gettoken = () => getApi(emu, '/cgi-bin/gettoken', { corpid: CORP, corpsecret: APP.secret });

describe('A11 B4 control API: seed', () => {
  it('POST /__emulator/seed replaces the state; GET returns the normalised seed', async () => {
    const token = await tokenFor(emu);
    const seed = testSeed();
    seed.corps = seed.corps.slice(0, 1);
    const res = await control(emu, 'POST', '/__emulator/seed', seed);
    expect(res).toEqual({ status: 200, body: { ok: true, corps: 1, apps: 4, members: 5 } });
    expectWeComError(await getApi(emu, '/cgi-bin/department/list', { access_token: token }), 40014);
    const current = await control(emu, 'GET', '/__emulator/seed');
    expect((current.body.corps as Array<{ apps: Array<{ agentId: string }> }>)[0]?.apps[0]?.agentId).toBe('1000002');
  });

  it('keeps sessions with ?keepSessions=1', async () => {
    const token = await tokenFor(emu);
    await control(emu, 'POST', '/__emulator/seed?keepSessions=1', testSeed());
    expect((await getApi(emu, '/cgi-bin/department/list', { access_token: token })).errcode).toBe(0);
  });

  it('answers 400 with every problem and its path for an invalid seed, and keeps the old one', async () => {
    const res = await control(emu, 'POST', '/__emulator/seed', { corps: [{ corpId: 'x y', apps: [{ agentId: 'one' }] }] });
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([
      'corps[0].corpId: the string "x y" must be 1–64 letters, digits, _ or -',
      'corps[0].apps[0].agentId: must be a number or a string of digits, got the string "one"',
      'corps[0].apps[0].secret: must be a string, got nothing (the field is missing)',
    ]);
    expect((await gettoken()).errcode).toBe(0);
  });

  it('answers 400 for malformed JSON and for a missing body', async () => {
    const bad = await control(emu, 'POST', '/__emulator/seed', '{"corps": [');
    expect(bad.status).toBe(400);
    expect(String(bad.body.error)).toMatch(/^the body is not valid JSON/);
    expect((await control(emu, 'POST', '/__emulator/seed')).body).toEqual({ error: 'the body must be a seed object' });
  });
});

describe('A11 B4 control API: call log', () => {
  it('records method, path, redacted query, errcode, status and time, filtered by ?path', async () => {
    await gettoken();
    await getApi(emu, '/cgi-bin/user/get', { access_token: 'abcdefghijklmnop', userid: 'zhangsan' });
    const all = await control(emu, 'GET', '/__emulator/calls');
    expect((all.body.calls as unknown[]).length).toBe(2);
    const filtered = await control(emu, 'GET', `/__emulator/calls?path=${encodeURIComponent('/cgi-bin/user/get')}`);
    expect(filtered.body.calls).toEqual([
      {
        seq: expect.any(Number),
        time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        method: 'GET',
        path: '/cgi-bin/user/get',
        query: { access_token: '***mnop', userid: 'zhangsan' },
        ip: '127.0.0.1',
        status: 200,
        errcode: 40014,
      },
    ]);
    expect((await control(emu, 'GET', '/__emulator/calls?errcode=0')).body.calls).toHaveLength(1);
    expect((await control(emu, 'GET', '/__emulator/calls?errcode=x')).status).toBe(400);
  });

  it('DELETE /__emulator/calls clears it; control calls are never logged', async () => {
    await gettoken();
    expect((await control(emu, 'DELETE', '/__emulator/calls')).status).toBe(200);
    expect(emu.calls()).toEqual([]);
  });

  it('keeps only the newest calls once the log is full', async () => {
    emu.configure({ callLogLimit: 3 });
    for (let i = 0; i < 5; i++) await getApi(emu, '/cgi-bin/gettoken', { corpid: `c${i}` });
    expect(emu.calls().map((c) => c.query.corpid)).toEqual(['c2', 'c3', 'c4']);
  });
});

describe('A11 B4 control API: faults', () => {
  it('answers the next `times` calls with the errcode, in the WeCom errmsg shape, then recovers', async () => {
    expect((await control(emu, 'POST', '/__emulator/faults', { path: '/cgi-bin/gettoken', errcode: -1, times: 2 })).status).toBe(200);
    expectWeComError(await gettoken(), -1);
    expect(String((await gettoken()).errmsg)).toMatch(/^system busy, hint:/);
    expect((await gettoken()).errcode).toBe(0);
    expect(emu.calls('/cgi-bin/gettoken').map((c) => [c.errcode, c.fault])).toEqual([[-1, 'errcode'], [-1, 'errcode'], [0, undefined]]);
  });

  it('does not touch state while faulted: the code survives an injected failure', async () => {
    const token = await tokenFor(emu);
    const code = emu.issueCode({ corpId: CORP, agentId: APP.agentId, userid: 'zhangsan' });
    emu.fault({ path: '/cgi-bin/auth/getuserinfo', errcode: 45033, errmsg: 'api concurrent out of limit' });
    expectWeComError(await getApi(emu, '/cgi-bin/auth/getuserinfo', { access_token: token, code }), 45033);
    expect((await getApi(emu, '/cgi-bin/auth/getuserinfo', { access_token: token, code })).userid).toBe('zhangsan');
  });

  it('injects an HTTP status', async () => {
    emu.fault({ path: '/cgi-bin/gettoken', httpStatus: 502 });
    const response = await fetch(`${emu.url}/cgi-bin/gettoken?corpid=${CORP}`);
    expect(response.status).toBe(502);
    expect(response.headers.get('x-wecom-emulator')).toBe('1');
    expect(await response.text()).toBe('emulated HTTP 502');
  });

  it('injects a delay, then answers normally', async () => {
    emu.fault({ path: '/cgi-bin/gettoken', delayMs: 300 });
    const started = Date.now();
    expect((await gettoken()).errcode).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(emu.calls('/cgi-bin/gettoken')[0]?.fault).toBe('delay');
  });

  it('resets the socket', async () => {
    emu.fault({ path: '/cgi-bin/gettoken', reset: true });
    await expect(gettoken()).rejects.toThrow();
    expect((await gettoken()).errcode).toBe(0);
  });

  it('queues faults per path in order, lists them, and {reset:true} alone clears them all', async () => {
    emu.fault({ path: '/cgi-bin/gettoken', errcode: 45009 });
    await control(emu, 'POST', '/__emulator/faults', { path: '/cgi-bin/gettoken', errcode: -1, times: 3 });
    await control(emu, 'POST', '/__emulator/faults', { path: '/cgi-bin/user/get', httpStatus: 500 });
    expect((await gettoken()).errcode).toBe(45009);
    expect((await gettoken()).errcode).toBe(-1);
    const listed = await control(emu, 'GET', '/__emulator/faults');
    expect(listed.body.faults).toEqual([
      { path: '/cgi-bin/gettoken', kind: 'errcode', errcode: -1, delayMs: 0, remaining: 2 },
      { path: '/cgi-bin/user/get', kind: 'httpStatus', httpStatus: 500, delayMs: 0, remaining: 1 },
    ]);
    expect((await control(emu, 'POST', '/__emulator/faults', { reset: true })).body).toEqual({ ok: true, faults: [] });
    expect((await gettoken()).errcode).toBe(0);
  });

  it.each([
    [{}, '"path" is required (e.g. "/cgi-bin/gettoken"); only { "reset": true } alone clears all faults'],
    [{ path: 'cgi-bin/gettoken', errcode: -1 }, '"path" must be a WeCom path such as "/cgi-bin/gettoken" (no query), got the string "cgi-bin/gettoken"'],
    [{ path: '/cgi-bin/gettoken' }, 'say what should happen: "errcode", "httpStatus", "delayMs" or "reset": true'],
    [{ path: '/cgi-bin/gettoken', errcode: 0 }, '"errcode" 0 is success, not a fault'],
    [{ path: '/cgi-bin/gettoken', errcode: -1, httpStatus: 500 }, 'give only one of "errcode", "httpStatus" or "reset"'],
    [{ path: '/cgi-bin/gettoken', errcode: -1, times: 0 }, '"times" must be an integer from 1 to 1000000, got number 0'],
    [{ path: '/cgi-bin/gettoken', httpStatus: 700 }, '"httpStatus" must be an integer from 200 to 599, got number 700'],
    [{ path: '/cgi-bin/gettoken', errcode: -1, when: 'now' }, 'unknown field(s) when; allowed: path, errcode, errmsg, httpStatus, delayMs, reset, times'],
    [[1], 'the body must be a JSON object, got an array'],
  ])('answers 400 for the bad fault %j', async (body, error) => {
    expect(await control(emu, 'POST', '/__emulator/faults', body)).toEqual({ status: 400, body: { error } });
  });
});

describe('A11 B4 control API: clock, tokens, codes, config', () => {
  it('POST /__emulator/clock advances the emulator clock; bad input is a 400', async () => {
    const before = Date.parse(String((await control(emu, 'GET', '/__emulator/clock')).body.now));
    const after = await control(emu, 'POST', '/__emulator/clock', { advanceSeconds: 3600 });
    expect(Date.parse(String(after.body.now)) - before).toBeGreaterThanOrEqual(3600_000);
    expect((await control(emu, 'POST', '/__emulator/clock', { advanceSeconds: -1 })).body).toEqual({ error: '"advanceSeconds" must be a number from 0 to 3153600000, got number -1' });
    expect((await control(emu, 'POST', '/__emulator/clock', { seconds: 1 })).status).toBe(400);
    expect((await control(emu, 'POST', '/__emulator/clock', { advanceSeconds: 1e308 })).status).toBe(400);
    expect(() => emu.advanceClock(Infinity)).toThrow(RangeError);
  });

  it('POST /__emulator/tokens/revoke revokes tokens early (40014 afterwards)', async () => {
    const token = await tokenFor(emu);
    expect((await control(emu, 'POST', '/__emulator/tokens/revoke')).body).toEqual({ revoked: 1 });
    expectWeComError(await getApi(emu, '/cgi-bin/user/get', { access_token: token, userid: 'zhangsan' }), 40014);
    expect((await control(emu, 'POST', '/__emulator/tokens/revoke', { corpId: 'x', extra: 1 })).status).toBe(400);
  });

  it('POST /__emulator/codes mints redeemable codes in bulk', async () => {
    const res = await control(emu, 'POST', '/__emulator/codes', { corpId: CORP, agentId: 1000002, userid: 'lisi', count: 3 });
    const codes = res.body.codes as string[];
    expect(new Set(codes).size).toBe(3);
    const token = await tokenFor(emu);
    for (const code of codes) expect((await getApi(emu, '/cgi-bin/auth/getuserinfo', { access_token: token, code })).userid).toBe('lisi');
    const privateinfo = emu.issueCode({ corpId: CORP, agentId: APP.agentId, userid: 'zhangsan', scope: 'snsapi_privateinfo', redirectHost: TRUSTED });
    expect(await getApi(emu, '/cgi-bin/auth/getuserinfo', { access_token: token, code: privateinfo })).toHaveProperty('user_ticket');
  });

  it.each([
    [{ agentId: 1000002, userid: 'lisi' }, '"corpId" is required'],
    [{ corpId: 'nope', userid: 'lisi' }, 'no corp "nope" in the seed'],
    [{ corpId: CORP, agentId: 9, userid: 'lisi' }, `corp ${CORP} has no app with agentId 9`],
    [{ corpId: CORP, agentId: 1000002 }, 'give exactly one of "userid" or "openid"'],
    [{ corpId: CORP, userid: 'ghost' }, `corp ${CORP} has no member "ghost"`],
    [{ corpId: CORP, userid: 'lisi', count: 0 }, '"count" must be an integer from 1 to 100000, got number 0'],
    [{ corpId: CORP, userid: 'lisi', source: 'weblogin' }, 'web-login codes need "agentId"'],
  ])('POST /__emulator/codes answers 400 for %j', async (body, error) => {
    expect(await control(emu, 'POST', '/__emulator/codes', body)).toEqual({ status: 400, body: { error } });
  });

  it('GET/POST /__emulator/config shows and changes behaviour, naming bad options', async () => {
    expect((await control(emu, 'GET', '/__emulator/config')).body.tokenTtlSeconds).toBe(7200);
    const changed = await control(emu, 'POST', '/__emulator/config', { repeatTokenExpiresIn: 'remaining', rateLimits: { perCorpPerApiPerMinute: null } });
    expect(changed.body).toMatchObject({ repeatTokenExpiresIn: 'remaining', rateLimits: { perCorpPerApiPerMinute: null, perCorpPerApiPerHour: 150000 } });
    const bad = await control(emu, 'POST', '/__emulator/config', { repeatTokenExpiresIn: 'sometimes', nope: 1, rateLimits: { perCorpPerApiPerMinute: -5 } });
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toEqual([
      'options.repeatTokenExpiresIn: must be one of "full", "remaining", got the string "sometimes"',
      expect.stringMatching(/^options\.nope: unknown option \(known: /),
      'options.rateLimits.perCorpPerApiPerMinute: must be a positive integer or null (no limit), got number -5',
    ]);
  });

  it('answers 404 with the list of endpoints for an unknown one, 405 for a wrong method', async () => {
    const unknown = await control(emu, 'GET', '/__emulator/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.endpoints).toContain('POST /__emulator/faults');
    expect(await control(emu, 'PUT', '/__emulator/calls')).toEqual({ status: 405, body: { error: 'PUT is not supported on /__emulator/calls', allowed: ['GET /__emulator/calls', 'DELETE /__emulator/calls'] } });
  });
});
