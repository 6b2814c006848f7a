import { USERID } from '../seed/validate-member';
import { AppState, CorpState, MemberState, isDepartmentVisible, isVisible, subtree } from '../state/directory';

/** At most 1,000 userids, 100 departments and 100 tags per call (C3). */
export const MAX_USERS = 1000;
export const MAX_PARTIES = 100;
export const MAX_TAGS = 100;

export interface Recipients {
  /** Who gets the message: valid, visible, deduplicated, in the order named. */
  readonly members: MemberState[];
  /** Whether any userid, department or tag named was valid (else 81013). */
  readonly anyValid: boolean;
  /** As sent, lowercased (C3: "invaliduser … lowercased"). */
  readonly invalidUsers: string[];
  readonly invalidParties: string[];
  readonly invalidTags: string[];
}

/** `a|b|c` → ['a','b','c'], trimmed, empties dropped. A value of the wrong type counts as missing (WeCom's lenient JSON). */
export function splitIds(value: unknown): string[] {
  const text = typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
  return text
    .split('|')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const lowercaseIndexes = new WeakMap<CorpState, Map<string, MemberState>>();

/** The corp's members by lowercased userid: userids are case-insensitive in message targets (C4). */
export function memberByLowercase(corp: CorpState, userid: string): MemberState | undefined {
  let index = lowercaseIndexes.get(corp);
  if (!index) {
    index = new Map();
    for (const m of corp.membersInOrder) {
      const key = m.seed.userid.toLowerCase();
      if (!index.has(key)) index.set(key, m);
    }
    lowercaseIndexes.set(corp, index);
  }
  return index.get(userid.toLowerCase());
}

/**
 * Who can receive the app's messages: members in its visible range (C4) who have not left the company
 * (status 5). Disabled (2) and not-yet-activated (4) members count as delivered (C3).
 */
export function canReceive(app: AppState, member: MemberState): boolean {
  return member.seed.status !== 5 && isVisible(app, member.seed.userid);
}

function uniqueLowercase(list: string[]): string[] {
  return [...new Set(list.map((s) => s.toLowerCase()))];
}

/**
 * Resolves `touser` / `toparty` / `totag` (C3). `@all` is the app's whole visible range and ignores
 * `toparty` and `totag`. A department reaches the visible members of its whole subtree. The seed has no
 * tags, so every tag id is invalid.
 */
export function resolveRecipients(corp: CorpState, app: AppState, users: string[], parties: string[], tags: string[]): Recipients {
  const members = new Set<MemberState>();
  if (users.length === 1 && users[0] === '@all') {
    for (const m of corp.membersInOrder) if (canReceive(app, m)) members.add(m);
    return { members: [...members], anyValid: members.size > 0, invalidUsers: [], invalidParties: [], invalidTags: [] };
  }
  const invalidUsers: string[] = [];
  const invalidParties: string[] = [];
  let anyValid = false;
  for (const userid of users) {
    const member = USERID.test(userid) ? memberByLowercase(corp, userid) : undefined;
    if (member && canReceive(app, member)) {
      members.add(member);
      anyValid = true;
    } else invalidUsers.push(userid);
  }
  for (const party of parties) {
    const id = /^\d{1,10}$/.test(party) ? Number(party) : NaN;
    if (!corp.departments.has(id) || !isDepartmentVisible(app, id)) {
      invalidParties.push(party);
      continue;
    }
    anyValid = true;
    for (const departmentId of subtree(corp, id)) {
      for (const m of corp.membersByDepartment.get(departmentId) ?? []) if (canReceive(app, m)) members.add(m);
    }
  }
  return {
    members: [...members],
    anyValid,
    invalidUsers: uniqueLowercase(invalidUsers),
    invalidParties: [...new Set(invalidParties)],
    invalidTags: [...new Set(tags)],
  };
}
