import { describe, expect, it } from 'vitest';
import type { Department, DirectoryMember } from '../../wecom';
import { planSync } from '../plan';
import { fingerprint, memberRecord } from '../records';
import type { SyncState } from '../state';

const department = (id: number, parentId: number, name = `D${id}`): Department => ({ id, name, parentId, order: 0, leaderUserIds: [] });
const member = (userId: string, extra: Partial<DirectoryMember> = {}): DirectoryMember => ({
  userId,
  name: userId,
  status: 'active',
  departmentIds: [1],
  leaderInDepartmentIds: [],
  ...extra,
});

function state(patch: Partial<SyncState> = {}): SyncState {
  return {
    members: new Map(),
    departments: new Map(),
    departmentRows: new Map(),
    bindings: new Map(),
    boundUsers: new Map(),
    users: { byPhone: new Map(), byEmail: new Map(), existing: new Set(), roots: new Set() },
    ...patch,
  };
}

describe('planSync', () => {
  it('sends parents before children, whatever order WeCom listed them in', () => {
    const plan = planSync({ departments: [department(4, 3), department(3, 2), department(1, 0), department(2, 1)], members: [] }, state(), 'none');
    expect(plan.departments.map((d) => d.uid)).toEqual(['1', '2', '3', '4']);
    expect(plan.departments[0].parentUid).toBeUndefined();
  });

  it('treats a department whose parent is not visible as a top one', () => {
    const plan = planSync({ departments: [department(7, 3)], members: [] }, state(), 'none');
    expect(plan.departments).toEqual([{ uid: '7', title: 'D7' }]);
  });

  it('matches one user by phone however it is written, refuses a tie, root, and a user bound to another member', () => {
    const users = { byPhone: new Map([['13800000001', [10]], ['13800000002', [11, 12]], ['13800000003', [1]], ['13800000004', [13]]]), byEmail: new Map(), existing: new Set([1, 10, 11, 12, 13]), roots: new Set([1]) };
    const plan = planSync(
      {
        departments: [department(1, 0)],
        members: [
          member('a', { mobile: '+86 138-0000-0001' }),
          member('tie', { mobile: '13800000002' }),
          member('boss', { mobile: '13800000003' }),
          member('taken', { mobile: '13800000004' }),
        ],
      },
      state({ users, boundUsers: new Map([[13, 'someone-else']]) }),
      'phone',
    );
    expect(plan.matches).toEqual([{ uid: 'a', userId: 10 }]);
    expect(plan.refused).toEqual([
      { uid: 'tie', reason: 'tie' },
      { uid: 'boss', reason: 'root' },
      { uid: 'taken', reason: 'linked-to-another-member' },
    ]);
  });

  it('leaves a phone another user holds off a new user when not matching by phone', () => {
    const users = { byPhone: new Map([['13800000001', [10]]]), byEmail: new Map(), existing: new Set([10]), roots: new Set<number>() };
    const plan = planSync({ departments: [department(1, 0)], members: [member('a', { mobile: '13800000001' })] }, state({ users }), 'none');
    expect(plan.members).toEqual([{ uid: 'a', nickname: 'a', departments: [{ uid: '1', isMain: true, isOwner: false }] }]);
  });

  it('skips members applied already, and lists disabled, departed and vanished ones as leavers', () => {
    const visible = new Set([1]);
    const record = memberRecord(member('same'), visible, {});
    const known = (uid: string, userId: number) => [uid, { recordId: userId, uid, userId, metaData: { uid } }] as const;
    const plan = planSync(
      { departments: [department(1, 0)], members: [member('same'), member('off', { status: 'disabled' }), member('gone', { status: 'left' })] },
      state({
        members: new Map([known('same', 1), known('off', 2), known('vanished', 3)]),
        bindings: new Map([['same', { userId: 1, uuid: 'same', synced: fingerprint(record) }]]),
        users: { byPhone: new Map(), byEmail: new Map(), existing: new Set([1, 2, 3]), roots: new Set() },
      }),
      'phone',
    );
    expect(plan.members).toEqual([]);
    expect(plan.counts.unchanged).toBe(1);
    expect(plan.leavers).toEqual([
      { uid: 'off', userId: 2, reason: 'disabled' },
      { uid: 'gone', userId: undefined, reason: 'left' },
      { uid: 'vanished', userId: 3, reason: 'left' },
    ]);
  });

  it('for an event (partial), does not take members and departments it does not name as gone', () => {
    const plan = planSync(
      { departments: [], members: [member('new', { departmentIds: [5] })] },
      state({
        members: new Map([['other', { recordId: 1, uid: 'other', userId: 1, metaData: { uid: 'other' } }]]),
        departments: new Map([['5', { recordId: 2, uid: '5', departmentId: 50, metaData: { uid: '5' } }]]),
        departmentRows: new Map([[50, { title: 'D5', parentId: null }]]),
        users: { byPhone: new Map(), byEmail: new Map(), existing: new Set([1]), roots: new Set() },
      }),
      'none',
      true,
    );
    expect(plan.leavers).toEqual([]);
    expect(plan.departments).toEqual([]);
    expect(plan.members[0].departments).toEqual([{ uid: '5', isMain: true, isOwner: false }]);
  });
});
