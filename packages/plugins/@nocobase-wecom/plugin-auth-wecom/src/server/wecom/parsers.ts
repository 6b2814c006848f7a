import type { ResponseFields } from './response-fields';
import type { CodeIdentity, Gender, Member, MemberStatus, UserDetail } from './types';
import type { FetchedAccessToken } from './token-cache';

/** `gettoken` → `{ access_token, expires_in }` (docs/wecom-protocol.md A1). */
export function parseAccessToken(fields: ResponseFields): FetchedAccessToken {
  const token = fields.requiredString('access_token');
  const expiresInSeconds = fields.requiredNumber('expires_in');
  if (expiresInSeconds <= 0) throw fields.invalidField('expires_in', 'a positive number');
  return { token, expiresInSeconds };
}

/**
 * `auth/getuserinfo` answers `userid` / `openid`; the legacy `user/getuserinfo`
 * answers `UserId` / `OpenId`. Both are accepted (docs/wecom-protocol.md A4.1, A4.2).
 */
export function parseCodeIdentity(fields: ResponseFields): CodeIdentity {
  const userId = fields.firstString(['userid', 'UserId']);
  if (userId !== undefined) {
    const userTicket = fields.optionalString('user_ticket');
    return userTicket === undefined ? { kind: 'member', userId } : { kind: 'member', userId, userTicket };
  }
  const openId = fields.firstString(['openid', 'OpenId']);
  if (openId !== undefined) {
    const externalUserId = fields.optionalString('external_userid');
    return externalUserId === undefined
      ? { kind: 'nonMember', openId }
      : { kind: 'nonMember', openId, externalUserId };
  }
  throw fields.invalidField('userid', 'a non-empty string (nor is "openid" present)');
}

/** `auth/getuserdetail` (docs/wecom-protocol.md A5). */
export function parseUserDetail(fields: ResponseFields): UserDetail {
  return withoutUndefined({
    userId: fields.requiredString('userid'),
    mobile: fields.optionalString('mobile'),
    email: fields.optionalString('email'),
    bizMail: fields.optionalString('biz_mail'),
    avatar: fields.optionalString('avatar'),
  });
}

/** `user/get` (docs/wecom-protocol.md A6). */
export function parseMember(fields: ResponseFields): Member {
  return withoutUndefined({
    userId: fields.requiredString('userid'),
    name: fields.requiredString('name'),
    status: toMemberStatus(fields.requiredNumber('status')),
    mobile: fields.optionalString('mobile'),
    email: fields.optionalString('email'),
    bizMail: fields.optionalString('biz_mail'),
    avatar: fields.optionalString('avatar'),
    thumbAvatar: fields.optionalString('thumb_avatar'),
    gender: toGender(fields.optionalNumeric('gender')),
    alias: fields.optionalString('alias'),
    position: fields.optionalString('position'),
    openUserId: fields.optionalString('open_userid'),
    departmentIds: fields.numberList('department'),
    mainDepartmentId: fields.optionalNumber('main_department'),
  });
}

/** `user/getuserid` → `{ userid }` (docs/wecom-protocol.md A6). */
export function parseUserId(fields: ResponseFields): string {
  return fields.requiredString('userid');
}

function toGender(code: number | undefined): Gender | undefined {
  if (code === 1) return 'male';
  if (code === 2) return 'female';
  return undefined; // 0 or absent: not set, or not released to this app
}

function toMemberStatus(code: number): MemberStatus {
  switch (code) {
    case 1:
      return 'active';
    case 2:
      return 'disabled';
    case 4:
      return 'notActivated';
    case 5:
      return 'left';
    default:
      return 'unknown';
  }
}

/** Drops keys whose value is undefined, so results compare and serialise cleanly. */
function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value)) {
    if (Reflect.get(value, key) === undefined) Reflect.deleteProperty(value, key);
  }
  return value;
}
