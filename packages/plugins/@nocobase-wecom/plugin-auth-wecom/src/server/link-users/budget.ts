/**
 * WeCom's daily budget for `user/getuserid` and `user/get_userid_by_email`: once failed lookups exceed 20 % of
 * the corp's seats, both are blocked (45009) until 00:00 China time. We count the failures of both APIs
 * together per corp and China day, in NocoBase's cache (shared by a cluster, kept across a stop), and stop one
 * failure short of the limit.
 */
import { ownCache, type CacheManagerHost } from '../own-cache';

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

export interface BudgetHost extends CacheManagerHost {
  lockManager: { runExclusive<T>(key: string, fn: () => Promise<T>, ttl?: number): Promise<T> };
}

/** `2026-12-03`: the day in Asia/Shanghai (UTC+8, no daylight saving). */
export function chinaDay(now: number): string {
  return new Date(now + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The next 00:00 Asia/Shanghai, as epoch milliseconds. */
export function nextChinaMidnight(now: number): number {
  return Math.floor((now + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS + DAY_MS - CHINA_OFFSET_MS;
}

/** Failed lookups we allow ourselves in a day: 20 % of the seats, less one in reserve. */
export function allowedFailures(seats: number): number {
  return Math.max(0, Math.floor(seats / 5) - 1);
}

const budgetKey = (corpId: string, now: number) => `${corpId}\n${chinaDay(now)}`;

async function store(app: BudgetHost) {
  return ownCache(app, 'wecom-lookup-budget', 1_000);
}

export async function failuresToday(app: BudgetHost, corpId: string, now: number): Promise<number> {
  return (await (await store(app)).get<number>(budgetKey(corpId, now))) ?? 0;
}

/** Adds failed lookups to today's count (`spent`), or marks the day spent when WeCom already said 45009. */
export async function recordFailures(app: BudgetHost, corpId: string, now: number, spent: number | 'all'): Promise<void> {
  const key = budgetKey(corpId, now);
  await app.lockManager.runExclusive(`wecom:lookup-budget`, async () => {
    const cache = await store(app);
    const current = (await cache.get<number>(key)) ?? 0;
    const next = spent === 'all' ? Number.MAX_SAFE_INTEGER : current + spent;
    await cache.set(key, next, 2 * DAY_MS);
  }, 10_000);
}
