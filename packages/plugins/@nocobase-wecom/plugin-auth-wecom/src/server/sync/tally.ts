/**
 * What one sync run did, for its task's result. A run's pull and its records' application happen in this
 * process (plugin-user-data-sync's runSync), so a per-source tally in memory is enough.
 */
export interface SyncTally {
  created: number;
  matched: number;
  updated: number;
  unchanged: number;
  bound: number;
  refused: number;
  left: number;
  deleted: number;
  departments: number;
  errors: number;
  calls: number;
}

const tallies = new Map<string, SyncTally>();

export function emptyTally(): SyncTally {
  return { created: 0, matched: 0, updated: 0, unchanged: 0, bound: 0, refused: 0, left: 0, deleted: 0, departments: 0, errors: 0, calls: 0 };
}

export function startTally(source: string): SyncTally {
  const tally = emptyTally();
  tallies.set(source, tally);
  return tally;
}

export function tallyOf(source: string): SyncTally | undefined {
  return tallies.get(source);
}

export function takeTally(source: string): SyncTally | undefined {
  const tally = tallies.get(source);
  tallies.delete(source);
  return tally;
}

export const SUMMARY_MESSAGE =
  'Created {{created}}, matched {{matched}}, updated {{updated}}, unchanged {{unchanged}}, bound {{bound}}, refused {{refused}}, left {{left}}, deleted {{deleted}}, departments changed {{departments}}, errors {{errors}}; {{calls}} WeCom calls.';
