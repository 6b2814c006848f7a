/**
 * A link run's state per authenticator, in NocoBase's cache so every node of a cluster sees it and a stopped
 * or budget-paused run resumes where it was: each user's outcome, each lookup's answer (a value two users
 * share is looked up once), and which member this run linked to whom.
 */
import { ownCache, type CacheManagerHost } from '../own-cache';

export type Outcome = 'linked' | 'notFound' | 'ambiguous' | 'boundElsewhere' | 'skippedAdmin' | 'skippedInvalid';

export type RunStatus = 'running' | 'stopped' | 'paused' | 'done' | 'failed';

export interface RunState {
  taskId: string;
  status: RunStatus;
  includeAdmins: boolean;
  seats: number;
  startedAt: number;
  /** Last sign of life of the running task; a run silent for long died with its node. */
  heartbeat: number;
  stopRequested?: boolean;
  total: number;
  outcomes: Record<string, Outcome>;
  /** `m:<mobile>` / `e:<email>` → userid, or null when WeCom found no one. */
  lookups: Record<string, string | null>;
  /** Lowercased userid → the user this run linked it to. */
  linkedBy: Record<string, number>;
  /** Lowercased userids two users resolved to. */
  ambiguous: Record<string, true>;
  /** When the budget lets the run go on (paused). */
  resumeAt?: number;
  /** Why it failed: an admin message and its params. */
  error?: { code: string; message: string; params: Record<string, string> };
}

/** Under 2^31 ms: the memory store hands the TTL to a timer. */
const KEEP_MS = 7 * 24 * 3600_000;
export const STALE_AFTER_MS = 2 * 60_000;

async function store(app: CacheManagerHost) {
  return ownCache(app, 'wecom-link-users', 1_000);
}

export async function loadRun(app: CacheManagerHost, authenticator: string): Promise<RunState | undefined> {
  return (await store(app)).get<RunState>(authenticator);
}

export async function saveRun(app: CacheManagerHost, authenticator: string, state: RunState): Promise<void> {
  await (await store(app)).set(authenticator, state, KEEP_MS);
}

/** The seats the admin gave last time for this authenticator. */
export async function lastSeats(app: CacheManagerHost, authenticator: string): Promise<number | undefined> {
  return (await loadRun(app, authenticator))?.seats;
}

export function isLive(state: RunState | undefined, now: number): boolean {
  return state?.status === 'running' && now - state.heartbeat < STALE_AFTER_MS;
}

export function newRun(taskId: string, options: { includeAdmins: boolean; seats: number }, now: number): RunState {
  return {
    taskId,
    status: 'running',
    includeAdmins: options.includeAdmins,
    seats: options.seats,
    startedAt: now,
    heartbeat: now,
    total: 0,
    outcomes: {},
    lookups: {},
    linkedBy: {},
    ambiguous: {},
  };
}

const stopKey = (authenticator: string) => `stop\n${authenticator}`;

/** Asks the run with this task to stop at the next user, on whichever node it runs. */
export async function requestStop(app: CacheManagerHost, authenticator: string, taskId: string): Promise<void> {
  await (await store(app)).set(stopKey(authenticator), taskId, KEEP_MS);
}

export async function stopRequested(app: CacheManagerHost, authenticator: string, taskId: string): Promise<boolean> {
  return (await (await store(app)).get<string>(stopKey(authenticator))) === taskId;
}
