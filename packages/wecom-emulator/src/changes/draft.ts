import { Problems, describe, isRecord } from '../seed/reader';
import { NormalizedApp, NormalizedCorp, NormalizedDepartment, NormalizedMember } from '../seed/types';

/** A working copy of one corp's directory that changes are applied to before anything goes live. */
export interface Draft {
  readonly corpId: string;
  members: NormalizedMember[];
  departments: NormalizedDepartment[];
  apps: NormalizedApp[];
}

/** Where a change's problems are reported, e.g. `changes[2]`. */
export interface ChangeInput {
  readonly path: string;
  readonly obj: Record<string, unknown>;
  readonly problems: Problems;
}

export function draftOf(corp: NormalizedCorp): Draft {
  return { corpId: corp.corpId, members: structuredClone(corp.members), departments: structuredClone(corp.departments), apps: structuredClone(corp.apps) };
}

/** Userids are case-insensitive (C4). */
export function findMember(draft: Draft, userid: string): NormalizedMember | undefined {
  const key = userid.toLowerCase();
  return draft.members.find((m) => m.userid.toLowerCase() === key);
}

export function findDepartment(draft: Draft, id: number): NormalizedDepartment | undefined {
  return draft.departments.find((d) => d.id === id);
}

/**
 * Reports fields other than `allowed` (`op` and `duplicate` are always allowed) and a non-boolean `duplicate`.
 * Returns a check for the end of the change: true when nothing was reported since, so the draft may change.
 */
export function startChange({ path, obj, problems }: ChangeInput, allowed: readonly string[]): () => boolean {
  const start = problems.list.length;
  const all = ['op', ...allowed, 'duplicate'];
  for (const key of Object.keys(obj)) {
    if (!all.includes(key)) problems.add(`${path}.${key}`, `unknown field for op "${String(obj.op)}" (allowed: ${all.join(', ')})`);
  }
  if (obj.duplicate !== undefined && typeof obj.duplicate !== 'boolean') problems.add(`${path}.duplicate`, `must be true or false, got ${describe(obj.duplicate)}`);
  return () => problems.list.length === start;
}

export function requireObject(input: ChangeInput, key: string): Record<string, unknown> | undefined {
  const value = input.obj[key];
  if (isRecord(value)) return value;
  input.problems.add(`${input.path}.${key}`, `must be an object, got ${describe(value)}`);
  return undefined;
}
