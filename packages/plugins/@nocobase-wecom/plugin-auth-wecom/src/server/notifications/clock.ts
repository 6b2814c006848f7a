/**
 * Time for the per-member limits and the deferred re-sends. Tests swap it (`setNotificationClock`) so that they
 * move time on instead of sleeping.
 */
export interface NotificationClock {
  now(): number;
}

export const realClock: NotificationClock = { now: () => Date.now() };

let current: NotificationClock = realClock;

export function notificationClock(): NotificationClock {
  return current;
}

/** For tests: replace the clock; `undefined` restores the real one. */
export function setNotificationClock(clock: NotificationClock | undefined): void {
  current = clock ?? realClock;
}
