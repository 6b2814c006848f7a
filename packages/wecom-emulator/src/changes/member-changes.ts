import { ContactChange } from '../events/contact-events';
import { describe } from '../seed/reader';
import { NormalizedMember } from '../seed/types';
import { USERID, readMember } from '../seed/validate-member';
import { ChangeInput, Draft, findDepartment, findMember, requireObject, startChange } from './draft';

const UNIQUE_FIELDS = ['mobile', 'email', 'bizMail'] as const;

/** What a member must satisfy against the rest of the directory: existing departments, unique mobile and mails. */
function checkFits(draft: Draft, member: NormalizedMember, except: NormalizedMember | null, input: ChangeInput, where: string): void {
  member.department.forEach((id, i) => {
    if (!findDepartment(draft, id)) input.problems.add(`${input.path}.${where}.department[${i}]`, `department ${id} does not exist in this corp`);
  });
  for (const field of UNIQUE_FIELDS) {
    const value = member[field].toLowerCase();
    if (value === '') continue;
    const other = draft.members.find((m) => m !== except && m[field].toLowerCase() === value);
    if (other) input.problems.add(`${input.path}.${where}.${field}`, `${JSON.stringify(member[field])} is already the ${field} of ${JSON.stringify(other.userid)}`);
  }
}

function existing(draft: Draft, input: ChangeInput): NormalizedMember | undefined {
  const userid = input.obj.userid;
  if (typeof userid !== 'string' || userid === '') {
    input.problems.add(`${input.path}.userid`, `must be a non-empty string, got ${describe(userid)}`);
    return undefined;
  }
  const member = findMember(draft, userid);
  if (!member) input.problems.add(`${input.path}.userid`, `no member with userid ${JSON.stringify(userid)} (userid not found, 60111)`);
  return member;
}

function renameInApps(draft: Draft, from: string, to: string | null): void {
  for (const app of draft.apps) {
    if (app.visibleUserIds === 'all') continue;
    app.visibleUserIds = app.visibleUserIds.flatMap((u) => (u === from ? (to === null ? [] : [to]) : [u]));
  }
}

export function addMember(draft: Draft, input: ChangeInput): ContactChange | undefined {
  const clean = startChange(input, ['member']);
  const member = readMember(input.obj.member, `${input.path}.member`, input.problems);
  if (!member || !clean()) return undefined;
  const taken = findMember(draft, member.userid);
  if (taken) input.problems.add(`${input.path}.member.userid`, `${JSON.stringify(taken.userid)} already exists (userids are case-insensitive)`);
  checkFits(draft, member, null, input, 'member');
  if (!clean()) return undefined;
  draft.members.push(member);
  return { changeType: 'create_user', member };
}

/**
 * `set` over the member as it is. When `set.department` changes and `isLeaderInDept` / `order` are not given,
 * each department keeps its old flag and order (0 for a new one); a main department that is no longer listed
 * falls back to the first.
 */
function merged(before: NormalizedMember, set: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...before, ...set };
  const department = set.department;
  if (!Array.isArray(department)) return out;
  const carry = (list: readonly number[]) => department.map((id) => list[before.department.indexOf(id as number)] ?? 0);
  if (set.isLeaderInDept === undefined) out.isLeaderInDept = carry(before.isLeaderInDept);
  if (set.order === undefined) out.order = carry(before.order);
  if (set.mainDepartment === undefined && !department.includes(before.mainDepartment)) delete out.mainDepartment;
  return out;
}

export function updateMember(draft: Draft, input: ChangeInput): ContactChange | undefined {
  const clean = startChange(input, ['userid', 'set', 'newUserid']);
  const before = existing(draft, input);
  const set = input.obj.set === undefined ? {} : requireObject(input, 'set');
  const newUserid = input.obj.newUserid;
  if (!before || !set) return undefined;
  if ('userid' in set) input.problems.add(`${input.path}.set.userid`, 'use "newUserid" to change a userid');
  if (Object.keys(set).length === 0 && newUserid === undefined) input.problems.add(input.path, 'nothing to change: give "set" and/or "newUserid"');
  const raw = merged(before, set);
  if (newUserid !== undefined) {
    if (typeof newUserid !== 'string' || !USERID.test(newUserid)) {
      input.problems.add(`${input.path}.newUserid`, `${describe(newUserid)} must be 1–64 letters, digits or _-.@`);
    } else {
      const taken = findMember(draft, newUserid);
      if (taken && taken !== before) input.problems.add(`${input.path}.newUserid`, `${JSON.stringify(taken.userid)} already exists (userids are case-insensitive)`);
      raw.userid = newUserid;
    }
  }
  const after = readMember(raw, `${input.path}.set`, input.problems);
  if (!after || !clean()) return undefined;
  checkFits(draft, after, before, input, 'set');
  if (!clean()) return undefined;
  draft.members[draft.members.indexOf(before)] = after;
  if (after.userid !== before.userid) renameInApps(draft, before.userid, after.userid);
  return { changeType: 'update_user', before, after };
}

export function removeMember(draft: Draft, input: ChangeInput): ContactChange | undefined {
  const clean = startChange(input, ['userid']);
  const member = existing(draft, input);
  if (!member || !clean()) return undefined;
  draft.members = draft.members.filter((m) => m !== member);
  renameInApps(draft, member.userid, null);
  return { changeType: 'delete_user', member };
}
