/**
 * Our camelCase shapes. WeCom's snake_case (and legacy PascalCase) field names
 * appear only in `parsers.ts`.
 */

/** Who a sign-in code belongs to (`auth/getuserinfo`, reference A4.1). */
export type CodeIdentity =
  | {
      kind: 'member';
      /** The stable binding key. For linked corps it has the form `CorpId/userid`. */
      userId: string;
      /** Only for in-client `snsapi_privateinfo` sign-ins with consent; valid 1800 s. */
      userTicket?: string;
    }
  | {
      /** Not a member of the corp, e.g. the link was opened in personal WeChat (reference A2). */
      kind: 'nonMember';
      openId: string;
      externalUserId?: string;
    };

export type Gender = 'male' | 'female';

/** Sensitive fields released by a user_ticket (`auth/getuserdetail`, reference A5). No name. */
export interface UserDetail {
  userId: string;
  mobile?: string;
  email?: string;
  bizMail?: string;
  avatar?: string;
  gender?: Gender;
  address?: string;
  qrCode?: string;
}

/** `status` of a member: 1 active, 2 disabled, 4 not activated, 5 left (reference A6). */
export type MemberStatus = 'active' | 'disabled' | 'notActivated' | 'left' | 'unknown';

/**
 * A member from `user/get` (reference A6). Apps created after 2022-06-20 do
 * not receive mobile, email, bizMail, avatar, gender or address here.
 */
export interface Member {
  userId: string;
  name: string;
  status: MemberStatus;
  /** The raw status number, for logs. */
  statusCode: number;
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
