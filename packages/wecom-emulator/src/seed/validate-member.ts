import { Gender, MemberStatus, NormalizedDepartment, NormalizedMember, NormalizedNonMember } from './types';
import { Problems, describe, readArray, readInteger, readObject, readOptionalString, readString } from './reader';

const MEMBER_KEYS = [
  'userid',
  'name',
  'mobile',
  'email',
  'bizMail',
  'avatar',
  'gender',
  'status',
  'department',
  'isLeaderInDept',
  'mainDepartment',
  'order',
  'position',
  'alias',
  'telephone',
  'address',
] as const;
const DEPARTMENT_KEYS = ['id', 'name', 'nameEn', 'parentid', 'order'] as const;
const NON_MEMBER_KEYS = ['openid', 'externalUserId'] as const;

/** WeCom userids: 1–64 characters of letters, digits and `_-.@`. */
export const USERID = /^[A-Za-z0-9_.@-]{1,64}$/;
const MOBILE = /^\+?[0-9-]{5,32}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const MAX_DEPARTMENT_ID = 2 ** 32 - 1;
/** A member's `order` in a department: [0, 2^32) (C1). */
const MAX_ORDER = 2 ** 32 - 1;

function readGender(value: unknown, path: string, problems: Problems): Gender {
  if (value === undefined) return '0';
  if (value === 0 || value === '0') return '0';
  if (value === 1 || value === '1') return '1';
  if (value === 2 || value === '2') return '2';
  problems.add(path, `must be 0, 1 or 2 (as a number or a string), got ${describe(value)}`);
  return '0';
}

function readStatus(value: unknown, path: string, problems: Problems): MemberStatus {
  if (value === undefined) return 1;
  if (value === 1 || value === 2 || value === 4 || value === 5) return value;
  problems.add(path, `must be 1 (active), 2 (disabled), 4 (not activated) or 5 (left), got ${describe(value)}`);
  return 1;
}

function readDepartmentIds(value: unknown, path: string, problems: Problems): number[] {
  if (value === undefined) return [1];
  const list = readArray(value, path, problems);
  if (!list) return [];
  if (list.length === 0) problems.add(path, 'must list at least one department id');
  const ids: number[] = [];
  list.forEach((item, i) => {
    const id = readInteger(item, `${path}[${i}]`, problems, 1, MAX_DEPARTMENT_ID);
    if (id !== undefined) ids.push(id);
  });
  return ids;
}

/** A list parallel to `department` (`isLeaderInDept`, `order`): same length, each item read by `readItem`. */
function readParallel<T>(
  value: unknown,
  department: number[],
  path: string,
  problems: Problems,
  fallback: T,
  readItem: (item: unknown, itemPath: string) => T | undefined,
): T[] {
  if (value === undefined) return department.map(() => fallback);
  const list = readArray(value, path, problems);
  if (!list) return department.map(() => fallback);
  if (list.length !== department.length) {
    problems.add(path, `must have one entry per department (${department.length}, parallel to "department"), got ${list.length}`);
  }
  return list.map((item, i) => readItem(item, `${path}[${i}]`) ?? fallback);
}

function readLeaderFlags(value: unknown, department: number[], path: string, problems: Problems): (0 | 1)[] {
  return readParallel<0 | 1>(value, department, path, problems, 0, (item, itemPath) => {
    if (item === 0 || item === 1) return item;
    problems.add(itemPath, `must be 0 or 1, got ${describe(item)}`);
    return undefined;
  });
}

function readMainDepartment(value: unknown, department: number[], path: string, problems: Problems): number {
  const fallback = department[0] ?? 1;
  if (value === undefined) return fallback;
  const id = readInteger(value, path, problems, 1, MAX_DEPARTMENT_ID);
  if (id === undefined) return fallback;
  if (!department.includes(id)) {
    problems.add(path, `must be one of the member's departments (${department.join(', ')}), got ${id}`);
    return fallback;
  }
  return id;
}

export function readMember(value: unknown, path: string, problems: Problems): NormalizedMember | undefined {
  const obj = readObject(value, path, problems, MEMBER_KEYS);
  if (!obj) return undefined;
  const userid = readString(obj.userid, `${path}.userid`, problems, {
    pattern: USERID,
    patternHint: 'must be 1–64 letters, digits or _-.@',
  });
  const name = readString(obj.name, `${path}.name`, problems, { maxLength: 64 });
  const department = readDepartmentIds(obj.department, `${path}.department`, problems);
  return {
    userid: userid ?? '',
    name: name ?? '',
    mobile: readOptionalString(obj, 'mobile', path, problems, { pattern: MOBILE, patternHint: 'must be 5–32 digits' }),
    email: readOptionalString(obj, 'email', path, problems, { pattern: EMAIL, patternHint: 'is not an email address' }),
    bizMail: readOptionalString(obj, 'bizMail', path, problems, { pattern: EMAIL, patternHint: 'is not an email address' }),
    avatar: readOptionalString(obj, 'avatar', path, problems),
    gender: readGender(obj.gender, `${path}.gender`, problems),
    status: readStatus(obj.status, `${path}.status`, problems),
    department,
    isLeaderInDept: readLeaderFlags(obj.isLeaderInDept, department, `${path}.isLeaderInDept`, problems),
    mainDepartment: readMainDepartment(obj.mainDepartment, department, `${path}.mainDepartment`, problems),
    order: readParallel(obj.order, department, `${path}.order`, problems, 0, (item, itemPath) => readInteger(item, itemPath, problems, 0, MAX_ORDER)),
    position: readOptionalString(obj, 'position', path, problems),
    alias: readOptionalString(obj, 'alias', path, problems),
    telephone: readOptionalString(obj, 'telephone', path, problems),
    address: readOptionalString(obj, 'address', path, problems),
  };
}

export function readDepartment(value: unknown, path: string, problems: Problems): NormalizedDepartment | undefined {
  const obj = readObject(value, path, problems, DEPARTMENT_KEYS);
  if (!obj) return undefined;
  const id = readInteger(obj.id, `${path}.id`, problems, 1, MAX_DEPARTMENT_ID);
  const name = readString(obj.name, `${path}.name`, problems, { maxLength: 64 });
  const parentid = readInteger(obj.parentid, `${path}.parentid`, problems, 0, MAX_DEPARTMENT_ID);
  const order = obj.order === undefined ? 0 : readInteger(obj.order, `${path}.order`, problems, 0, MAX_DEPARTMENT_ID);
  return {
    id: id ?? 0,
    name: name ?? '',
    nameEn: readOptionalString(obj, 'nameEn', path, problems),
    parentid: parentid ?? 0,
    order: order ?? 0,
  };
}

export function readNonMember(value: unknown, path: string, problems: Problems): NormalizedNonMember | undefined {
  const obj = readObject(value, path, problems, NON_MEMBER_KEYS);
  if (!obj) return undefined;
  const openid = readString(obj.openid, `${path}.openid`, problems, { maxLength: 64 });
  const external = readOptionalString(obj, 'externalUserId', path, problems);
  return { openid: openid ?? '', externalUserId: external === '' ? null : external };
}
