import { NormalizedDepartment, NormalizedMember } from '../seed/types';
import { XmlField } from './xml';

/** One applied directory change, as the event builder needs it. */
export type ContactChange =
  | { readonly changeType: 'create_user'; readonly member: NormalizedMember }
  | { readonly changeType: 'update_user'; readonly before: NormalizedMember; readonly after: NormalizedMember }
  | { readonly changeType: 'delete_user'; readonly member: NormalizedMember }
  | { readonly changeType: 'create_party'; readonly department: NormalizedDepartment }
  | { readonly changeType: 'update_party'; readonly before: NormalizedDepartment; readonly after: NormalizedDepartment }
  | { readonly changeType: 'delete_party'; readonly department: NormalizedDepartment };

export type ChangeType = ContactChange['changeType'];

/** Whom an event is about: `{ userid, newUserid? }` for members, `{ id }` for departments. */
export type EventIds = { userid: string; newUserid?: string } | { id: number };

export interface ContactEvent {
  changeType: ChangeType;
  ids: EventIds;
  /** The fields after ChangeType, in WeCom's order. */
  fields: XmlField[];
}

/**
 * create_user's fields after UserID (C2.5). Gender is an int here (a string in JSON); lists are comma-joined.
 * The seed has no direct leaders or extattr: DirectLeader is always empty and ExtAttr is left out.
 */
function memberFields(m: NormalizedMember): XmlField[] {
  return [
    ['Name', m.name],
    ['Department', m.department.join(',')],
    ['MainDepartment', m.mainDepartment],
    ['IsLeaderInDept', m.isLeaderInDept.join(',')],
    ['DirectLeader', ''],
    ['Position', m.position],
    ['Mobile', m.mobile],
    ['Gender', Number(m.gender)],
    ['Email', m.email],
    ['BizMail', m.bizMail],
    ['Status', m.status],
    ['Avatar', m.avatar],
    ['Alias', m.alias],
    ['Telephone', m.telephone],
    ['Address', m.address],
  ];
}

function changedFields(before: XmlField[], after: XmlField[]): XmlField[] {
  return after.filter(([name, value]) => before.find(([n]) => n === name)?.[1] !== value);
}

function userEvent(changeType: 'create_user' | 'update_user', before: NormalizedMember | null, after: NormalizedMember, idsOnly: boolean): ContactEvent | null {
  const renamed = before !== null && before.userid !== after.userid;
  const head: XmlField[] = [['UserID', before?.userid ?? after.userid]];
  if (renamed) head.push(['NewUserID', after.userid]);
  const ids: EventIds = renamed ? { userid: before.userid, newUserid: after.userid } : { userid: after.userid };
  let fields = memberFields(after);
  if (before !== null) fields = changedFields(memberFields(before), fields);
  // IDs-only receivers (set after 2022-08-15) get UserID / NewUserID / Department, and update_user only when
  // the department or the userid changed (C2.5 quirks).
  if (idsOnly) fields = fields.filter(([name]) => name === 'Department');
  if (before !== null && fields.length === 0 && !renamed) return null;
  return { changeType, ids, fields: [...head, ...fields] };
}

function partyEvent(before: NormalizedDepartment, after: NormalizedDepartment, idsOnly: boolean): ContactEvent | null {
  const fields: XmlField[] = [];
  if (!idsOnly && before.name !== after.name) fields.push(['Name', after.name]);
  if (before.parentid !== after.parentid) fields.push(['ParentId', after.parentid]);
  // update_party carries only Name and ParentId; an order-only change (or, IDs-only, a rename) sends nothing.
  if (fields.length === 0) return null;
  return { changeType: 'update_party', ids: { id: after.id }, fields: [['Id', after.id], ...fields] };
}

/** The event WeCom sends for a change (C2.5), full or IDs only; null when it sends none. */
export function contactEvent(change: ContactChange, idsOnly: boolean): ContactEvent | null {
  switch (change.changeType) {
    case 'create_user':
      return userEvent('create_user', null, change.member, idsOnly);
    case 'update_user':
      return userEvent('update_user', change.before, change.after, idsOnly);
    case 'delete_user':
      return { changeType: 'delete_user', ids: { userid: change.member.userid }, fields: [['UserID', change.member.userid]] };
    case 'create_party': {
      const d = change.department;
      const fields: XmlField[] = idsOnly ? [['Id', d.id], ['ParentId', d.parentid]] : [['Id', d.id], ['Name', d.name], ['ParentId', d.parentid], ['Order', d.order]];
      return { changeType: 'create_party', ids: { id: d.id }, fields };
    }
    case 'update_party':
      return partyEvent(change.before, change.after, idsOnly);
    case 'delete_party':
      return { changeType: 'delete_party', ids: { id: change.department.id }, fields: [['Id', change.department.id]] };
  }
}
