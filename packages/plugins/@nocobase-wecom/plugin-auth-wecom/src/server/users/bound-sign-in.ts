import type { Context } from '@nocobase/actions';
import type { Model } from '@nocobase/database';
import { signInError } from '../errors/sign-in-error';
import type { AuthenticatorSettings } from '../options';
import { WeComApiError, type WeComClient } from '../wecom';
import { bindingsOf, departureOf, markDeparted } from './departure';

/** A binding younger than this has fresh names: sign-in makes no `user/get` for it. */
export const PROFILE_REFRESH_EVERY_MS = 24 * 60 * 60_000;
/** 60111: no such userid (deleted from the directory). */
const USER_NOT_FOUND = 60111;

function refuse(reason: 'left' | 'disabled') {
  return reason === 'disabled' ? signInError.memberDisabled() : signInError.memberLeft();
}

function ageOf(binding: Model): number {
  const updatedAt = binding.get('updatedAt') ?? binding.get('createdAt');
  const time = updatedAt instanceof Date ? updatedAt.getTime() : Date.parse(String(updatedAt));
  return Number.isFinite(time) ? Date.now() - time : Infinity;
}

/**
 * The checks and updates of a bound member's sign-in, after WeCom named them:
 * - a binding marked departed (a sync saw the member leave, or `user/get` said so) is refused, and kept;
 * - at most once a day, with "update name and avatar" on, `user/get` refreshes the binding's name and avatar and
 *   the user's nickname while the user has not edited it (it still equals the name we set last). Phone, email
 *   and username are never touched. A member `user/get` reports gone, left or disabled is refused and marked.
 * A refresh WeCom can't answer for another reason does not stop the sign-in.
 */
export async function checkBoundMember(ctx: Context, authenticator: string, userid: string, user: Model, client: WeComClient, options: AuthenticatorSettings) {
  const [binding] = (await bindingsOf(ctx.db, authenticator, userid)).filter((row) => row.get('userId') === user.get('id'));
  if (!binding) return;
  const departed = departureOf(binding.get('meta'));
  if (departed) throw refuse(departed.reason);
  if (options.refreshProfile === false || ageOf(binding) < PROFILE_REFRESH_EVERY_MS) return;

  let member;
  try {
    member = await client.getUser(userid);
  } catch (error) {
    if (error instanceof WeComApiError && error.errcode === USER_NOT_FOUND) {
      await markDeparted(ctx.db, authenticator, userid, 'left');
      throw refuse('left');
    }
    (ctx.logger ?? ctx.app?.logger)?.warn?.('WeCom profile refresh skipped', { authenticator, userid, error: error instanceof Error ? error.message : String(error) });
    return;
  }
  if (member.status === 'left' || member.status === 'disabled') {
    await markDeparted(ctx.db, authenticator, userid, member.status);
    throw refuse(member.status);
  }
  const name = member.name || userid;
  const avatar = member.avatar ?? member.thumbAvatar ?? binding.get('avatar') ?? '';
  const where = { authenticator, uuid: binding.get('uuid'), userId: binding.get('userId') };
  // A bulk update sets updatedAt even when nothing else changed: it is the refresh's clock.
  await ctx.db.getModel('usersAuthenticators').update({ nickname: name, avatar }, { where });
  const previous = binding.get('nickname');
  if (name !== previous && user.get('nickname') === previous) {
    await ctx.db.getRepository('users').update({ filterByTk: user.get('id'), values: { nickname: name } });
    user.set('nickname', name);
  }
}
