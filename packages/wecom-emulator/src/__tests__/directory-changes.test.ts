import { describe, expect, it } from 'vitest';
import { WeComEmulator } from '../index';
import { postChanges } from './support/events';
import { Json, control, expectWeComError, getApi, tokenFor, useTestEmulator } from './support/harness';
import { CORP, OLD_APP } from './support/test-seed';

let emu: WeComEmulator;
let token: string;
useTestEmulator(async (started) => {
  emu = started;
  token = await tokenFor(emu);
});

const userGet = (userid: string, t = token) => getApi(emu, '/cgi-bin/user/get', { access_token: t, userid });
const departmentIds = async (t = token) => ((await getApi(emu, '/cgi-bin/department/list', { access_token: t })).department as Json[]).map((d) => d.id);

describe('POST /__emulator/directory/changes: validation', () => {
  it('checks every change first and applies none when one is bad', async () => {
    const res = await postChanges(emu, [
      { op: 'addMember', member: { userid: 'newbie', name: '新人', department: [2] } },
      { op: 'addMember', member: { userid: 'ZhangSan', name: 'dup' } },
      { op: 'addMember', member: { userid: 'other', name: 'O', department: [9], mobile: '13800000002' } },
      { op: 'updateMember', userid: 'ghost', set: { name: 'x' } },
      { op: 'updateMember', userid: 'lisi', set: { userid: 'x', status: 3 } },
      { op: 'updateMember', userid: 'lisi', newUserid: 'WANGWU' },
      { op: 'removeMember', userid: 'nobody' },
      { op: 'addDepartment', department: { id: 2, name: 'again', parentid: 1 } },
      { op: 'addDepartment', department: { id: 8, name: 'orphan', parentid: 99 } },
      { op: 'updateDepartment', id: 2, set: { parentid: 4 } },
      { op: 'updateDepartment', id: 1, set: { parentid: 2 } },
      { op: 'updateDepartment', id: 3, set: { nameEn: 'Sales' } },
      { op: 'removeDepartment', id: 3 },
      { op: 'removeDepartment', id: 2 },
      { op: 'removeDepartment', id: 99 },
      { op: 'renameMember', userid: 'lisi' },
      { op: 'removeMember', userid: 'lisi', duplicate: 'yes', extra: 1 },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([
      'changes[1].member.userid: "zhangsan" already exists (userids are case-insensitive)',
      'changes[2].member.department[0]: department 9 does not exist in this corp',
      'changes[2].member.mobile: "13800000002" is already the mobile of "lisi"',
      'changes[3].userid: no member with userid "ghost" (userid not found, 60111)',
      'changes[4].set.userid: use "newUserid" to change a userid',
      'changes[4].set.status: must be 1 (active), 2 (disabled), 4 (not activated) or 5 (left), got number 3',
      'changes[5].newUserid: "wangwu" already exists (userids are case-insensitive)',
      'changes[6].userid: no member with userid "nobody" (userid not found, 60111)',
      'changes[7].department.id: department 2 already exists',
      'changes[8].department.parentid: department 99 does not exist in this corp',
      'changes[9].set.parentid: department 4 is 2 itself or below it (a cycle)',
      'changes[10].set.parentid: the root department cannot be moved',
      'changes[11].set.nameEn: cannot be changed (allowed: name, parentid, order)',
      'changes[12].id: department 3 still has members (lisi, sunqi); WeCom refuses with 60005 — remove or move them first',
      // Later changes see the valid earlier ones: newbie (changes[0]) is in department 2 by now.
      'changes[13].id: department 2 still has members (zhangsan, wangwu, newbie); WeCom refuses with 60005 — remove or move them first',
      'changes[14].id: no department 99 (department not found, 60003)',
      'changes[15].op: must be one of addMember, updateMember, removeMember, addDepartment, updateDepartment, removeDepartment, got the string "renameMember"',
      'changes[16].extra: unknown field for op "removeMember" (allowed: op, userid, duplicate)',
      'changes[16].duplicate: must be true or false, got the string "yes"',
    ]);
    expect(String(res.body.error)).toMatch(/^no change applied:\n {2}- changes\[1\]/);
    expectWeComError(await userGet('newbie'), 60111);
    expect((await userGet('lisi')).userid).toBe('lisi');
    expect(await departmentIds()).toEqual([1, 2, 3, 4]);
  });

  it('refuses a department with sub-departments (60006) and the root (60007)', async () => {
    const res = await postChanges(emu, [
      { op: 'removeMember', userid: 'zhangsan' },
      { op: 'removeMember', userid: 'wangwu' },
      { op: 'removeDepartment', id: 2 },
    ]);
    expect(res.body.problems).toEqual(['changes[2].id: department 2 still has sub-departments (4); WeCom refuses with 60006 — remove them first']);
    const root = await postChanges(emu, [{ op: 'addDepartment', department: { id: 1, name: 'x', parentid: 0 } }]);
    expect(root.body.problems).toEqual(['changes[0].department.id: department 1 already exists']);
    expect((await userGet('zhangsan')).errcode).toBe(0);
  });

  it('answers 400 for a bad body or an unknown corp', async () => {
    expect((await control(emu, 'POST', '/__emulator/directory/changes', { corpId: CORP, changes: [] })).body).toEqual({ error: '"changes" must be a non-empty array, got an array' });
    expect((await control(emu, 'POST', '/__emulator/directory/changes', { corpId: 'nope', changes: [{}] })).body).toEqual({ error: 'no corp "nope" in the seed' });
    expect((await control(emu, 'POST', '/__emulator/directory/changes', { corpId: CORP, changes: [], x: 1 })).body).toEqual({ error: 'unknown field(s) x; allowed: corpId, changes' });
  });
});

describe('POST /__emulator/directory/changes: the live directory', () => {
  it('answers { ok, applied, deliveries } and applies each change in order; tokens stay valid', async () => {
    const res = await postChanges(emu, [
      { op: 'addDepartment', department: { id: 6, name: '测试组', parentid: 2, order: 5 } },
      { op: 'addMember', member: { userid: 'newbie', name: '新人', department: [6, 3], isLeaderInDept: [1, 0], mobile: '13800000009' } },
      { op: 'updateMember', userid: 'sunqi', set: { department: [3] } },
      { op: 'removeDepartment', id: 4 },
      { op: 'updateDepartment', id: 3, set: { name: '销售中心', order: 7 } },
    ]);
    expect(res).toEqual({ status: 200, body: { ok: true, applied: 5, deliveries: [] } });
    const oldApp = await tokenFor(emu, OLD_APP.secret);
    expect(await departmentIds(oldApp)).toEqual([1, 2, 3, 5, 6]);
    expect(await userGet('newbie', oldApp)).toMatchObject({ userid: 'newbie', department: [6, 3], is_leader_in_dept: [1, 0], main_department: 6, mobile: '13800000009' });
    const department = (await getApi(emu, '/cgi-bin/department/get', { access_token: oldApp, id: 3 })).department;
    expect(department).toMatchObject({ name: '销售中心', order: 7, parentid: 1 });
    expect((await getApi(emu, '/cgi-bin/department/get', { access_token: oldApp, id: 6 })).department).toMatchObject({ department_leader: ['newbie'] });
    expect((await userGet('sunqi')).department).toEqual([3]);
    // The main app's visible range is a list of members: a new member is outside it.
    expectWeComError(await userGet('newbie'), 60011);
    const seed = (await control(emu, 'GET', '/__emulator/seed')).body.corps as Array<{ members: Json[] }>;
    expect(seed[0]?.members.map((m) => m.userid)).toEqual(['zhangsan', 'lisi', 'wangwu', 'zhaoliu', 'sunqi', 'newbie']);
  });

  it('a userid change keeps departments and every other field; user/get finds it under the new id only', async () => {
    const before = await userGet('zhangsan');
    const res = await postChanges(emu, [{ op: 'updateMember', userid: 'ZHANGSAN', newUserid: 'zhang.san' }]);
    expect(res.body).toEqual({ ok: true, applied: 1, deliveries: [] });
    const after = await userGet('Zhang.San');
    const { userid: _a, open_userid: _b, qr_code: _c, ...rest } = after;
    const { userid: _d, open_userid: _e, qr_code: _f, ...restBefore } = before;
    expect(after.userid).toBe('zhang.san');
    expect(rest).toEqual(restBefore);
    expect(after.department).toEqual([2]);
    expectWeComError(await userGet('zhangsan'), 60111);
    const list = await getApi(emu, '/cgi-bin/user/simplelist', { access_token: token, department_id: 2 });
    expect((list.userlist as Json[]).map((u) => u.userid)).toEqual(['zhang.san', 'wangwu']);
  });

  it('a department change keeps each remaining department’s leader flag and order; leaders show in department_leader', async () => {
    await postChanges(emu, [
      { op: 'updateMember', userid: 'sunqi', set: { isLeaderInDept: [1, 1], order: [4, 3], mainDepartment: 3 } },
      { op: 'updateMember', userid: 'sunqi', set: { department: [3, 2] } },
      { op: 'updateMember', userid: 'lisi', set: { isLeaderInDept: [1] } },
    ]);
    expect(await userGet('sunqi')).toMatchObject({ department: [3, 2], is_leader_in_dept: [1, 0], order: [3, 0], main_department: 3 });
    const department = (await getApi(emu, '/cgi-bin/department/get', { access_token: token, id: 3 })).department;
    expect((department as Json).department_leader).toEqual(['lisi', 'sunqi']);
    await postChanges(emu, [{ op: 'updateMember', userid: 'sunqi', set: { department: [2] } }]);
    expect(await userGet('sunqi')).toMatchObject({ department: [2], is_leader_in_dept: [0], order: [0], main_department: 2 });
  });

  it('removing a member drops them from the visible ranges; reset brings the start seed back', async () => {
    await postChanges(emu, [{ op: 'removeMember', userid: 'lisi' }]);
    expectWeComError(await userGet('lisi'), 60111);
    const seed = (await control(emu, 'GET', '/__emulator/seed')).body.corps as Array<{ apps: Json[] }>;
    expect(seed[0]?.apps[0]?.visibleUserIds).toEqual(['zhangsan', 'wangwu', 'sunqi']);
    emu.reset();
    expect((await userGet('lisi', await tokenFor(emu))).userid).toBe('lisi');
  });
});
