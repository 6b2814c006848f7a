/** Time for the lookup budget's day. Tests swap it (`setLinkUsersClock`) to follow the emulator's clock. */
export interface LinkUsersClock {
  now(): number;
}

const realClock: LinkUsersClock = { now: () => Date.now() };

let current: LinkUsersClock = realClock;

export function linkUsersClock(): LinkUsersClock {
  return current;
}

/** For tests: replace the clock; `undefined` restores the real one. */
export function setLinkUsersClock(clock: LinkUsersClock | undefined): void {
  current = clock ?? realClock;
}
