/**
 * WeCom's silent per-member limit for app messages: 30 a minute and 1,000 an hour per app and member
 * (docs/wecom-protocol.md C3). Over it WeCom answers ok and drops the copy, so we count before sending and
 * defer whoever has no room. Counters live in NocoBase's cache (Redis in a cluster) and are updated under
 * the app's lock, so several nodes share one count.
 *
 * The minute is an exact sliding window (the last 30 send times). The hour is counted in 10-minute buckets,
 * the current one and the 6 before it: never less than the real sliding hour, so it can defer a little early
 * but never lets a copy be dropped.
 */
export const PER_MINUTE = 30;
export const PER_HOUR = 1000;
const MINUTE = 60_000;
const BUCKET = 10 * MINUTE;
const HOUR_BUCKETS = 7;
const TTL = 80 * MINUTE;

interface CacheLike {
  get<T>(key: string): Promise<T>;
  set(key: string, value: unknown, ttl?: number): Promise<void>;
}

interface LockLike {
  runExclusive<T>(key: string, fn: () => Promise<T>, ttl?: number): Promise<T>;
}

interface MemberCount {
  /** Send times within the last minute, oldest first. */
  m: number[];
  /** Sends per 10-minute bucket (bucket index → count). */
  h: Record<string, number>;
}

export interface Reservation {
  allowed: string[];
  /** Userids without room, with the time (ms) they have room again. */
  deferred: Array<{ userid: string; at: number }>;
}

function prune(count: MemberCount | undefined, now: number): MemberCount {
  const bucket = Math.floor(now / BUCKET);
  const m = (count?.m ?? []).filter((time) => time > now - MINUTE);
  const h: Record<string, number> = {};
  for (const [key, value] of Object.entries(count?.h ?? {})) if (Number(key) > bucket - HOUR_BUCKETS) h[key] = value;
  return { m, h };
}

function hourTotal(count: MemberCount): number {
  return Object.values(count.h).reduce((sum, value) => sum + value, 0);
}

/** When the member has room again (assumes they have none now). */
function roomAt(count: MemberCount, now: number): number {
  let at = now;
  if (count.m.length >= PER_MINUTE) at = Math.max(at, count.m[count.m.length - PER_MINUTE] + MINUTE + 1);
  if (hourTotal(count) >= PER_HOUR) {
    // Drop the oldest buckets until there is room.
    const keys = Object.keys(count.h).map(Number).sort((a, b) => a - b);
    let total = hourTotal(count);
    for (const key of keys) {
      total -= count.h[String(key)];
      if (total < PER_HOUR) {
        at = Math.max(at, (key + HOUR_BUCKETS) * BUCKET);
        break;
      }
    }
  }
  return at;
}

/** Counts one message for every member with room; the others are deferred. */
export async function reserveSends(
  app: { cache: CacheLike; lockManager: LockLike },
  appKey: string,
  userids: readonly string[],
  now: number,
): Promise<Reservation> {
  const key = (userid: string) => `wecom:msgrate:${appKey}:${userid.toLowerCase()}`;
  return app.lockManager.runExclusive(
    `wecom:msgrate:${appKey}`,
    async () => {
      const result: Reservation = { allowed: [], deferred: [] };
      for (const userid of userids) {
        const count = prune(await app.cache.get<MemberCount>(key(userid)), now);
        if (count.m.length >= PER_MINUTE || hourTotal(count) >= PER_HOUR) {
          result.deferred.push({ userid, at: roomAt(count, now) });
          continue;
        }
        count.m.push(now);
        const bucket = String(Math.floor(now / BUCKET));
        count.h[bucket] = (count.h[bucket] ?? 0) + 1;
        await app.cache.set(key(userid), count, TTL);
        result.allowed.push(userid);
      }
      return result;
    },
    60_000,
  );
}
