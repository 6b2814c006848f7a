import { PageReply, page } from '../http/reply';
import { PAGE_MESSAGES, errorPage } from '../pages/error-page';
import { Behaviour } from '../options';
import { MemberState } from '../state/directory';

export const USERID_COOKIE = 'emulator_userid';

/**
 * A member who is not active cannot finish a login: not activated (4) or left (5). A disabled member (2)
 * gets through unless `disabledMemberLogin` is 'error-page', so that the relying party's refusal can be tested.
 */
export function inactiveMemberPage(member: MemberState, behaviour: Behaviour): PageReply | null {
  const { status, userid } = member.seed;
  if (status === 1 || (status === 2 && behaviour.disabledMemberLogin === 'allow')) return null;
  const message = status === 2 ? PAGE_MESSAGES.memberDisabled : status === 4 ? PAGE_MESSAGES.memberInactive : PAGE_MESSAGES.memberLeft;
  return page(errorPage(message, `userid: ${userid}`));
}

export function cookieValue(cookieHeader: string, name: string): string | undefined {
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function userCookie(userid: string): string {
  return `${USERID_COOKIE}=${encodeURIComponent(userid)}; Path=/; SameSite=Lax; HttpOnly`;
}

/** agentid as the pages accept it: digits, normalised like the seed's. */
export function normaliseAgentId(text: string): string | null {
  return /^\d{1,15}$/.test(text) ? String(Number(text)) : null;
}
