/**
 * Turns a directory snapshot and NocoBase's current state into the least work: the department and member
 * records that changed, the members to link to existing users, those refused, and those who left. Pure.
 */
import type { Department, DirectoryMember } from '../wecom';
import { normalizeMobile } from '../wecom';
import { departmentRecord, fingerprint, isActive, memberRecord, type DepartmentRecord, type MemberRecord } from './records';
import type { SyncState } from './state';

export type MatchBy = 'phone' | 'email' | 'none';

export type Refusal = 'tie' | 'root' | 'linked-to-another-member';

export interface SyncPlan {
  departments: DepartmentRecord[];
  members: MemberRecord[];
  /** New members to link to an existing user before the records are applied. */
  matches: { uid: string; userId: number }[];
  refused: { uid: string; reason: Refusal }[];
  /** Members who may no longer sign in: disabled, departed or gone, with the user they were synced to. */
  /** Disabled, departed or gone: their bindings are marked, never removed (users/departure.ts). */
  leavers: { uid: string; userId?: number; reason: 'left' | 'disabled' }[];
  counts: { created: number; matched: number; updated: number; unchanged: number; departments: number };
}

const lower = (uid: string) => uid.toLowerCase();

function parentIdOf(record: DepartmentRecord, state: SyncState): number | null {
  if (!record.parentUid) return null;
  return state.departments.get(record.parentUid)?.departmentId ?? -1;
}

/**
 * WeCom lists departments in no particular order (C4), and NocoBase links a department to its parent only if
 * the parent exists already: parents go first.
 */
function parentsFirst(records: DepartmentRecord[]): DepartmentRecord[] {
  const byUid = new Map(records.map((record) => [record.uid, record]));
  const depth = (record: DepartmentRecord): number => {
    let level = 0;
    const seen = new Set<string>();
    for (let parent = record.parentUid; parent && byUid.has(parent) && !seen.has(parent); parent = byUid.get(parent)?.parentUid) {
      seen.add(parent);
      level += 1;
    }
    return level;
  };
  return records
    .map((record, index) => ({ record, index, depth: record.isDeleted ? Number.MAX_SAFE_INTEGER : depth(record) }))
    .sort((a, b) => a.depth - b.depth || a.index - b.index)
    .map(({ record }) => record);
}

/** A department is re-sent unless NocoBase's row already has its title and parent. */
function departmentChanged(record: DepartmentRecord, state: SyncState): boolean {
  const known = state.departments.get(record.uid);
  if (known?.departmentId === undefined) return true;
  const row = state.departmentRows.get(known.departmentId);
  return !row || row.title !== record.title || row.parentId !== parentIdOf(record, state);
}

function candidates(member: DirectoryMember, matchBy: MatchBy, state: SyncState): number[] {
  if (matchBy === 'phone') {
    const phone = normalizeMobile(member.mobile);
    return phone ? (state.users.byPhone.get(phone) ?? []) : [];
  }
  if (matchBy === 'email') {
    const email = member.email?.trim().toLowerCase();
    return email ? (state.users.byEmail.get(email) ?? []) : [];
  }
  return [];
}

/** A phone or email already held by another user cannot go on a new one (both are unique in NocoBase). */
function contactOf(member: DirectoryMember, state: SyncState, userId: number | undefined): { phone?: string; email?: string } {
  const free = (holders: number[] | undefined) => !holders || holders.every((id) => id === userId);
  const phone = normalizeMobile(member.mobile);
  const email = member.email?.trim().toLowerCase();
  return {
    phone: member.mobile && phone && free(state.users.byPhone.get(phone)) ? member.mobile : undefined,
    email: member.email && email && free(state.users.byEmail.get(email)) ? member.email : undefined,
  };
}

/**
 * `partial`: the snapshot holds only what a change event names, so members and departments it does not list
 * have not left, and departments NocoBase already has count as visible.
 */
export function planSync(
  snapshot: { departments: Department[]; members: DirectoryMember[] },
  state: SyncState,
  matchBy: MatchBy,
  partial = false,
): SyncPlan {
  const plan: SyncPlan = { departments: [], members: [], matches: [], refused: [], leavers: [], counts: { created: 0, matched: 0, updated: 0, unchanged: 0, departments: 0 } };
  const visible = new Set(snapshot.departments.map((department) => department.id));
  if (partial) {
    for (const known of state.departments.values()) if (!known.metaData.isDeleted) visible.add(Number(known.uid));
  }

  for (const department of snapshot.departments) {
    const record = departmentRecord(department, visible);
    if (departmentChanged(record, state)) plan.departments.push(record);
  }
  for (const known of partial ? [] : state.departments.values()) {
    if (!visible.has(Number(known.uid)) && !known.metaData.isDeleted && known.departmentId !== undefined && state.departmentRows.has(known.departmentId)) {
      plan.departments.push({ uid: known.uid, isDeleted: true });
    }
  }
  plan.departments = parentsFirst(plan.departments);
  plan.counts.departments = plan.departments.length;

  const seen = new Set<string>();
  for (const member of snapshot.members) {
    seen.add(lower(member.userId));
    const known = state.members.get(lower(member.userId));
    const knownUser = known?.userId !== undefined && state.users.existing.has(known.userId) ? known.userId : undefined;
    if (!isActive(member)) {
      plan.leavers.push({ uid: member.userId, userId: knownUser, reason: member.status === 'disabled' ? 'disabled' : 'left' });
      continue;
    }
    let userId = knownUser ?? state.bindings.get(lower(member.userId))?.userId;
    if (userId !== undefined && !state.users.existing.has(userId)) userId = undefined;
    if (userId === undefined) {
      const found = candidates(member, matchBy, state);
      if (found.length > 1) {
        plan.refused.push({ uid: member.userId, reason: 'tie' });
        continue;
      }
      const [match] = found;
      if (match !== undefined) {
        if (state.users.roots.has(match)) {
          plan.refused.push({ uid: member.userId, reason: 'root' });
          continue;
        }
        const other = state.boundUsers.get(match);
        if (other !== undefined && lower(other) !== lower(member.userId)) {
          plan.refused.push({ uid: member.userId, reason: 'linked-to-another-member' });
          continue;
        }
        userId = match;
      }
    }
    if (userId !== undefined && knownUser === undefined) plan.matches.push({ uid: member.userId, userId });
    const record = memberRecord(member, visible, contactOf(member, state, userId));
    const binding = state.bindings.get(lower(member.userId));
    if (knownUser !== undefined && binding?.userId === knownUser && binding.synced === fingerprint(record) && !binding.departed) {
      plan.counts.unchanged += 1;
      continue;
    }
    plan.members.push(record);
    if (userId === undefined) plan.counts.created += 1;
    else if (knownUser === undefined) plan.counts.matched += 1;
    else plan.counts.updated += 1;
  }
  for (const known of partial ? [] : state.members.values()) {
    if (!seen.has(lower(known.uid)) && !known.metaData.isDeleted) {
      plan.leavers.push({ uid: known.uid, userId: known.userId !== undefined && state.users.existing.has(known.userId) ? known.userId : undefined, reason: 'left' });
    }
  }
  return plan;
}
