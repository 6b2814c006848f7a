/**
 * Directory reads for a sync (docs/wecom-protocol.md C1): departments, the members of one department and the
 * contact-sync tool's list of userids. Framework-free like the rest of the core.
 */
import { parseMember } from './parsers';
import type { ResponseFields } from './response-fields';
import type { Member } from './types';

export const DEPARTMENT_LIST_PATH = '/cgi-bin/department/list';
export const DEPARTMENT_GET_PATH = '/cgi-bin/department/get';
export const USER_LIST_PATH = '/cgi-bin/user/list';
export const USER_LIST_ID_PATH = '/cgi-bin/user/list_id';

/** `user/list_id` pages: WeCom allows 1–10,000 rows per call. */
export const USER_LIST_ID_PAGE = 10_000;

export interface Department {
  id: number;
  name: string;
  /** 0 for the root. A parent outside the app's visible range is not listed: treat the department as a top one. */
  parentId: number;
  /** A larger order sorts first. */
  order: number;
  leaderUserIds: string[];
}

/** A member as `user/list` gives it: the departments they lead are parallel to `departmentIds`. */
export interface DirectoryMember extends Member {
  leaderInDepartmentIds: number[];
}

export interface UserIdPage {
  rows: { userId: string; departmentId: number }[];
  /** Empty at the end. */
  nextCursor: string;
}

function parseDepartment(fields: ResponseFields): Department {
  return {
    id: fields.requiredNumber('id'),
    name: fields.optionalString('name') ?? String(fields.requiredNumber('id')),
    parentId: fields.optionalNumber('parentid') ?? 0,
    order: fields.optionalNumber('order') ?? 0,
    leaderUserIds: fields.stringList('department_leader'),
  };
}

/** `department/list` → every visible department, in no particular order (C4: parents may come after children). */
export function parseDepartmentList(fields: ResponseFields): Department[] {
  return fields.objectList('department').map(parseDepartment);
}

/** `department/get` → one department. */
export function parseDepartmentGet(fields: ResponseFields): Department {
  return parseDepartment(fields.object('department'));
}

export function parseDirectoryMember(fields: ResponseFields): DirectoryMember {
  const member = parseMember(fields);
  const flags = fields.numberList('is_leader_in_dept');
  return { ...member, leaderInDepartmentIds: member.departmentIds.filter((_, index) => flags[index] === 1) };
}

/** `user/list` → the department's direct members (C1 (c)). */
export function parseMemberList(fields: ResponseFields): DirectoryMember[] {
  return fields.objectList('userlist').map(parseDirectoryMember);
}

/** `user/list_id` → one page of (userid, department) rows. */
export function parseUserIdPage(fields: ResponseFields): UserIdPage {
  return {
    rows: fields.objectList('dept_user').map((row) => ({ userId: row.requiredString('userid'), departmentId: row.optionalNumber('department') ?? 0 })),
    nextCursor: fields.optionalString('next_cursor') ?? '',
  };
}
