const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** WeCom's "natural day" is China time. */
const CHINA_OFFSET_MS = 8 * HOUR_MS;

interface Window {
  minuteStart: number;
  minuteCount: number;
  hourStart: number;
  hourCount: number;
  blockedUntil: number;
}

export interface Limit {
  /** null = no per-minute limit. */
  perMinute: number | null;
  perHour: number | null;
}

/**
 * Fixed-window counters on the emulator clock (A9): going over a per-minute limit blocks the key for
 * 60 s, going over a per-hour limit blocks it for 60 min. Blocked calls do not count.
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  /** Counts one call; false when the key is (now) over its limit. */
  hit(key: string, limit: Limit, now: number): boolean {
    let w = this.windows.get(key);
    if (!w) {
      w = { minuteStart: 0, minuteCount: 0, hourStart: 0, hourCount: 0, blockedUntil: 0 };
      this.windows.set(key, w);
    }
    if (w.blockedUntil > now) return false;
    const minuteStart = now - (now % MINUTE_MS);
    const hourStart = now - (now % HOUR_MS);
    if (w.minuteStart !== minuteStart) {
      w.minuteStart = minuteStart;
      w.minuteCount = 0;
    }
    if (w.hourStart !== hourStart) {
      w.hourStart = hourStart;
      w.hourCount = 0;
    }
    if (limit.perHour !== null && w.hourCount >= limit.perHour) {
      w.blockedUntil = now + HOUR_MS;
      return false;
    }
    if (limit.perMinute !== null && w.minuteCount >= limit.perMinute) {
      w.blockedUntil = now + MINUTE_MS;
      return false;
    }
    w.minuteCount++;
    w.hourCount++;
    return true;
  }

  clear(): void {
    this.windows.clear();
  }
}

/**
 * `user/getuserid` and `get_userid_by_email`: once failed lookups exceed the budget (20 % of the corp's
 * seat limit), the API is blocked until the end of the natural day (A6).
 */
export class DailyErrorBudget {
  private readonly days = new Map<string, { day: number; errors: number }>();

  private entry(key: string, now: number): { day: number; errors: number } {
    const day = Math.floor((now + CHINA_OFFSET_MS) / DAY_MS);
    let e = this.days.get(key);
    if (!e || e.day !== day) {
      e = { day, errors: 0 };
      this.days.set(key, e);
    }
    return e;
  }

  isExhausted(key: string, budget: number, now: number): boolean {
    return this.entry(key, now).errors > budget;
  }

  recordError(key: string, now: number): void {
    this.entry(key, now).errors++;
  }

  clear(): void {
    this.days.clear();
  }
}
