/**
 * The seed: the corps, apps, members and departments the emulator serves.
 * Written in camelCase; the emulator answers with WeCom's own names on the wire.
 */

/** Sensitive fields an admin can tick for an app (A5); `user/get` hides them for post-2022 apps (A6). */
export type SensitiveField = 'mobile' | 'email' | 'biz_mail' | 'avatar' | 'gender' | 'address' | 'qr_code';

export const SENSITIVE_FIELDS: readonly SensitiveField[] = [
  'mobile',
  'email',
  'biz_mail',
  'avatar',
  'gender',
  'address',
  'qr_code',
];

/** WeCom member status (A6): 1 activated, 2 disabled, 4 not activated, 5 left the company. */
export type MemberStatus = 1 | 2 | 4 | 5;

/** "0" undefined, "1" male, "2" female. WeCom sends it as a string. */
export type Gender = '0' | '1' | '2';

export interface Seed {
  corps: SeedCorp[];
  /** People who open the in-client OAuth page in personal WeChat: they resolve to an `openid`. */
  nonMembers?: SeedNonMember[];
}

export interface SeedCorp {
  corpId: string;
  /**
   * The contact-sync tool's secret (通讯录同步 Secret, C0.3). Its token reads the whole corp, ignoring visible
   * ranges, and is the only one that may call `user/list_id`. Must differ from the apps' secrets. Default: none.
   */
  contactsSecret?: string;
  apps?: SeedApp[];
  members?: SeedMember[];
  /** Defaults to a single root department `{ id: 1, name: corpId, parentid: 0 }`. */
  departments?: SeedDepartment[];
  /** Where contact-change events go (the contact-sync tool's receiver, C0.2). Saved without the URL handshake. */
  eventReceiver?: SeedEventReceiver;
}

export interface SeedEventReceiver {
  /** http(s) URL; WeCom adds `msg_signature`, `timestamp`, `nonce` (and `echostr`) to its query. */
  url: string;
  /** 1–32 letters or digits. */
  token: string;
  /** 43 characters of base64 (C2.3). */
  encodingAESKey: string;
  /**
   * Default true: events carry IDs only, as WeCom sends them to sync-tool receivers set after 2022-08-15
   * (C2.5 quirks); false sends every field.
   */
  idsOnly?: boolean;
}

export interface SeedApp {
  /** A number or a string of digits; normalised to a string of digits. */
  agentId: number | string;
  secret: string;
  name?: string;
  /** ISO 8601. Apps created at or after 2022-06-20T20:00+08:00 lose sensitive fields in `user/get` (A6). Default 2024-01-01T00:00:00+08:00. */
  createdAt?: string;
  /** Default true. A disabled app gets 50003 from gettoken. */
  enabled?: boolean;
  /** "host" or "host:port", exact match including the port (A2). Used by the in-client OAuth page. */
  trustedDomains?: string[];
  /** The web-login callback domains (A3.1); web login accepts these and the trusted domains. */
  webLoginDomains?: string[];
  /** Empty (the default) allows any caller IP. */
  trustedIps?: string[];
  /** Default "all". */
  visibleUserIds?: 'all' | string[];
  /** Fields the admin enabled for `auth/getuserdetail`. Default none. */
  sensitiveFields?: SensitiveField[];
}

export interface SeedMember {
  userid: string;
  name: string;
  mobile?: string;
  email?: string;
  bizMail?: string;
  avatar?: string;
  /** 0/1/2 as a number or a string; sent as a string. Default "0". */
  gender?: Gender | 0 | 1 | 2;
  /** Default 1 (activated). */
  status?: MemberStatus;
  /** Department ids; default [1]. */
  department?: number[];
  /** Parallel to `department`: 1 where the member leads that department. Default all 0. */
  isLeaderInDept?: (0 | 1)[];
  /** One of `department`; default its first. */
  mainDepartment?: number;
  /** Parallel to `department`: the member's order in each (larger sorts first). Default all 0. */
  order?: number[];
  position?: string;
  alias?: string;
  telephone?: string;
  address?: string;
}

export interface SeedDepartment {
  id: number;
  name: string;
  nameEn?: string;
  /** 0 for the root department. */
  parentid: number;
  order?: number;
}

export interface SeedNonMember {
  openid: string;
  externalUserId?: string;
}

/** The seed after validation: every optional field filled in, agentIds as digit strings. */
export interface NormalizedSeed {
  corps: NormalizedCorp[];
  nonMembers: NormalizedNonMember[];
}

export interface NormalizedCorp {
  corpId: string;
  contactsSecret: string | null;
  apps: NormalizedApp[];
  members: NormalizedMember[];
  departments: NormalizedDepartment[];
  eventReceiver: NormalizedEventReceiver | null;
}

export interface NormalizedEventReceiver {
  url: string;
  token: string;
  encodingAESKey: string;
  idsOnly: boolean;
}

export interface NormalizedApp {
  agentId: string;
  secret: string;
  name: string;
  createdAt: string;
  enabled: boolean;
  trustedDomains: string[];
  webLoginDomains: string[];
  trustedIps: string[];
  visibleUserIds: 'all' | string[];
  sensitiveFields: SensitiveField[];
}

export interface NormalizedMember {
  userid: string;
  name: string;
  mobile: string;
  email: string;
  bizMail: string;
  avatar: string;
  gender: Gender;
  status: MemberStatus;
  department: number[];
  isLeaderInDept: (0 | 1)[];
  mainDepartment: number;
  order: number[];
  position: string;
  alias: string;
  telephone: string;
  address: string;
}

export interface NormalizedDepartment {
  id: number;
  name: string;
  nameEn: string;
  parentid: number;
  order: number;
}

export interface NormalizedNonMember {
  openid: string;
  externalUserId: string | null;
}
