import { createHash } from 'node:crypto';
import { NormalizedMember, SensitiveField } from '../seed/types';

/** Member fields withheld from `user/get` and `user/list` for apps created from 2022-06-20 20:00 +08:00 (A6). */
export const DIRECTORY_SENSITIVE_KEYS = [
  'avatar',
  'thumb_avatar',
  'gender',
  'mobile',
  'email',
  'biz_mail',
  'qr_code',
  'address',
] as const;

/** What `auth/getuserdetail` can return besides `userid`, in the order of WeCom's documented example (A5). */
export const DETAIL_FIELD_ORDER: readonly SensitiveField[] = ['gender', 'avatar', 'qr_code', 'mobile', 'email', 'biz_mail', 'address'];

export interface MemberWire {
  /** `user/get` / `user/list` item for apps created before the 2022 change. */
  full: Readonly<Record<string, unknown>>;
  /** The same without the sensitive fields, for newer apps. */
  restricted: Readonly<Record<string, unknown>>;
  /** `user/simplelist` item. */
  simple: Readonly<Record<string, unknown>>;
  /** Every field `auth/getuserdetail` may return; the route picks the app's sensitive fields. */
  detail: Readonly<Record<SensitiveField, string>>;
  deviceId: string;
}

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

function thumbnailOf(avatar: string): string {
  if (avatar === '') return '';
  return avatar.endsWith('/0') ? `${avatar.slice(0, -2)}/100` : avatar;
}

export function buildMemberWire(corpId: string, m: NormalizedMember): MemberWire {
  const hash = digest(corpId, m.userid);
  const openUserid = `wo${Buffer.from(hash.slice(0, 40), 'hex').toString('base64url').slice(0, 26)}`;
  const qrCode = `https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=vc${hash.slice(40, 56)}`;
  const full: Record<string, unknown> = {
    userid: m.userid,
    name: m.name,
    department: [...m.department],
    order: [...m.order],
    position: m.position,
    mobile: m.mobile,
    gender: m.gender,
    email: m.email,
    biz_mail: m.bizMail,
    is_leader_in_dept: [...m.isLeaderInDept],
    direct_leader: [],
    avatar: m.avatar,
    thumb_avatar: thumbnailOf(m.avatar),
    telephone: m.telephone,
    alias: m.alias,
    address: m.address,
    open_userid: openUserid,
    main_department: m.mainDepartment,
    extattr: { attrs: [] },
    status: m.status,
    qr_code: qrCode,
    external_position: '',
    external_profile: { external_corp_name: '', external_attr: [] },
    enable: m.status === 2 ? 0 : 1,
  };
  const restricted: Record<string, unknown> = { ...full };
  for (const key of DIRECTORY_SENSITIVE_KEYS) delete restricted[key];
  return {
    full,
    restricted,
    simple: { userid: m.userid, name: m.name, department: [...m.department], open_userid: openUserid },
    detail: {
      gender: m.gender,
      avatar: m.avatar,
      qr_code: qrCode,
      mobile: m.mobile,
      email: m.email,
      biz_mail: m.bizMail,
      address: m.address,
    },
    deviceId: hash.slice(0, 32).toUpperCase(),
  };
}
