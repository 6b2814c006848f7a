import { describe, expect, it } from 'vitest';
import { WeComEmulator } from '../index';
import { expectWeComError, getApi, postApi, useTestEmulator, tokenFor } from './support/harness';
import { expectSameShape, fixture, without } from './support/shape';
import { OLD_APP } from './support/test-seed';

const SENSITIVE = ['avatar', 'thumb_avatar', 'gender', 'mobile', 'email', 'biz_mail', 'qr_code', 'address'];

let emu: WeComEmulator;
let token: string;
let oldToken: string;
useTestEmulator(async (started) => {
  emu = started;
  token = await tokenFor(emu);
  oldToken = await tokenFor(emu, OLD_APP.secret);
});

describe('A11 #5 /cgi-bin/user/get', () => {
  it('gives an app created before 2022-06-20 20:00 +08:00 every field (A6 field list)', async () => {
    const body = await getApi(emu, '/cgi-bin/user/get', { access_token: oldToken, userid: 'zhangsan' });
    expectSameShape(body, fixture('user-get'));
    expect(body).toMatchObject({ userid: 'zhangsan', name: '张三', mobile: '13800000001', gender: '1', department: [2], status: 1, enable: 1 });
    expect(body.thumb_avatar).toBe('https://wework.qpic.cn/wwpic/zhangsan/100');
  });

  it('withholds avatar, thumb_avatar, gender, mobile, email, biz_mail, qr_code and address from newer apps', async () => {
    const body = await getApi(emu, '/cgi-bin/user/get', { access_token: token, userid: 'zhangsan' });
    expectSameShape(body, without(fixture('user-get'), ...SENSITIVE));
    expect(body).toMatchObject({ userid: 'zhangsan', name: '张三' });
  });

  it('accepts POST with the userid in the query or the JSON body', async () => {
    expect((await postApi(emu, '/cgi-bin/user/get', { access_token: token, userid: 'lisi' }, '')).name).toBe('李四');
    expect((await postApi(emu, '/cgi-bin/user/get', { access_token: token }, { userid: 'lisi' })).name).toBe('李四');
  });

  it('reports a disabled member with status 2 and enable 0', async () => {
    expect(await getApi(emu, '/cgi-bin/user/get', { access_token: token, userid: 'wangwu' })).toMatchObject({ status: 2, enable: 0 });
  });

  it('validates: 41001 → 40014 → 41009 → 60111 → 60011', async () => {
    expectWeComError(await getApi(emu, '/cgi-bin/user/get', { userid: 'zhangsan' }), 41001);
    expectWeComError(await getApi(emu, '/cgi-bin/user/get', { access_token: 'x', userid: 'zhangsan' }), 40014);
    expectWeComError(await getApi(emu, '/cgi-bin/user/get', { access_token: token }), 41009);
    const missing = await getApi(emu, '/cgi-bin/user/get', { access_token: token, userid: 'nobody' });
    expectWeComError(missing, 60111);
    expect(String(missing.errmsg)).toMatch(/^userid not found, hint:/);
    const hidden = await getApi(emu, '/cgi-bin/user/get', { access_token: token, userid: 'zhaoliu' });
    expectWeComError(hidden, 60011);
    expect(String(hidden.errmsg)).toMatch(/^no privilege to access\/modify contact\/party\/agent, hint:/);
  });
});

describe('A11 #6 POST /cgi-bin/user/getuserid', () => {
  const lookup = (body: unknown) => postApi(emu, '/cgi-bin/user/getuserid', { access_token: token }, body);

  it('finds the userid by mobile, as documented', async () => {
    const body = await lookup({ mobile: '13800000002' });
    expectSameShape(body, fixture('user-getuserid'));
    expect(body.userid).toBe('lisi');
  });

  it("answers 40058 naming the bad parameter, 46004 for nobody (configurable), 60011 outside the visible range", async () => {
    const bad = await lookup({ mobile: '12' });
    expectWeComError(bad, 40058);
    expect(String(bad.errmsg)).toMatch(/^invalid param 'mobile', hint:/);
    expectWeComError(await lookup({}), 40058);
    expectWeComError(await lookup({ mobile: '13900000000' }), 46004);
    emu.configure({ getuseridNotFoundErrcode: 60111 });
    expectWeComError(await lookup({ mobile: '13900000000' }), 60111);
    expectWeComError(await lookup({ mobile: '13800000004' }), 60011);
    expectWeComError(await lookup('not json'), 47001);
  });

  it('blocks the API for the rest of the day once failed lookups pass 20 % of the seat limit (45009)', async () => {
    emu.configure({ corpSeatLimit: 10 });
    expectWeComError(await lookup({ mobile: '13900000001' }), 46004);
    expectWeComError(await lookup({ mobile: '13900000002' }), 46004);
    expectWeComError(await lookup({ mobile: '13900000003' }), 46004);
    expectWeComError(await lookup({ mobile: '13800000001' }), 45009);
    emu.advanceClock(24 * 3600);
    token = await tokenFor(emu);
    expect((await lookup({ mobile: '13800000001' })).userid).toBe('zhangsan');
  });
});

describe('A11 #7 POST /cgi-bin/user/get_userid_by_email', () => {
  const lookup = (body: unknown) => postApi(emu, '/cgi-bin/user/get_userid_by_email', { access_token: token }, body);

  it('finds by corporate mailbox (email_type 1, the default) or personal email (2), case-insensitively', async () => {
    const body = await lookup({ email: 'ZhangSan@test.wecom.work' });
    expectSameShape(body, fixture('user-getuserid'));
    expect(body.userid).toBe('zhangsan');
    expect((await lookup({ email: 'lisi@example.com', email_type: 2 })).userid).toBe('lisi');
    expectWeComError(await lookup({ email: 'lisi@example.com', email_type: 1 }), 46004);
  });

  it('answers 40058 for a bad email or email_type', async () => {
    expect(String((await lookup({ email: 'nope' })).errmsg)).toMatch(/^invalid param 'email', hint:/);
    expect(String((await lookup({ email: 'a@b.c', email_type: 3 })).errmsg)).toMatch(/^invalid param 'email_type', hint:/);
  });
});

describe('A11 #8 GET /cgi-bin/department/list', () => {
  it('lists the departments the app can see, in the documented shape', async () => {
    const body = await getApi(emu, '/cgi-bin/department/list', { access_token: token });
    expectSameShape(body, fixture('department-list'));
    expect((body.department as Array<{ id: number }>).map((d) => d.id)).toEqual([1, 2, 3, 4]);
    expect((body.department as unknown[])[1]).toEqual({ id: 2, name: '研发部', name_en: 'R&D', department_leader: [], parentid: 1, order: 99999000 });
  });

  it('lists a department and its sub-departments with ?id', async () => {
    const body = await getApi(emu, '/cgi-bin/department/list', { access_token: token, id: 2 });
    expect((body.department as Array<{ id: number }>).map((d) => d.id)).toEqual([2, 4]);
    const all = await getApi(emu, '/cgi-bin/department/list', { access_token: oldToken });
    expect((all.department as unknown[]).length).toBe(5);
  });

  it('answers 40058 for a bad id, 60003 for an unknown one, 60011 for a hidden one', async () => {
    expectWeComError(await getApi(emu, '/cgi-bin/department/list', { access_token: token, id: 'x' }), 40058);
    expectWeComError(await getApi(emu, '/cgi-bin/department/list', { access_token: token, id: 99 }), 60003);
    expectWeComError(await getApi(emu, '/cgi-bin/department/list', { access_token: token, id: 5 }), 60011);
  });
});

describe('A11 #9 GET /cgi-bin/user/list and /cgi-bin/user/simplelist', () => {
  const ids = (body: Record<string, unknown>) => (body.userlist as Array<{ userid: string }>).map((u) => u.userid);

  it('simplelist: userid, name, department, open_userid of the visible members', async () => {
    const body = await getApi(emu, '/cgi-bin/user/simplelist', { access_token: token, department_id: 3 });
    expectSameShape(body, fixture('user-simplelist'));
    expect(ids(body)).toEqual(['lisi', 'sunqi']);
  });

  it('list: full members under the 2022 rule, with fetch_child when the fetchChild option honours it', async () => {
    emu.configure({ fetchChild: 'honour' });
    const body = await getApi(emu, '/cgi-bin/user/list', { access_token: token, department_id: 2, fetch_child: 1 });
    expectSameShape({ errcode: 0, errmsg: 'ok', userlist: body.userlist }, { errcode: 0, errmsg: 'ok', userlist: [without(fixture('user-get'), 'errcode', 'errmsg', ...SENSITIVE)] });
    expect(ids(body)).toEqual(['zhangsan', 'wangwu', 'sunqi']);
    const old = await getApi(emu, '/cgi-bin/user/list', { access_token: oldToken, department_id: 1, fetch_child: 1 });
    expectSameShape(old.userlist, [without(fixture('user-get'), 'errcode', 'errmsg')]);
    expect(ids(old).sort()).toEqual(['lisi', 'sunqi', 'wangwu', 'zhangsan', 'zhaoliu']);
  });

  it('answers 40058 without department_id, 60003 for an unknown one, 60011 for a hidden one', async () => {
    expectWeComError(await getApi(emu, '/cgi-bin/user/list', { access_token: token }), 40058);
    expectWeComError(await getApi(emu, '/cgi-bin/user/simplelist', { access_token: token, department_id: 42 }), 60003);
    expectWeComError(await getApi(emu, '/cgi-bin/user/simplelist', { access_token: token, department_id: 5 }), 60011);
  });
});

describe('A11 #10 JS-SDK tickets', () => {
  it('get_jsapi_ticket: the documented shape, the same ticket while valid, 400 per hour per corp', async () => {
    emu.configure({ rateLimits: { jsapiTicketPerCorpPerHour: 2 } });
    const first = await getApi(emu, '/cgi-bin/get_jsapi_ticket', { access_token: token });
    expectSameShape(first, fixture('jsapi-ticket'));
    const second = await getApi(emu, '/cgi-bin/get_jsapi_ticket', { access_token: oldToken });
    expect(second.ticket).toBe(first.ticket);
    expectWeComError(await getApi(emu, '/cgi-bin/get_jsapi_ticket', { access_token: token }), 45009);
  });

  it('ticket/get?type=agent_config: one ticket per app, 100 per hour per app, 40058 without the type', async () => {
    emu.configure({ rateLimits: { agentConfigTicketPerAppPerHour: 1 } });
    const a = await getApi(emu, '/cgi-bin/ticket/get', { access_token: token, type: 'agent_config' });
    expectSameShape(a, fixture('jsapi-ticket'));
    const b = await getApi(emu, '/cgi-bin/ticket/get', { access_token: oldToken, type: 'agent_config' });
    expect(b.ticket).not.toBe(a.ticket);
    expectWeComError(await getApi(emu, '/cgi-bin/ticket/get', { access_token: token, type: 'agent_config' }), 45009);
    expectWeComError(await getApi(emu, '/cgi-bin/ticket/get', { access_token: oldToken }), 40058);
  });
});
