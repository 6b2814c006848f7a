import { ContactChange } from '../events/contact-events';
import { Problems, describe, isRecord } from '../seed/reader';
import { NormalizedCorp } from '../seed/types';
import { checkCorp } from '../seed/validate';
import { addDepartment, removeDepartment, updateDepartment } from './department-changes';
import { ChangeInput, Draft, draftOf } from './draft';
import { addMember, removeMember, updateMember } from './member-changes';

type Apply = (draft: Draft, input: ChangeInput) => ContactChange | undefined;

const OPS: Readonly<Record<string, Apply>> = { addMember, updateMember, removeMember, addDepartment, updateDepartment, removeDepartment };

export interface AppliedChange {
  change: ContactChange;
  /** Deliver the event's request twice (the receiver's dedupe). */
  duplicate: boolean;
}

/**
 * Applies `changes` one after the other to a copy of `corp`, each seeing the ones before it (so a batch can move
 * members out of a department and then remove it). A change with a problem leaves the copy as it was, so later
 * changes are checked against the valid ones only. Every problem is reported with its path (`changes[i]…`);
 * the caller applies the result only when there is none.
 */
export function applyChanges(corp: NormalizedCorp, changes: readonly unknown[], problems: Problems): { corp: NormalizedCorp; applied: AppliedChange[] } {
  const draft = draftOf(corp);
  const applied: AppliedChange[] = [];
  changes.forEach((value, i) => {
    const path = `changes[${i}]`;
    if (!isRecord(value)) return problems.add(path, `must be an object, got ${describe(value)}`);
    const apply = typeof value.op === 'string' && Object.hasOwn(OPS, value.op) ? OPS[value.op] : undefined;
    if (!apply) return problems.add(`${path}.op`, `must be one of ${Object.keys(OPS).join(', ')}, got ${describe(value.op)}`);
    const change = apply(draft, { path, obj: value, problems });
    if (change) applied.push({ change, duplicate: value.duplicate === true });
  });
  const result: NormalizedCorp = { ...corp, members: draft.members, departments: draft.departments, apps: draft.apps };
  // The checks above should leave nothing for the seed's own corp checks; they stay as a safety net.
  if (problems.list.length === 0) checkCorp(result, 'the directory after these changes', problems);
  return { corp: result, applied };
}
