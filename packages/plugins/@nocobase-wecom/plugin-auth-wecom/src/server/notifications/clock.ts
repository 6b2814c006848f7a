/**
 * Time for the per-member limits and the deferred re-sends. Tests swap it (`setNotificationClock`) so that they
 * move time on instead of sleeping.
 */
export interface NotificationClock {
  now(): number;
  /** Runs `fn` after `ms` (`fn` may return a promise, which a test clock can await); returns a cancel function. */
  schedule(fn: () => unknown, ms: number): () => void;
}

export const realClock: NotificationClock = {
  now: () => Date.now(),
  schedule(fn, ms) {
    const timer = setTimeout(() => void fn(), ms);
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

let current: NotificationClock = realClock;

export function notificationClock(): NotificationClock {
  return current;
}

/** For tests: replace the clock; `undefined` restores the real one. */
export function setNotificationClock(clock: NotificationClock | undefined): void {
  current = clock ?? realClock;
}
