import { ContactChange } from '../events/contact-events';
import { describe } from '../seed/reader';
import { NormalizedDepartment } from '../seed/types';
import { readDepartment } from '../seed/validate-member';
import { ancestorsOf } from '../seed/validate';
import { ChangeInput, Draft, findDepartment, requireObject, startChange } from './draft';

const SET_KEYS = ['name', 'parentid', 'order'];

function existing(draft: Draft, input: ChangeInput): NormalizedDepartment | undefined {
  const id = input.obj.id;
  if (typeof id !== 'number' || !Number.isInteger(id)) {
    input.problems.add(`${input.path}.id`, `must be a department id (an integer), got ${describe(id)}`);
    return undefined;
  }
  const department = findDepartment(draft, id);
  if (!department) input.problems.add(`${input.path}.id`, `no department ${id} (department not found, 60003)`);
  return department;
}

/**
 * A department below the root needs an existing parent that is not itself or one of its descendants.
 * `departments` is the list with `department` in place.
 */
function checkParent(departments: NormalizedDepartment[], department: NormalizedDepartment, input: ChangeInput, where: string): void {
  if (department.parentid === 0) {
    input.problems.add(`${input.path}.${where}.parentid`, 'must be an existing department (only the root has parentid 0)');
  } else if (!departments.some((d) => d.id === department.parentid)) {
    input.problems.add(`${input.path}.${where}.parentid`, `department ${department.parentid} does not exist in this corp`);
  } else if (ancestorsOf(departments, department.id) === null) {
    input.problems.add(`${input.path}.${where}.parentid`, `department ${department.parentid} is ${department.id} itself or below it (a cycle)`);
  }
}

export function addDepartment(draft: Draft, input: ChangeInput): ContactChange | undefined {
  const clean = startChange(input, ['department']);
  const department = readDepartment(input.obj.department, `${input.path}.department`, input.problems);
  if (!department || !clean()) return undefined;
  if (findDepartment(draft, department.id)) input.problems.add(`${input.path}.department.id`, `department ${department.id} already exists`);
  else checkParent([...draft.departments, department], department, input, 'department');
  if (!clean()) return undefined;
  draft.departments.push(department);
  return { changeType: 'create_party', department };
}

export function updateDepartment(draft: Draft, input: ChangeInput): ContactChange | undefined {
  const clean = startChange(input, ['id', 'set']);
  const before = existing(draft, input);
  const set = requireObject(input, 'set');
  if (!before || !set) return undefined;
  for (const key of Object.keys(set)) {
    if (!SET_KEYS.includes(key)) input.problems.add(`${input.path}.set.${key}`, `cannot be changed (allowed: ${SET_KEYS.join(', ')})`);
  }
  const after = readDepartment({ ...before, ...set }, `${input.path}.set`, input.problems);
  if (!after || !clean()) return undefined;
  const departments = draft.departments.map((d) => (d === before ? after : d));
  if (before.parentid === 0 && after.parentid !== 0) input.problems.add(`${input.path}.set.parentid`, 'the root department cannot be moved');
  else if (before.parentid !== 0) checkParent(departments, after, input, 'set');
  if (!clean()) return undefined;
  draft.departments = departments;
  return { changeType: 'update_party', before, after };
}

/** WeCom refuses to delete a department with members (60005), with sub-departments (60006), or the root (60007). */
export function removeDepartment(draft: Draft, input: ChangeInput): ContactChange | undefined {
  const clean = startChange(input, ['id']);
  const department = existing(draft, input);
  if (!department || !clean()) return undefined;
  const members = draft.members.filter((m) => m.department.includes(department.id)).map((m) => m.userid);
  const children = draft.departments.filter((d) => d.parentid === department.id).map((d) => d.id);
  const refuse = (message: string): undefined => {
    input.problems.add(`${input.path}.id`, message);
    return undefined;
  };
  if (members.length > 0) return refuse(`department ${department.id} still has members (${members.join(', ')}); WeCom refuses with 60005 — remove or move them first`);
  if (children.length > 0) return refuse(`department ${department.id} still has sub-departments (${children.join(', ')}); WeCom refuses with 60006 — remove them first`);
  if (department.parentid === 0) return refuse(`department ${department.id} is the root; WeCom refuses with 60007`);
  draft.departments = draft.departments.filter((d) => d !== department);
  return { changeType: 'delete_party', department };
}
