/**
 * Who a message goes to: NocoBase users (by id, or a workflow's user selection) resolved to WeCom userids
 * through their binding to the channel's authenticator, or by phone (`user/getuserid`, cached, never bound);
 * plus WeCom userids and department ids typed in.
 */
import type { Database, Model } from '@nocobase/database';
import { findUsersByMobile } from '../users/match-user';
import { normalizeMobile, WeComApiError, type WeComClient } from '../wecom';
import { describeForAdmin } from '../errors/translate';
import { idList, type WeComChannelMessage } from './message';
import { problem, type Problem } from './problem';

export interface ReceiversLike {
  type?: string;
  value?: unknown;
  channelType?: string;
}

export interface CollectedRecipients {
  userIds: string[];
  touser: string[];
  toparty: string[];
}

/** What our deferred re-send passes as `channel-self-defined` receivers. */
export interface DeferredReceivers {
  touser: string[];
  /** userid → the NocoBase user ids it stands for (for the send log). */
  users: Record<string, string[]>;
  generation: number;
}

type ParseSelection = (config: Array<Record<string, unknown> | number | string>, userRepo: unknown) => Promise<string[]>;

export async function collectRecipients(
  db: Database,
  message: WeComChannelMessage,
  receivers: ReceiversLike | undefined,
  parseUserSelectionConfig: ParseSelection | undefined,
): Promise<CollectedRecipients & { deferred?: DeferredReceivers }> {
  const userIds = new Set<string>();
  const touser = idList(message.touser);
  const toparty = idList(message.toparty);
  let deferred: DeferredReceivers | undefined;
  if (receivers?.type === 'userId') {
    for (const id of Array.isArray(receivers.value) ? receivers.value : []) if (id !== null && id !== undefined && id !== '') userIds.add(String(id));
  } else if (receivers?.type === 'channel-self-defined' && receivers.value && typeof receivers.value === 'object') {
    const value = receivers.value as Partial<DeferredReceivers> & { toparty?: unknown };
    if (value.users) deferred = { touser: idList(value.touser), users: value.users, generation: Number(value.generation) || 0 };
    else touser.push(...idList(value.touser).filter((id) => !touser.includes(id)));
    toparty.push(...idList(value.toparty).filter((id) => !toparty.includes(id)));
  }
  // The workflow node's form puts its user selection inside the message (plugin-workflow-notification).
  if (!deferred && Array.isArray(message.receivers) && message.receivers.length > 0 && parseUserSelectionConfig) {
    for (const id of await parseUserSelectionConfig(message.receivers, db.getRepository('users'))) userIds.add(String(id));
  }
  return { userIds: [...userIds], touser, toparty, deferred };
}

export interface ResolvedUsers {
  /** Lower-cased userid → the userid and the NocoBase users it stands for. */
  members: Map<string, { userid: string; userIds: string[] }>;
  failures: Array<{ who: string; reason: Problem }>;
  /** How many `user/getuserid` calls were made. */
  lookups: number;
}

interface ResolveOptions {
  db: Database;
  cache: { get<T>(key: string): Promise<T | undefined>; set(key: string, value: unknown, ttl?: number): Promise<void> };
  client: () => WeComClient;
  authenticator: string;
  matchByPhone: boolean;
}

const DAY = 24 * 60 * 60 * 1000;
const MISS_TTL = 60 * 60 * 1000;
const NOT_FOUND_ERRCODES = [46004, 60111, 40058];

export const userLabel = (id: string) => `user ${id}`;

export function addMember(members: ResolvedUsers['members'], userid: string, userId?: string) {
  const key = userid.toLowerCase();
  const entry = members.get(key) ?? { userid, userIds: [] };
  if (userId !== undefined && !entry.userIds.includes(userId)) entry.userIds.push(userId);
  members.set(key, entry);
}

/** The WeCom userid of each user, or why there is none. */
export async function resolveUsers(userIds: readonly string[], options: ResolveOptions): Promise<ResolvedUsers> {
  const { db, authenticator } = options;
  const result: ResolvedUsers = { members: new Map(), failures: [], lookups: 0 };
  if (userIds.length === 0) return result;
  const users = await db.getRepository('users').find({ filter: { id: { $in: [...userIds] } }, fields: ['id', 'phone'] });
  const phoneOf = new Map<string, unknown>(users.map((user: Model) => [String(user.get('id')), user.get('phone')]));
  const bindings = await db.getRepository('usersAuthenticators').find({ filter: { authenticator, userId: { $in: [...userIds] } } });
  const boundTo = new Map<string, string>(bindings.map((row: Model) => [String(row.get('userId')), String(row.get('uuid'))]));

  for (const id of userIds) {
    if (!phoneOf.has(id)) {
      result.failures.push({ who: userLabel(id), reason: problem('no such user') });
      continue;
    }
    const bound = boundTo.get(id);
    if (bound) {
      addMember(result.members, bound, id);
      continue;
    }
    const mobile = normalizeMobile(phoneOf.get(id));
    if (!options.matchByPhone || !mobile) {
      result.failures.push({ who: userLabel(id), reason: problem('no WeCom account is bound to them through "{{authenticator}}"', { authenticator }) });
      continue;
    }
    const found = await userIdByMobile(options, mobile, result);
    if ('reason' in found) {
      result.failures.push({ who: userLabel(id), reason: found.reason });
      continue;
    }
    const tie = await findUsersByMobile(db, mobile);
    if (tie.length > 1) {
      result.failures.push({ who: userLabel(id), reason: problem('their phone number is also the phone number of another user, so it cannot tell who they are in WeCom') });
      continue;
    }
    const owner = await db.getRepository('usersAuthenticators').findOne({ filter: { authenticator, uuid: found.userid } });
    if (owner && String(owner.get('userId')) !== id) {
      result.failures.push({ who: userLabel(id), reason: problem('the WeCom member with their phone number is bound to another user') });
      continue;
    }
    addMember(result.members, found.userid, id);
  }
  return result;
}

/** `user/getuserid`, cached per authenticator and phone: found for a day, not found for an hour. */
async function userIdByMobile(options: ResolveOptions, mobile: string, result: ResolvedUsers): Promise<{ userid: string } | { reason: Problem }> {
  const key = `wecom:userid-by-mobile:${options.authenticator}:${mobile}`;
  const notFound = { reason: problem('no WeCom account is bound to them and no WeCom member has their phone number') };
  const cached = await options.cache.get<{ userid?: string }>(key);
  if (cached) return cached.userid ? { userid: cached.userid } : notFound;
  try {
    result.lookups += 1;
    const userid = await options.client().getUserIdByMobile(mobile);
    await options.cache.set(key, { userid }, DAY);
    return { userid };
  } catch (error) {
    if (error instanceof WeComApiError && NOT_FOUND_ERRCODES.includes(error.errcode)) {
      await options.cache.set(key, {}, MISS_TTL);
      return notFound;
    }
    const description = describeForAdmin(error);
    return { reason: problem(description.message, description.params) };
  }
}
