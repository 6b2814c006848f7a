/**
 * The `wecom` notification channel (plugin-notification-manager): sends app messages as the WeCom app of the
 * authenticator the channel names. See README "Notifications".
 */
import type { Database } from '@nocobase/database';
import type { Application } from '@nocobase/server';
import { CHANNEL_FIELDS, CHANNEL_TYPE } from '../../common/settings/channel';
import { readSettings } from '../../common/settings/model';
import { namespace } from '../../constants';
import { setupLinksOf, storedWeComSettings } from '../authenticators';
import { describeForAdmin } from '../errors/translate';
import { sanitizeRedirect } from '../flow/redirect-target';
import type { AuthenticatorSettings } from '../options';
import { getWeComClient } from '../wecom-clients';
import { MAX_PARTIES_PER_SEND, MAX_USERS_PER_SEND, WeComApiError, type WeComClient } from '../wecom';
import { notificationClock } from './clock';
import { buildMessageBody, type WeComChannelMessage } from './message';
import { ChannelProblem, problem, type Problem } from './problem';
import { reserveSends } from './rate-limit';
import { ownCache } from '../own-cache';
import { deferSend } from './deferred-sends';
import { addMember, collectRecipients, resolveUsers, userLabel, type DeferredReceivers, type ReceiversLike } from './recipients';

/** How many times a member may be deferred for one message before it is reported as not delivered. */
const MAX_GENERATIONS = 24;
/** Same request within this many seconds: WeCom delivers it once (so a retry after a timeout is not doubled). */
const DUPLICATE_CHECK_SECONDS = 30;
const ALL_INVALID_ERRCODES = [81013, 82001];
/** How many names a reason lists per group before "and N more". */
const LIST_LIMIT = 10;
/** `user/getuserid` answers kept in memory (one node): a corp's phone-resolved users, with room to spare. */
const USERID_LOOKUPS_MAX = 200_000;

export interface ChannelRecord {
  name: string;
  options: Record<string, unknown>;
  notificationType?: string;
}

export interface SendResult {
  message: WeComChannelMessage;
  status: 'success' | 'failure';
  reason?: string;
}

type Translate = (key: string, params?: Record<string, string>) => string;

interface Failure {
  who: string;
  reason: Problem;
}

function interpolate(text: string, params: Record<string, string> = {}): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => params[name] ?? whole);
}

async function translatorFor(app: Application): Promise<Translate> {
  const fallback: Translate = (key, params) => interpolate(key, params);
  try {
    const lng = app.i18n?.language || 'en-US';
    const localeManager = app.localeManager;
    if (!localeManager) return fallback;
    const i18n = await localeManager.getI18nInstance(lng);
    await localeManager.loadResourcesByLang(lng);
    return (key, params) => String(i18n.t(key, { ns: namespace, lng, ...params, interpolation: { escapeValue: false } }));
  } catch {
    return fallback;
  }
}

type ManagerModule = {
  default: new (...args: never[]) => { sendNow(options: Record<string, unknown>): Promise<unknown> };
  parseUserSelectionConfig?: (config: Array<Record<string, unknown> | number | string>, repo: unknown) => Promise<string[]>;
};

/** The notification manager, resolved at run time: our plugin works without it. */
export function managerModule(): ManagerModule | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@nocobase/plugin-notification-manager') as ManagerModule;
  } catch {
    return undefined;
  }
}

interface LoadedChannelAuthenticator {
  name: string;
  settings: AuthenticatorSettings;
}

async function loadChannelAuthenticator(app: Application, channel: ChannelRecord): Promise<LoadedChannelAuthenticator> {
  const { authenticator: name } = readSettings(CHANNEL_FIELDS, channel.options);
  if (!name) throw new ChannelProblem(problem('The channel has no WeCom authenticator. Edit the channel and select one.'));
  const settings = await storedWeComSettings(app, name);
  if (!settings) throw new ChannelProblem(problem('The WeCom authenticator "{{authenticator}}" of this channel does not exist.', { authenticator: name }));
  if (!settings.corpId || !settings.agentId || !settings.secret) {
    throw new ChannelProblem(problem('The WeCom authenticator "{{authenticator}}" has no Company ID, AgentId or Secret yet.', { authenticator: name }));
  }
  return { name, settings };
}

/** An in-app path → our `wecom:entry` link, which signs the member in and opens it; http(s) links unchanged. */
function linkResolver(loaded: LoadedChannelAuthenticator) {
  return (url: string, field: string): string => {
    if (/^https?:\/\//i.test(url)) {
      try {
        new URL(url);
        return url;
      } catch {
        throw new ChannelProblem(problem('The link in {{field}} is not a valid address: {{url}}', { field, url }));
      }
    }
    if (url.startsWith('/')) {
      const target = sanitizeRedirect(url);
      if (!target) throw new ChannelProblem(problem('The link in {{field}} is not a page of this app: {{url}}', { field, url }));
      const links = loaded.settings.origin ? setupLinksOf(loaded.name, { origin: loaded.settings.origin, redirectPath: target }) : undefined;
      if (!links) {
        throw new ChannelProblem(problem('The link in {{field}} is a page of this app, but the WeCom authenticator "{{authenticator}}" has no Origin to build it from.', { field, authenticator: loaded.name }));
      }
      return links.homepageUrl;
    }
    throw new ChannelProblem(problem('The link in {{field}} must be an http(s) address or a page of this app (a path such as /admin/…), not {{url}}', { field, url }));
  };
}

function describeProblem(error: unknown): Problem {
  if (error instanceof ChannelProblem) return error.problem;
  const description = describeForAdmin(error);
  return problem(description.message, description.params);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}

export class WeComNotificationChannel {
  constructor(protected app: Application) {}

  async send(params: { channel: ChannelRecord; message: WeComChannelMessage; receivers?: ReceiversLike }): Promise<SendResult> {
    const { channel, message, receivers } = params;
    const t = await translatorFor(this.app);
    try {
      return await this.#send(channel, message ?? {}, receivers, t);
    } catch (error) {
      const reason = describeProblem(error);
      if (!(error instanceof ChannelProblem)) this.app.logger?.warn?.('WeCom notification failed', { channel: channel?.name, error: String(error) });
      return { message, status: 'failure', reason: t(reason.message, reason.params) };
    }
  }

  async #send(channel: ChannelRecord, message: WeComChannelMessage, receivers: ReceiversLike | undefined, t: Translate): Promise<SendResult> {
    const loaded = await loadChannelAuthenticator(this.app, channel);
    const body = buildMessageBody(message, linkResolver(loaded));
    const db = this.app.db as Database;
    const manager = managerModule();
    const collected = await collectRecipients(db, message, receivers, manager?.parseUserSelectionConfig);
    let client: WeComClient | undefined;
    const clientOf = () => (client ??= getWeComClient(this.app, loaded.settings));

    const failures: Failure[] = [];
    const members = new Map<string, { userid: string; userIds: string[] }>();
    if (collected.deferred) {
      for (const userid of collected.deferred.touser) {
        const userIds = collected.deferred.users[userid] ?? [];
        if (userIds.length === 0) addMember(members, userid);
        for (const id of userIds) addMember(members, userid, id);
      }
    } else {
      const resolved = await resolveUsers(collected.userIds, {
        db,
        cache: await ownCache(this.app, 'wecom-userid-by-mobile', USERID_LOOKUPS_MAX),
        client: clientOf,
        authenticator: loaded.name,
        matchByPhone: loaded.settings.matchByPhone,
      });
      failures.push(...resolved.failures);
      for (const [key, value] of resolved.members) members.set(key, value);
      for (const userid of collected.touser) addMember(members, userid);
    }
    const total = members.size + failures.length + collected.toparty.length;
    if (total === 0) throw new ChannelProblem(problem('The message has no recipients.'));

    const whoOf = (key: string) => {
      const member = members.get(key);
      if (!member) return key;
      return member.userIds.length > 0 ? member.userIds.map(userLabel).join(', ') : `WeCom userid ${member.userid}`;
    };

    const clock = notificationClock();
    const appKey = `${loaded.settings.corpId}:${loaded.settings.agentId}`;
    const reservation = await reserveSends(this.app, appKey, [...members.keys()], clock.now());
    const generation = collected.deferred?.generation ?? 0;
    const deferred = reservation.deferred;
    if (deferred.length > 0 && generation >= MAX_GENERATIONS) {
      for (const { userid } of deferred) failures.push({ who: whoOf(userid), reason: problem("WeCom's per-member message limit kept it back too many times") });
      deferred.length = 0;
    }

    let delivered = 0;
    const userBatches = chunk(reservation.allowed, MAX_USERS_PER_SEND);
    const partyBatches = chunk(collected.toparty, MAX_PARTIES_PER_SEND);
    const batches = Math.max(userBatches.length, partyBatches.length);
    for (let index = 0; index < batches; index += 1) {
      const users = userBatches[index] ?? [];
      const parties = partyBatches[index] ?? [];
      try {
        const sent = await clientOf().sendMessage({
          ...(users.length > 0 ? { touser: users.map((key) => members.get(key)?.userid ?? key).join('|') } : {}),
          ...(parties.length > 0 ? { toparty: parties.join('|') } : {}),
          ...body,
          enable_duplicate_check: 1,
          duplicate_check_interval: DUPLICATE_CHECK_SECONDS,
        });
        const invalidUsers = new Set(sent.invalidUsers.map((userid) => userid.toLowerCase()));
        const invalidParties = new Set(sent.invalidParties);
        for (const key of users) {
          if (invalidUsers.has(key)) failures.push({ who: whoOf(key), reason: problem("WeCom does not know them or they are outside the app's visible range") });
          else delivered += 1;
        }
        for (const party of parties) {
          if (invalidParties.has(party)) failures.push({ who: `WeCom department ${party}`, reason: problem("WeCom does not know the department or none of its members is in the app's visible range") });
          else delivered += 1;
        }
      } catch (error) {
        if (error instanceof WeComApiError && ALL_INVALID_ERRCODES.includes(error.errcode)) {
          for (const key of users) failures.push({ who: whoOf(key), reason: problem("WeCom does not know them or they are outside the app's visible range") });
          for (const party of parties) failures.push({ who: `WeCom department ${party}`, reason: problem("WeCom does not know the department or none of its members is in the app's visible range") });
          continue;
        }
        // Anything else (IP not trusted, secret, app disabled, busy after the retries…) fails the rest alike.
        const reason = describeProblem(error);
        for (const rest of userBatches.slice(index)) for (const key of rest) failures.push({ who: whoOf(key), reason });
        for (const rest of partyBatches.slice(index)) for (const party of rest) failures.push({ who: `WeCom department ${party}`, reason });
        break;
      }
    }

    let deferredUntil: number | undefined;
    if (deferred.length > 0) {
      deferredUntil = Math.min(...deferred.map((item) => item.at));
      await this.#deferResend(channel, message, deferred.map((item) => item.userid), members, generation + 1, deferredUntil);
    }
    return this.#result(message, { total, delivered, failures, deferred: deferred.map((item) => whoOf(item.userid)), deferredUntil }, t);
  }

  /** Keeps the held-back recipients for a re-send once WeCom's window has room (deferred-sends.ts). */
  async #deferResend(channel: ChannelRecord, message: WeComChannelMessage, keys: string[], members: Map<string, { userid: string; userIds: string[] }>, generation: number, at: number) {
    const value: DeferredReceivers = { touser: [], users: {}, generation };
    for (const key of keys) {
      const member = members.get(key);
      const userid = member?.userid ?? key;
      value.touser.push(userid);
      value.users[userid] = member?.userIds ?? [];
    }
    // The re-send carries its recipients in `receivers`; the message's own recipients would reach everyone again.
    const { receivers: _receivers, touser: _touser, toparty: _toparty, ...content } = message;
    await deferSend(this.app, channel.name, content, value, at);
  }

  #result(
    message: WeComChannelMessage,
    summary: { total: number; delivered: number; failures: Failure[]; deferred: string[]; deferredUntil?: number },
    t: Translate,
  ): SendResult {
    const parts: string[] = [];
    const list = (names: string[]) =>
      names.length > LIST_LIMIT ? `${names.slice(0, LIST_LIMIT).join(', ')} ${t('and {{count}} more', { count: String(names.length - LIST_LIMIT) })}` : names.join(', ');
    if (summary.failures.length > 0 || summary.deferred.length > 0) {
      parts.push(t('Delivered to {{delivered}} of {{total}} recipients.', { delivered: String(summary.delivered), total: String(summary.total) }));
    }
    const groups = new Map<string, { text: string; who: string[] }>();
    for (const failure of summary.failures) {
      const text = t(failure.reason.message, failure.reason.params);
      const group = groups.get(text) ?? { text, who: [] };
      group.who.push(failure.who);
      groups.set(text, group);
    }
    for (const group of groups.values()) parts.push(t('Not delivered to {{who}}: {{reason}}', { who: list(group.who), reason: group.text }));
    if (summary.deferred.length > 0) {
      parts.push(
        t("Deferred for {{who}}: WeCom allows 30 messages a minute and 1,000 an hour per member; they are sent again at {{time}}.", {
          who: list(summary.deferred),
          time: new Date(summary.deferredUntil ?? 0).toISOString(),
        }),
      );
    }
    return { message, status: summary.failures.length > 0 ? 'failure' : 'success', ...(parts.length > 0 ? { reason: parts.join(' ') } : {}) };
  }
}

export { CHANNEL_TYPE };
