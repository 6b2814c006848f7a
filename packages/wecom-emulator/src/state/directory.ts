import { NormalizedApp, NormalizedCorp, NormalizedDepartment, NormalizedMember, NormalizedNonMember, NormalizedSeed, SensitiveField } from '../seed/types';
import { MemberWire, buildMemberWire } from './member-wire';

/** Apps created from this moment lose sensitive fields in `user/get` (A6). */
export const SENSITIVE_FIELDS_CUTOFF_MS = Date.parse('2022-06-20T20:00:00+08:00');

/** The token key of the contact-sync tool (通讯录同步, C0.3): not digits, so no app's agentId can clash with it. */
export const CONTACT_SYNC_AGENT_ID = 'contact-sync';

export interface AppState {
  readonly corpId: string;
  /** True for the contact-sync tool's pseudo-app: whole corp visible, `user/list_id` allowed, no other APIs. */
  readonly isContactSync: boolean;
  readonly agentId: string;
  readonly seed: NormalizedApp;
  /** Exact `host[:port]` strings for the in-client OAuth page and API-side checks (A2). */
  readonly trustedDomains: ReadonlySet<string>;
  /** webLoginDomains ∪ trustedDomains: what web login accepts (A3.1). */
  readonly webLoginDomains: ReadonlySet<string>;
  /** null = any caller IP. */
  readonly trustedIps: ReadonlySet<string> | null;
  /** null = the whole corp is visible. */
  readonly visibleUserIds: ReadonlySet<string> | null;
  /** null = every department; else departments whose subtree holds a visible member. */
  readonly visibleDepartmentIds: ReadonlySet<number> | null;
  readonly sensitiveFields: readonly SensitiveField[];
  readonly hidesDirectorySensitiveFields: boolean;
}

export interface MemberState {
  readonly seed: NormalizedMember;
  readonly wire: MemberWire;
}

export interface CorpState {
  readonly corpId: string;
  readonly apps: ReadonlyMap<string, AppState>;
  readonly appsBySecret: ReadonlyMap<string, AppState>;
  /** The contact-sync tool, when the seed gives the corp a `contactsSecret`. Not in `apps`. */
  readonly contactSync: AppState | null;
  readonly members: ReadonlyMap<string, MemberState>;
  readonly membersInOrder: readonly MemberState[];
  readonly byMobile: ReadonlyMap<string, MemberState>;
  readonly byEmail: ReadonlyMap<string, MemberState>;
  readonly byBizMail: ReadonlyMap<string, MemberState>;
  readonly departments: ReadonlyMap<number, NormalizedDepartment>;
  readonly departmentsInOrder: readonly NormalizedDepartment[];
  readonly children: ReadonlyMap<number, readonly number[]>;
  readonly membersByDepartment: ReadonlyMap<number, readonly MemberState[]>;
  /** Members with `isLeaderInDept` 1 for the department, in seed order (`department_leader`). */
  readonly leadersByDepartment: ReadonlyMap<number, readonly MemberState[]>;
  /** Union of the trusted domains of the corp's apps, for OAuth requests without agentid. */
  readonly anyAppTrustedDomains: ReadonlySet<string>;
}

export function isVisible(app: AppState, userid: string): boolean {
  return app.visibleUserIds === null || app.visibleUserIds.has(userid);
}

export function isDepartmentVisible(app: AppState, id: number): boolean {
  return app.visibleDepartmentIds === null || app.visibleDepartmentIds.has(id);
}

/** A department and all departments below it, depth first. */
export function subtree(corp: CorpState, id: number): number[] {
  const out: number[] = [];
  const stack = [id];
  while (stack.length > 0) {
    const next = stack.pop();
    if (next === undefined || out.includes(next)) continue;
    out.push(next);
    for (const child of corp.children.get(next) ?? []) stack.push(child);
  }
  return out;
}

function buildApp(corp: NormalizedCorp, app: NormalizedApp, departments: Map<number, NormalizedDepartment>): AppState {
  const visible = app.visibleUserIds === 'all' ? null : new Set(app.visibleUserIds);
  let visibleDepartmentIds: Set<number> | null = null;
  if (visible) {
    visibleDepartmentIds = new Set();
    for (const m of corp.members) {
      if (!visible.has(m.userid)) continue;
      for (const start of m.department) {
        let id: number | undefined = start;
        while (id !== undefined && id !== 0 && !visibleDepartmentIds.has(id)) {
          visibleDepartmentIds.add(id);
          id = departments.get(id)?.parentid;
        }
      }
    }
  }
  return {
    corpId: corp.corpId,
    isContactSync: false,
    agentId: app.agentId,
    seed: app,
    trustedDomains: new Set(app.trustedDomains),
    webLoginDomains: new Set([...app.webLoginDomains, ...app.trustedDomains]),
    trustedIps: app.trustedIps.length === 0 ? null : new Set(app.trustedIps),
    visibleUserIds: visible,
    visibleDepartmentIds,
    sensitiveFields: [...app.sensitiveFields],
    hidesDirectorySensitiveFields: Date.parse(app.createdAt) >= SENSITIVE_FIELDS_CUTOFF_MS,
  };
}

/** The contact-sync tool as a pseudo-app: sees the whole corp with every field, from any IP. */
function buildContactSync(corp: NormalizedCorp): AppState | null {
  if (corp.contactsSecret === null) return null;
  const seed: NormalizedApp = {
    agentId: CONTACT_SYNC_AGENT_ID,
    secret: corp.contactsSecret,
    name: '通讯录同步',
    createdAt: '2000-01-01T00:00:00+08:00',
    enabled: true,
    trustedDomains: [],
    webLoginDomains: [],
    trustedIps: [],
    visibleUserIds: 'all',
    sensitiveFields: [],
  };
  return {
    corpId: corp.corpId,
    isContactSync: true,
    agentId: CONTACT_SYNC_AGENT_ID,
    seed,
    trustedDomains: new Set(),
    webLoginDomains: new Set(),
    trustedIps: null,
    visibleUserIds: null,
    visibleDepartmentIds: null,
    sensitiveFields: [],
    hidesDirectorySensitiveFields: false,
  };
}

function indexBy(members: MemberState[], key: (m: NormalizedMember) => string): Map<string, MemberState> {
  const map = new Map<string, MemberState>();
  for (const m of members) {
    const k = key(m.seed);
    if (k !== '') map.set(k.toLowerCase(), m);
  }
  return map;
}

function buildCorp(corp: NormalizedCorp): CorpState {
  const departments = new Map(corp.departments.map((d) => [d.id, d]));
  const children = new Map<number, number[]>();
  for (const d of corp.departments) {
    const list = children.get(d.parentid) ?? [];
    list.push(d.id);
    children.set(d.parentid, list);
  }
  const members = corp.members.map((m) => ({ seed: m, wire: buildMemberWire(corp.corpId, m) }));
  const membersByDepartment = new Map<number, MemberState[]>();
  const leadersByDepartment = new Map<number, MemberState[]>();
  const addTo = (map: Map<number, MemberState[]>, id: number, m: MemberState): void => {
    const list = map.get(id) ?? [];
    list.push(m);
    map.set(id, list);
  };
  for (const m of members) {
    m.seed.department.forEach((id, i) => {
      addTo(membersByDepartment, id, m);
      if (m.seed.isLeaderInDept[i] === 1) addTo(leadersByDepartment, id, m);
    });
  }
  const apps = corp.apps.map((a) => buildApp(corp, a, departments));
  const contactSync = buildContactSync(corp);
  return {
    corpId: corp.corpId,
    apps: new Map(apps.map((a) => [a.agentId, a])),
    appsBySecret: new Map([...apps, ...(contactSync ? [contactSync] : [])].map((a) => [a.seed.secret, a])),
    contactSync,
    members: new Map(members.map((m) => [m.seed.userid, m])),
    membersInOrder: members,
    byMobile: indexBy(members, (m) => m.mobile),
    byEmail: indexBy(members, (m) => m.email),
    byBizMail: indexBy(members, (m) => m.bizMail),
    departments,
    departmentsInOrder: corp.departments,
    children,
    membersByDepartment,
    leadersByDepartment,
    anyAppTrustedDomains: new Set(apps.flatMap((a) => [...a.trustedDomains])),
  };
}

/** The seed, indexed for O(1) lookups. Immutable: a new seed builds a new Directory. */
export class Directory {
  readonly corps: ReadonlyMap<string, CorpState>;
  readonly nonMembers: readonly NormalizedNonMember[];
  readonly nonMemberByOpenid: ReadonlyMap<string, NormalizedNonMember>;

  constructor(readonly seed: NormalizedSeed) {
    this.corps = new Map(seed.corps.map((c) => [c.corpId, buildCorp(c)]));
    this.nonMembers = seed.nonMembers;
    this.nonMemberByOpenid = new Map(seed.nonMembers.map((n) => [n.openid, n]));
  }

  app(corpId: string, agentId: string): AppState | undefined {
    return this.corps.get(corpId)?.apps.get(agentId);
  }
}
