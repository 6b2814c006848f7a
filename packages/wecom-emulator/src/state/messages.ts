import { randomBytes } from 'node:crypto';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** WeCom's "natural day" is China time. */
const CHINA_OFFSET_MS = 8 * HOUR_MS;
/** Messages can be recalled for 24 hours (C3); older ones are forgotten by the msgid index. */
export const RECALL_WINDOW_MS = DAY_MS;
/** Newest messages kept per member inbox. */
export const INBOX_LIMIT = 1000;
const DUPLICATE_INDEX_LIMIT = 10_000;

/** One app message as stored after `message/send`: shared by every inbox it was delivered to. */
export interface StoredMessage {
  /** Opaque, 64 characters (C3: "about 64 characters"). */
  readonly msgid: string;
  readonly corpId: string;
  /** Digit string, as in the seed. */
  readonly agentId: string;
  readonly appName: string;
  /** Emulator-clock milliseconds. */
  readonly sentAt: number;
  readonly msgtype: string;
  /** The `<msgtype>` object of the request, after WeCom's truncation (text at 2,048 bytes, textcard fields). */
  readonly content: Readonly<Record<string, unknown>>;
  readonly safe: number;
  /** Interactive template cards only (C3). */
  readonly responseCode: string | null;
  /** The members (stored userids) whose inbox got it; the silently dropped ones are not here. */
  readonly deliveredTo: string[];
  recalledAt: number | null;
}

/** What `GET /__emulator/messages` and `emu.messages()` return per message, oldest first. */
export interface InboxMessage {
  msgid: string;
  /** Emulator-clock time of the send, ISO 8601. */
  time: string;
  corpId: string;
  agentid: number;
  appName: string;
  msgtype: string;
  safe: number;
  recalled: boolean;
  recalledAt?: string;
  response_code?: string;
  /** The message fields, under the msgtype's name as in the request: `text: { content }`, `textcard: {…}`, … */
  [msgtypeField: string]: unknown;
}

export function toInboxMessage(m: StoredMessage): InboxMessage {
  const out: InboxMessage = {
    msgid: m.msgid,
    time: new Date(m.sentAt).toISOString(),
    corpId: m.corpId,
    agentid: Number(m.agentId),
    appName: m.appName,
    msgtype: m.msgtype,
    [m.msgtype]: structuredClone(m.content),
    safe: m.safe,
    recalled: m.recalledAt !== null,
  };
  if (m.recalledAt !== null) out.recalledAt = new Date(m.recalledAt).toISOString();
  if (m.responseCode !== null) out.response_code = m.responseCode;
  return out;
}

export interface MemberLimits {
  perMinute: number | null;
  perHour: number | null;
}

function appKey(corpId: string, agentId: string): string {
  return `${corpId}\u0000${agentId}`;
}

/**
 * Everything `message/send` remembers (C3, C4): the sent messages by msgid (for recall), each member's inbox,
 * the per-member delivery times (30/min, 1,000/h per app, sliding windows on the emulator clock), the
 * per-app daily recipient count, task_ids already used, and the duplicate-check index.
 */
export class MessageStore {
  private readonly byMsgid = new Map<string, StoredMessage>();
  /** corpId → lowercased userid → messages, oldest first. */
  private readonly inboxes = new Map<string, Map<string, StoredMessage[]>>();
  /** app + userid → delivery times within the last hour, oldest first. */
  private readonly deliveries = new Map<string, number[]>();
  private readonly daily = new Map<string, { day: number; count: number }>();
  private readonly taskIds = new Map<string, Set<string>>();
  private readonly duplicates = new Map<string, { answer: Readonly<Record<string, unknown>>; until: number }>();

  newMsgid(): string {
    return randomBytes(48).toString('base64url');
  }

  newResponseCode(): string {
    return randomBytes(32).toString('base64url');
  }

  /** Counts a delivery to a member unless it is over a per-member limit (then the copy is dropped). */
  admit(corpId: string, agentId: string, userid: string, now: number, limits: MemberLimits): boolean {
    if (limits.perMinute === null && limits.perHour === null) return true;
    const key = `${appKey(corpId, agentId)}\u0000${userid}`;
    let times = this.deliveries.get(key);
    if (!times) {
      times = [];
      this.deliveries.set(key, times);
    }
    while (times.length > 0 && (times[0] ?? 0) <= now - HOUR_MS) times.shift();
    if (limits.perHour !== null && times.length >= limits.perHour) return false;
    if (limits.perMinute !== null) {
      let lastMinute = 0;
      for (let i = times.length - 1; i >= 0 && (times[i] ?? 0) > now - MINUTE_MS; i--) lastMinute++;
      if (lastMinute >= limits.perMinute) return false;
    }
    times.push(now);
    return true;
  }

  /** Takes `count` recipient-deliveries from the app's daily allowance; false (nothing taken) when it would go over. */
  takeDaily(corpId: string, agentId: string, count: number, limit: number | null, now: number): boolean {
    if (limit === null) return true;
    const key = appKey(corpId, agentId);
    const day = Math.floor((now + CHINA_OFFSET_MS) / DAY_MS);
    let entry = this.daily.get(key);
    if (!entry || entry.day !== day) {
      entry = { day, count: 0 };
      this.daily.set(key, entry);
    }
    if (entry.count + count > limit) return false;
    entry.count += count;
    return true;
  }

  hasTaskId(corpId: string, agentId: string, taskId: string): boolean {
    return this.taskIds.get(appKey(corpId, agentId))?.has(taskId) ?? false;
  }

  /** The answer to an earlier send of the same request JSON within its duplicate-check interval, if any. */
  duplicateOf(key: string, now: number): Readonly<Record<string, unknown>> | undefined {
    const entry = this.duplicates.get(key);
    return entry && entry.until > now ? entry.answer : undefined;
  }

  /** Remembers a send's answer for `enable_duplicate_check` until `until`. */
  rememberDuplicate(key: string, answer: Readonly<Record<string, unknown>>, until: number): void {
    this.duplicates.set(key, { answer, until });
  }

  /** Stores a sent message: indexes it for recall and puts it in each recipient's inbox. */
  record(message: StoredMessage, taskId: string | null): void {
    this.forgetOld(message.sentAt);
    this.byMsgid.set(message.msgid, message);
    const corpInboxes = this.inboxes.get(message.corpId) ?? new Map<string, StoredMessage[]>();
    this.inboxes.set(message.corpId, corpInboxes);
    for (const userid of message.deliveredTo) {
      const key = userid.toLowerCase();
      const inbox = corpInboxes.get(key) ?? [];
      inbox.push(message);
      if (inbox.length > INBOX_LIMIT) inbox.splice(0, inbox.length - INBOX_LIMIT);
      corpInboxes.set(key, inbox);
    }
    if (taskId !== null) {
      const app = appKey(message.corpId, message.agentId);
      const set = this.taskIds.get(app) ?? new Set<string>();
      set.add(taskId);
      this.taskIds.set(app, set);
    }
  }

  lookup(msgid: string): StoredMessage | undefined {
    return this.byMsgid.get(msgid);
  }

  /** A member's messages, oldest first; userids match case-insensitively; all corps unless `corpId`. */
  inbox(userid: string, corpId?: string): StoredMessage[] {
    const key = userid.toLowerCase();
    if (corpId !== undefined) return [...(this.inboxes.get(corpId)?.get(key) ?? [])];
    const all: StoredMessage[] = [];
    for (const corpInboxes of this.inboxes.values()) all.push(...(corpInboxes.get(key) ?? []));
    return all.sort((a, b) => a.sentAt - b.sentAt);
  }

  /** Drops rate counters (with the other sessions on a new seed); inboxes and sent messages stay. */
  clearCounters(): void {
    this.deliveries.clear();
    this.daily.clear();
    this.duplicates.clear();
  }

  clear(): void {
    this.clearCounters();
    this.byMsgid.clear();
    this.inboxes.clear();
    this.taskIds.clear();
  }

  /** The msgid index only needs the recall window; the duplicate index only unexpired entries. */
  private forgetOld(now: number): void {
    for (const [msgid, m] of this.byMsgid) {
      if (m.sentAt > now - RECALL_WINDOW_MS) break;
      this.byMsgid.delete(msgid);
    }
    if (this.duplicates.size > DUPLICATE_INDEX_LIMIT) {
      for (const [key, entry] of this.duplicates) if (entry.until <= now) this.duplicates.delete(key);
    }
  }
}
