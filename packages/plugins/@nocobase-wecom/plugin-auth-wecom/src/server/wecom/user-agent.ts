export type ClientKind = 'wecom' | 'wechat' | 'browser';

export interface ClientDetails {
  kind: ClientKind;
  device: 'mobile' | 'desktop';
  /** e.g. `4.1.30`, only for WeCom. */
  weComVersion?: string;
}

const WECOM_VERSION = /wxwork\/([\d.]+)/i;
const WECHAT = /micromessenger/i;
const MOBILE = /\b(Mobile|Android|iPhone|iPad)\b/i;

/**
 * Which browser a sign-in starts in (reference A8). WeCom is tested first:
 * every WeCom User-Agent also contains `MicroMessenger`. Personal WeChat is
 * not WeCom: the corp OAuth there yields a non-member `openid`.
 */
export function detectClient(userAgent: string | undefined): ClientKind {
  return describeClient(userAgent).kind;
}

export function describeClient(userAgent: string | undefined): ClientDetails {
  const ua = userAgent ?? '';
  const device = MOBILE.test(ua) ? 'mobile' : 'desktop';
  const weComVersion = WECOM_VERSION.exec(ua)?.[1];
  if (weComVersion !== undefined) return { kind: 'wecom', device, weComVersion };
  if (WECHAT.test(ua)) return { kind: 'wechat', device };
  return { kind: 'browser', device };
}
