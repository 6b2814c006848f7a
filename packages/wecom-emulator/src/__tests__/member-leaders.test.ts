import { describe, expect, it } from 'vitest';
import { Seed, SeedValidationError, WeComEmulator, parseSeed } from '../index';
import { Json, getApi, tokenFor, useTestEmulator } from './support/harness';
import { CONTACTS, OLD_APP, testSeed } from './support/test-seed';

/** lisi leads 3; sunqi leads 4 (main department 3); zhaoliu, outside the main app's range, leads 3 too. */
function leaderSeed(): Seed {
  const seed = testSeed();
  const members = seed.corps[0]?.members ?? [];
  for (const m of members) {
    if (m.userid === 'lisi') m.isLeaderInDept = [1];
    if (m.userid === 'sunqi') Object.assign(m, { isLeaderInDept: [1, 0], mainDepartment: 3, order: [10, 20] });
    if (m.userid === 'zhaoliu') Object.assign(m, { department: [5, 3], isLeaderInDept: [0, 1] });
  }
  return seed;
}

let emu: WeComEmulator;
let token: string;
useTestEmulator(async (started) => {
  emu = started;
  emu.setSeed(leaderSeed());
  token = await tokenFor(emu);
});

const leadersOf = (body: Json) => Object.fromEntries((body.department as Array<{ id: number; department_leader: string[] }>).map((d) => [d.id, d.department_leader]));

describe('C1 member fields: is_leader_in_dept, main_department, order', () => {
  it('user/get returns the seed values, parallel to department', async () => {
    const body = await getApi(emu, '/cgi-bin/user/get', { access_token: token, userid: 'sunqi' });
    expect(body).toMatchObject({ department: [4, 3], is_leader_in_dept: [1, 0], main_department: 3, order: [10, 20] });
  });

  it('defaults: not a leader, order 0, the first department as the main one', async () => {
    const body = await getApi(emu, '/cgi-bin/user/get', { access_token: token, userid: 'zhangsan' });
    expect(body).toMatchObject({ department: [2], is_leader_in_dept: [0], main_department: 2, order: [0] });
  });

  it('user/list returns them too', async () => {
    const body = await getApi(emu, '/cgi-bin/user/list', { access_token: token, department_id: 3 });
    expect((body.userlist as Json[]).map((u) => [u.userid, u.is_leader_in_dept, u.main_department, u.order])).toEqual([
      ['lisi', [1], 3, [0]],
      ['sunqi', [1, 0], 3, [10, 20]],
    ]);
  });
});

describe('C1 department_leader: the visible members leading the department', () => {
  it('department/list and department/get leave out leaders outside the app’s visible range', async () => {
    expect(leadersOf(await getApi(emu, '/cgi-bin/department/list', { access_token: token }))).toEqual({ 1: [], 2: [], 3: ['lisi'], 4: ['sunqi'] });
    const one = await getApi(emu, '/cgi-bin/department/get', { access_token: token, id: 3 });
    expect((one.department as Json).department_leader).toEqual(['lisi']);
  });

  it('an app that sees everyone, and the contact-sync tool, get every leader', async () => {
    for (const secret of [OLD_APP.secret, CONTACTS.secret]) {
      const t = await tokenFor(emu, secret);
      expect(leadersOf(await getApi(emu, '/cgi-bin/department/list', { access_token: t }))).toEqual({ 1: [], 2: [], 3: ['lisi', 'zhaoliu'], 4: ['sunqi'], 5: [] });
    }
  });
});

describe('seed validation of the leader fields', () => {
  function problemsOf(member: Json): readonly string[] {
    try {
      parseSeed({ corps: [{ corpId: 'wwx', departments: [{ id: 1, name: 'R', parentid: 0 }, { id: 2, name: 'A', parentid: 1 }], members: [{ userid: 'a', name: 'A', ...member }] }] });
    } catch (err) {
      if (err instanceof SeedValidationError) return err.problems;
      throw err;
    }
    return [];
  }

  it('accepts parallel lists and a main department among the departments', () => {
    expect(problemsOf({ department: [1, 2], isLeaderInDept: [0, 1], mainDepartment: 2, order: [0, 4294967295] })).toEqual([]);
  });

  it('names each bad field', () => {
    expect(problemsOf({ department: [1, 2], isLeaderInDept: [1], order: [1, 2, 3], mainDepartment: 7 })).toEqual([
      'corps[0].members[0].isLeaderInDept: must have one entry per department (2, parallel to "department"), got 1',
      "corps[0].members[0].mainDepartment: must be one of the member's departments (1, 2), got 7",
      'corps[0].members[0].order: must have one entry per department (2, parallel to "department"), got 3',
    ]);
    expect(problemsOf({ isLeaderInDept: [2], order: [-1], mainDepartment: '1' })).toEqual([
      'corps[0].members[0].isLeaderInDept[0]: must be 0 or 1, got number 2',
      'corps[0].members[0].mainDepartment: must be an integer, got the string "1"',
      'corps[0].members[0].order[0]: must be between 0 and 4294967295, got -1',
    ]);
  });
});
