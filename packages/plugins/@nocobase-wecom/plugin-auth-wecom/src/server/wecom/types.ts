/**
 * Our camelCase shapes. WeCom's snake_case (and legacy PascalCase) field names
 * appear only in `parsers.ts`.
 */

/** Who a sign-in code belongs to (`auth/getuserinfo`, docs/wecom-protocol.md A4.1). */
export type CodeIdentity =
  | {
      kind: 'member';
      /** The stable binding key. For linked corps it has the form `CorpId/userid`. */
      userId: string;
      /** Only for in-client `snsapi_privateinfo` sign-ins with consent; valid 1800 s. */
      userTicket?: string;
    }
  | {
      /** Not a member of the corp, e.g. the link was opened in personal WeChat (docs/wecom-protocol.md A2). */
      kind: 'nonMember';
      openId: string;
      externalUserId?: string;
    };

export type Gender = 'male' | 'female';

/** Sensitive fields released by a user_ticket (`auth/getuserdetail`, docs/wecom-protocol.md A5). No name. */
export interface UserDetail {
  userId: string;
  mobile?: string;
  email?: string;
  bizMail?: string;
  avatar?: string;
}

/** `status` of a member: 1 active, 2 disabled, 4 not activated, 5 left (docs/wecom-protocol.md A6). */
export type MemberStatus = 'active' | 'disabled' | 'notActivated' | 'left' | 'unknown';

/**
 * A member from `user/get` (docs/wecom-protocol.md A6). Apps created after 2022-06-20 do
 * not receive mobile, email, bizMail, avatar, gender or address here.
 */
export interface Member {
  userId: string;
  name: string;
  status: MemberStatus;
  mobile?: string;
  email?: string;
  bizMail?: string;
  avatar?: string;
  thumbAvatar?: string;
  gender?: Gender;
  alias?: string;
  position?: string;
  openUserId?: string;
  departmentIds: number[];
  mainDepartmentId?: number;
}

/** Result of a successful `checkCredentials()`. */
export interface CredentialCheck {
  /** Lifetime WeCom gave the freshly fetched token. */
  tokenExpiresInSeconds: number;
  /** The data call used as a probe. */
  probeEndpoint: string;
}
