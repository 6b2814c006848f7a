import { describe, expect, it } from 'vitest';
import { WeComEmulator, parseSeed } from '../index';
import { Json, expectWeComError, getApi, postApi, useTestEmulator, tokenFor } from './support/harness';
import { expectSameShape, fixture, without } from './support/shape';
import { CONTACTS, CORP, OLD_APP, testSeed } from './support/test-seed';

let emu: WeComEmulator;
let token: string;
let syncToken: string;
useTestEmulator(async (started) => {
  emu = started;
  token = await tokenFor(emu);
  syncToken = await tokenFor(emu, CONTACTS.secret);
});

const ids = (body: Json, key = 'userlist') => (body[key] as Array<{ userid?: string; id?: number }>).map((x) => x.userid ?? x.id);

describe('C1 GET /cgi-bin/department/simplelist', () => {
  it('lists {id, parentid, order} of the visible departments, in the documented shape', async () => {
    const body = await getApi(emu, '/cgi-bin/department/simplelist', { access_token: token });
    expectSameShape(body, fixture('department-simplelist'));
    expect(ids(body, 'department_id')).toEqual([1, 2, 3, 4]);
    expect((body.department_id as unknown[])[1]).toEqual({ id: 2, parentid: 1, order: 99999000 });
  });

  it('with ?id: the department and its subtree', async () => {
    expect(ids(await getApi(emu, '/cgi-bin/department/simplelist', { access_token: token, id: 2 }), 'department_id')).toEqual([2, 4]);
  });

  it('answers 40058 for a bad id, 60003 for an unknown one, 60011 for a hidden one', async () => {
    expectWeComError(await getApi(emu, '/cgi-bin/department/simplelist', { access_token: token, id: '-1' }), 40058);
    expectWeComError(await getApi(emu, '/cgi-bin/department/simplelist', { access_token: token, id: 99 }), 60003);
    expectWeComError(await getApi(emu, '/cgi-bin/department/simplelist', { access_token: token, id: 5 }), 60011);
    expectWeComError(await getApi(emu, '/cgi-bin/department/simplelist', {}), 41001);
  });
});

describe('C1 GET /cgi-bin/department/get', () => {
  it('returns one department in the documented shape', async () => {
    const body = await getApi(emu, '/cgi-bin/department/get', { access_token: token, id: 2 });
    expectSameShape({ ...body, department: { ...(body.department as Json), department_leader: ['x'] } }, fixture('department-get'));
    expect(body.department).toEqual({ id: 2, name: '研发部', name_en: 'R&D', department_leader: [], parentid: 1, order: 99999000 });
  });

  it('answers 40058 without id or with a bad one, 60003 for an unknown one, 60011 for a hidden one', async () => {
    const missing = await getApi(emu, '/cgi-bin/department/get', { access_token: token });
    expectWeComError(missing, 40058);
    expect(String(missing.errmsg)).toMatch(/^invalid param 'id', hint:/);
    expectWeComError(await getApi(emu, '/cgi-bin/department/get', { access_token: token, id: 'x' }), 40058);
    expectWeComError(await getApi(emu, '/cgi-bin/department/get', { access_token: token, id: 99 }), 60003);
    expectWeComError(await getApi(emu, '/cgi-bin/department/get', { access_token: token, id: 5 }), 60011);
  });
});

describe('C1 (c) user/list and user/simplelist return direct members only', () => {
  it('ignores fetch_child by default (current docs); a member in several departments appears under each', async () => {
    const list = await getApi(emu, '/cgi-bin/user/list', { access_token: token, department_id: 2, fetch_child: 1 });
    expect(ids(list)).toEqual(['zhangsan', 'wangwu']);
    expect(ids(await getApi(emu, '/cgi-bin/user/simplelist', { access_token: token, department_id: 1, fetch_child: 1 }))).toEqual([]);
    expect(ids(await getApi(emu, '/cgi-bin/user/simplelist', { access_token: token, department_id: 4 }))).toEqual(['sunqi']);
    expect(ids(await getApi(emu, '/cgi-bin/user/simplelist', { access_token: token, department_id: 3 }))).toEqual(['lisi', 'sunqi']);
  });

  it("walking the tree with simplelist + user/simplelist finds every visible member once per department", async () => {
    const departments = ids(await getApi(emu, '/cgi-bin/department/simplelist', { access_token: token }), 'department_id');
    const seen: string[] = [];
    for (const id of departments) seen.push(...(ids(await getApi(emu, '/cgi-bin/user/simplelist', { access_token: token, department_id: Number(id) })) as string[]));
    expect(seen.sort()).toEqual(['lisi', 'sunqi', 'sunqi', 'wangwu', 'zhangsan']);
  });
});

describe('C1 user/get: userids are case-insensitive', () => {
  it('finds ZhangSan as zhangsan and answers with the stored case', async () => {
    const body = await getApi(emu, '/cgi-bin/user/get', { access_token: token, userid: 'ZhangSan' });
    expect(body.userid).toBe('zhangsan');
    expectWeComError(await getApi(emu, '/cgi-bin/user/get', { access_token: token, userid: 'ZHAOLIU' }), 60011);
  });
});

describe('C0.3 the contact-sync secret (通讯录同步 Secret)', () => {
  it('gettoken accepts it; the token reads the whole corp with every field, ignoring visible ranges', async () => {
    const departments = await getApi(emu, '/cgi-bin/department/list', { access_token: syncToken });
    expect(ids(departments, 'department')).toEqual([1, 2, 3, 4, 5]);
    expect((await getApi(emu, '/cgi-bin/user/get', { access_token: syncToken, userid: 'zhaoliu' })).name).toBe('赵六');
    const hidden = await getApi(emu, '/cgi-bin/user/list', { access_token: syncToken, department_id: 5 });
    expectSameShape(hidden.userlist, [without(fixture('user-get'), 'errcode', 'errmsg')]);
    expect(ids(hidden)).toEqual(['zhaoliu']);
    expect((await getApi(emu, '/cgi-bin/department/get', { access_token: syncToken, id: 5 })).errcode).toBe(0);
  });

  it('is a credential of its own: another token than the apps, revocable by agentId "contact-sync"', async () => {
    expect(syncToken).not.toBe(token);
    expect(await tokenFor(emu, CONTACTS.secret)).toBe(syncToken);
    expect(emu.revokeTokens({ corpId: CORP, agentId: 'contact-sync' })).toBe(1);
    expectWeComError(await getApi(emu, '/cgi-bin/department/list', { access_token: syncToken }), 40014);
    expect((await getApi(emu, '/cgi-bin/user/get', { access_token: token, userid: 'lisi' })).errcode).toBe(0);
  });

  it('opens the directory APIs only: message/send, tickets and code exchange answer 48002', async () => {
    expectWeComError(await postApi(emu, '/cgi-bin/message/send', { access_token: syncToken }, { touser: 'lisi', msgtype: 'text', agentid: 1000002, text: { content: 'x' } }), 48002);
    expectWeComError(await getApi(emu, '/cgi-bin/get_jsapi_ticket', { access_token: syncToken }), 48002);
    expectWeComError(await getApi(emu, '/cgi-bin/auth/getuserinfo', { access_token: syncToken, code: 'x' }), 48002);
  });

  it('option contactSyncIpAddedAfterCutoff: department/list, user/get and user/list get 48009; apps and the other reads do not', async () => {
    emu.configure({ contactSyncIpAddedAfterCutoff: true });
    for (const [path, query] of [
      ['/cgi-bin/department/list', {}],
      ['/cgi-bin/user/get', { userid: 'lisi' }],
      ['/cgi-bin/user/list', { department_id: 1 }],
    ] as const) {
      const body = await getApi(emu, path, { access_token: syncToken, ...query });
      expectWeComError(body, 48009);
      expect(String(body.errmsg)).toMatch(/^api forbidden for contact assistant, hint:/);
    }
    expect((await getApi(emu, '/cgi-bin/department/simplelist', { access_token: syncToken })).errcode).toBe(0);
    expect((await getApi(emu, '/cgi-bin/user/simplelist', { access_token: syncToken, department_id: 1 })).errcode).toBe(0);
    expect((await postApi(emu, '/cgi-bin/user/list_id', { access_token: syncToken }, { limit: 10 })).errcode).toBe(0);
    expect((await getApi(emu, '/cgi-bin/department/list', { access_token: token })).errcode).toBe(0);
  });

  it('the seed rejects a contactsSecret equal to an app secret, or not a string', () => {
    const seed = testSeed();
    const corp = seed.corps[0];
    if (!corp) throw new Error('no corp');
    expect(() => parseSeed({ ...seed, corps: [{ ...corp, contactsSecret: OLD_APP.secret }] })).toThrow(/corps\[0\]\.contactsSecret: must differ from every app's secret/);
    expect(() => parseSeed({ ...seed, corps: [{ ...corp, contactsSecret: 12 }] })).toThrow(/corps\[0\]\.contactsSecret: must be a string/);
  });

  it('a corp without contactsSecret has none: gettoken answers the wrong-secret errcode', async () => {
    expect((await getApi(emu, '/cgi-bin/gettoken', { corpid: 'wwothercorp000001', corpsecret: CONTACTS.secret })).errcode).toBe(40001);
  });
});

describe('C1 (d) POST /cgi-bin/user/list_id', () => {
  const listId = (body: unknown, t = syncToken) => postApi(emu, '/cgi-bin/user/list_id', { access_token: t }, body);

  it('lists one {userid, department} row per membership of the whole corp, in the documented shape', async () => {
    const body = await listId({ limit: 100 });
    expectSameShape({ ...body, next_cursor: 'x' }, fixture('user-list-id'));
    expect(body.next_cursor).toBe('');
    expect(body.dept_user).toEqual([
      { userid: 'zhangsan', department: 2 },
      { userid: 'lisi', department: 3 },
      { userid: 'wangwu', department: 2 },
      { userid: 'zhaoliu', department: 5 },
      { userid: 'sunqi', department: 4 },
      { userid: 'sunqi', department: 3 },
    ]);
  });

  it('pages with cursor and limit; an empty next_cursor ends the listing', async () => {
    const rows: unknown[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const body = await listId(cursor === undefined ? { limit: 4 } : { cursor, limit: 4 });
      expect(body.errcode).toBe(0);
      rows.push(...(body.dept_user as unknown[]));
      cursor = String(body.next_cursor);
      pages++;
    } while (cursor !== '');
    expect(pages).toBe(2);
    expect(rows).toEqual((await listId({ limit: 10_000 })).dept_user);
  });

  it('only the contact-sync token may call it: app tokens get 48002 api forbidden', async () => {
    const body = await listId({ limit: 10 }, token);
    expectWeComError(body, 48002);
    expect(String(body.errmsg)).toMatch(/^api forbidden, hint:/);
    expectWeComError(await listId({ limit: 10 }, await tokenFor(emu, OLD_APP.secret)), 48002);
  });

  it('validates: 41001 → 40014 → 47001 → 40058 limit (1–10,000) → 40058 cursor', async () => {
    expectWeComError(await postApi(emu, '/cgi-bin/user/list_id', {}, { limit: 1 }), 41001);
    expectWeComError(await listId({ limit: 1 }, 'nope'), 40014);
    expectWeComError(await listId('not json'), 47001);
    for (const limit of [undefined, 0, 10_001, 1.5, '10']) {
      const body = await listId({ limit });
      expectWeComError(body, 40058);
      expect(String(body.errmsg)).toMatch(/^invalid param 'limit', hint:/);
    }
    const badCursor = await listId({ limit: 1, cursor: 'garbage!' });
    expectWeComError(badCursor, 40058);
    expect(String(badCursor.errmsg)).toMatch(/^invalid param 'cursor', hint:/);
    expectWeComError(await listId({ limit: 1, cursor: 42 }), 40058);
  });
});
