/**
 * What the sync hands NocoBase for a WeCom department or member (plugin-user-data-sync's FormatDepartment and
 * FormatUser, `uid` = the WeCom id), and the fingerprint that tells whether a member changed since they were
 * last applied. Pure.
 */
import { createHash } from 'node:crypto';
import type { Department, DirectoryMember } from '../wecom';

export interface DepartmentRecord {
  uid: string;
  title?: string;
  parentUid?: string;
  isDeleted?: boolean;
}

export interface MemberDepartment {
  uid: string;
  isMain: boolean;
  isOwner: boolean;
}

export interface MemberRecord {
  uid: string;
  nickname?: string;
  phone?: string;
  email?: string;
  departments?: MemberDepartment[];
  isDeleted?: boolean;
}

/** A department whose parent is outside the visible range (or the root) is a top department. */
export function departmentRecord(department: Department, visible: ReadonlySet<number>): DepartmentRecord {
  const record: DepartmentRecord = { uid: String(department.id), title: department.name };
  if (department.parentId !== 0 && visible.has(department.parentId)) record.parentUid = String(department.parentId);
  return record;
}

/** Departments the sync does not know (outside the visible range) are left out of the membership. */
export function memberRecord(member: DirectoryMember, visible: ReadonlySet<number>, withContact: { phone?: string; email?: string }): MemberRecord {
  const record: MemberRecord = { uid: member.userId, nickname: member.name };
  if (withContact.phone) record.phone = withContact.phone;
  if (withContact.email) record.email = withContact.email;
  const main = member.mainDepartmentId ?? member.departmentIds[0];
  record.departments = member.departmentIds
    .filter((id) => visible.has(id))
    .map((id) => ({ uid: String(id), isMain: id === main, isOwner: member.leaderInDepartmentIds.includes(id) }));
  return record;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** The same for equal records however their keys were ordered (PostgreSQL's jsonb reorders them). */
export function fingerprint(record: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(record))).digest('base64url').slice(0, 22);
}

/** Active members sign in; disabled (2) and departed (5) ones do not (docs/wecom-protocol.md A6). */
export function isActive(member: Pick<DirectoryMember, 'status'>): boolean {
  return member.status === 'active' || member.status === 'notActivated' || member.status === 'unknown';
}
