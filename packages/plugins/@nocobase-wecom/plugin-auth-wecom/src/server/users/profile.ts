import { signInError } from '../errors/sign-in-error';
import type { WeComClient } from '../wecom';

/** What we know about a WeCom member who is not bound yet. */
export interface WeComProfile {
  userId: string;
  name: string;
  avatar?: string;
  mobile?: string;
  email?: string;
  bizMail?: string;
  openUserId?: string;
}

/**
 * `user/get` for the name and status (disabled and departed members are
 * refused before anything sensitive is read), then the consented fields from
 * the user_ticket when there is one. Apps created after 2022-06-20 get no
 * mobile from `user/get`.
 */
export async function loadProfile(client: WeComClient, userId: string, userTicket: string | undefined): Promise<WeComProfile> {
  const member = await client.getUser(userId);
  if (member.status === 'disabled') throw signInError.memberDisabled();
  if (member.status === 'left') throw signInError.memberLeft();
  const detail = userTicket ? await client.getUserDetail(userTicket) : undefined;
  return {
    userId,
    name: member.name || userId,
    avatar: detail?.avatar ?? member.avatar ?? member.thumbAvatar,
    mobile: detail?.mobile ?? member.mobile,
    email: detail?.email ?? member.email,
    bizMail: detail?.bizMail ?? member.bizMail,
    openUserId: member.openUserId,
  };
}
