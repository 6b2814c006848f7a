/**
 * How a "link WeCom to my account" flow ended: the server puts one of these in `?wecom_link=` of the page the
 * link started from, and the user center turns it into a translated message. A fixed set of flags, never a
 * text, so a crafted address cannot make the page say anything else.
 */
export const LINK_RESULT_PARAM = 'wecom_link';

export const LINK_RESULT_MESSAGES = {
  linked: 'Your account is now linked to WeCom.',
  'member-taken': 'This WeCom account is already linked to another user. Please contact your administrator.',
  'user-linked': 'Your account is already linked to another WeCom account. Unlink it first.',
  'not-member': 'This WeChat account is not a member of the company. Please sign in with your WeCom account.',
  'member-disabled': 'Your WeCom account is disabled. Please contact your administrator.',
  'member-left': 'Your WeCom account is no longer a member of the company. Please contact your administrator.',
  failed: 'WeCom could not be linked. Please try again or contact your administrator.',
} as const;

export type LinkResult = keyof typeof LINK_RESULT_MESSAGES;

export function isLinkResult(value: unknown): value is LinkResult {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(LINK_RESULT_MESSAGES, value);
}
