export type ClientKind = 'wecom' | 'wechat' | 'browser';

const WECOM = /wxwork\/[\d.]+/i;
const WECHAT = /micromessenger/i;

/**
 * Which browser a sign-in starts in (docs/wecom-protocol.md A8). WeCom is tested first:
 * every WeCom User-Agent also contains `MicroMessenger`. Personal WeChat is
 * not WeCom: the corp OAuth there yields a non-member `openid`.
 */
export function detectClient(userAgent: string | undefined): ClientKind {
  const ua = userAgent ?? '';
  if (WECOM.test(ua)) return 'wecom';
  if (WECHAT.test(ua)) return 'wechat';
  return 'browser';
}
