import { NormalizedCorp, NormalizedDepartment, NormalizedSeed } from './types';
import { Problems, checkUnique, readArray, readObject, readString } from './reader';
import { readApp } from './validate-app';
import { readDepartment, readMember, readNonMember } from './validate-member';
import { readEventReceiver } from './validate-receiver';

const SEED_KEYS = ['corps', 'nonMembers'] as const;
const CORP_KEYS = ['corpId', 'contactsSecret', 'apps', 'members', 'departments', 'eventReceiver'] as const;
const CORP_ID = /^[A-Za-z0-9_-]{1,64}$/;

function readList<T>(value: unknown, path: string, problems: Problems, read: (v: unknown, p: string, pr: Problems) => T | undefined): T[] {
  if (value === undefined) return [];
  const list = readArray(value, path, problems);
  if (!list) return [];
  const out: T[] = [];
  list.forEach((item, i) => {
    const read1 = read(item, `${path}[${i}]`, problems);
    if (read1 !== undefined) out.push(read1);
  });
  return out;
}

function defaultDepartments(corpId: string): NormalizedDepartment[] {
  return [{ id: 1, name: corpId, nameEn: '', parentid: 0, order: 100000000 }];
}

/** The ancestors of `id` up to the root, or null when they loop back to `id`. */
export function ancestorsOf(departments: readonly NormalizedDepartment[], id: number): number[] | null {
  const parentOf = new Map(departments.map((d) => [d.id, d.parentid]));
  const out: number[] = [];
  let next = parentOf.get(id);
  while (next !== undefined && next !== 0) {
    if (next === id) return null;
    if (out.includes(next)) return out;
    out.push(next);
    next = parentOf.get(next);
  }
  return out;
}

function checkDepartments(corp: NormalizedCorp, path: string, problems: Problems): void {
  const ids = new Set(corp.departments.map((d) => d.id));
  corp.departments.forEach((d, i) => {
    if (d.parentid !== 0 && !ids.has(d.parentid)) {
      problems.add(`${path}.departments[${i}].parentid`, `department ${d.parentid} does not exist in this corp`);
    }
    if (d.parentid === d.id) problems.add(`${path}.departments[${i}].parentid`, 'a department cannot be its own parent');
    else if (ancestorsOf(corp.departments, d.id) === null) problems.add(`${path}.departments[${i}].parentid`, `department ${d.id} would be its own ancestor (a cycle)`);
  });
  corp.members.forEach((m, i) => {
    m.department.forEach((id, j) => {
      if (!ids.has(id)) problems.add(`${path}.members[${i}].department[${j}]`, `department ${id} does not exist in this corp`);
    });
  });
}

export function checkCorp(corp: NormalizedCorp, path: string, problems: Problems): void {
  checkUnique(corp.apps, (a) => a.agentId, (i) => `${path}.apps[${i}].agentId`, 'agentId', problems);
  checkUnique(corp.apps, (a) => a.secret, (i) => `${path}.apps[${i}].secret`, 'secret', problems);
  const sameAsApp = corp.apps.findIndex((a) => a.secret === corp.contactsSecret);
  if (sameAsApp >= 0) problems.add(`${path}.contactsSecret`, `must differ from every app's secret (same as apps[${sameAsApp}].secret)`);
  checkUnique(corp.members, (m) => m.userid, (i) => `${path}.members[${i}].userid`, 'userid', problems);
  checkUnique(corp.members, (m) => m.mobile, (i) => `${path}.members[${i}].mobile`, 'mobile', problems);
  checkUnique(corp.members, (m) => m.email, (i) => `${path}.members[${i}].email`, 'email', problems);
  checkUnique(corp.members, (m) => m.bizMail, (i) => `${path}.members[${i}].bizMail`, 'bizMail', problems);
  checkUnique(corp.departments, (d) => String(d.id), (i) => `${path}.departments[${i}].id`, 'department id', problems);
  checkDepartments(corp, path, problems);
  const userids = new Set(corp.members.map((m) => m.userid));
  corp.apps.forEach((app, i) => {
    if (app.visibleUserIds === 'all') return;
    app.visibleUserIds.forEach((userid, j) => {
      if (!userids.has(userid)) problems.add(`${path}.apps[${i}].visibleUserIds[${j}]`, `no member with userid ${JSON.stringify(userid)}`);
    });
  });
}

function readCorp(value: unknown, path: string, problems: Problems): NormalizedCorp | undefined {
  const obj = readObject(value, path, problems, CORP_KEYS);
  if (!obj) return undefined;
  const corpId = readString(obj.corpId, `${path}.corpId`, problems, {
    pattern: CORP_ID,
    patternHint: 'must be 1–64 letters, digits, _ or -',
  });
  const departments = readList(obj.departments, `${path}.departments`, problems, readDepartment);
  const contactsSecret =
    obj.contactsSecret === undefined
      ? null
      : (readString(obj.contactsSecret, `${path}.contactsSecret`, problems, { pattern: /^\S+$/, patternHint: 'must not contain spaces' }) ?? null);
  const corp: NormalizedCorp = {
    corpId: corpId ?? '',
    contactsSecret,
    apps: readList(obj.apps, `${path}.apps`, problems, readApp),
    members: readList(obj.members, `${path}.members`, problems, readMember),
    departments: obj.departments === undefined ? defaultDepartments(corpId ?? '') : departments,
    eventReceiver: obj.eventReceiver === undefined ? null : (readEventReceiver(obj.eventReceiver, `${path}.eventReceiver`, problems) ?? null),
  };
  checkCorp(corp, path, problems);
  return corp;
}

/**
 * Validates a seed strictly: unknown fields, wrong types, dangling references and duplicates are all
 * reported together, each with the path of the bad field. Throws `SeedValidationError`.
 */
export function parseSeed(input: unknown): NormalizedSeed {
  const problems = new Problems();
  const obj = readObject(input, 'seed', problems, SEED_KEYS);
  if (!obj) {
    problems.throwIfAny();
    throw new Error('unreachable');
  }
  if (obj.corps === undefined) problems.add('seed.corps', 'is required (an array of corps, possibly empty)');
  const corps = readList(obj.corps, 'corps', problems, readCorp);
  const nonMembers = readList(obj.nonMembers, 'nonMembers', problems, readNonMember);
  checkUnique(corps, (c) => c.corpId, (i) => `corps[${i}].corpId`, 'corpId', problems);
  checkUnique(nonMembers, (n) => n.openid, (i) => `nonMembers[${i}].openid`, 'openid', problems);
  problems.throwIfAny();
  return { corps, nonMembers };
}

export const EMPTY_SEED: NormalizedSeed = { corps: [], nonMembers: [] };
