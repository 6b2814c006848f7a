/**
 * One stretch of a link run, from where its state says it was: each user not handled yet is skipped, looked
 * up and bound. It ends done, stopped (the admin asked), paused (the day's lookup budget) or failed.
 */
import type { Database } from '@nocobase/database';
import { storedWeComSettings } from '../authenticators';
import { describeForAdmin } from '../errors/translate';
import { isConfigured } from '../options';
import type { OwnCache } from '../own-cache';
import { getWeComClient } from '../wecom-clients';
import { allowedFailures, failuresToday, nextChinaMidnight, recordFailures } from './budget';
import { bindCandidate } from './bind';
import { loadCandidates, type Candidate } from './candidates';
import { linkUsersClock } from './clock';
import { BudgetSpentError, lookUp, lookupKeys } from './lookup';
import { recoverLinks } from './recover';
import { loadRun, saveRun, stopRequested, type Outcome, type RunState } from './state';

/** While users are handled the state is saved at most this often (it holds every answer: saving it per user costs n²). */
const SAVE_EVERY_MS = 1_000;

export interface RunHost {
  db: Database;
  cache: { get<T>(key: string): Promise<T>; set(key: string, value: unknown, ttl?: number): Promise<void>; del(key: string): Promise<void> };
  cacheManager: { defaultStore: string; createCache(options: { name: string; prefix?: string; store?: string; max?: number }): Promise<OwnCache> };
  lockManager: { runExclusive<T>(key: string, fn: () => Promise<T>, ttl?: number): Promise<T> };
  logger?: { info?(message: string, meta?: object): void; warn?(message: string, meta?: object): void };
}

export interface RunControl {
  taskId: string;
  signal: AbortSignal;
  progress(total: number, current: number): void;
}

class Paused extends Error {}

function skipReason(candidate: Candidate, state: RunState): Outcome | undefined {
  if (candidate.admin === 'root' || (candidate.admin === 'admin' && !state.includeAdmins)) return 'skippedAdmin';
  return candidate.malformed ? 'skippedInvalid' : undefined;
}

/** The member for this candidate: answers this run already has, else WeCom within the day's budget. */
async function resolve(host: RunHost, corpId: string, client: ReturnType<typeof getWeComClient>, candidate: Candidate, state: RunState) {
  for (const key of lookupKeys(candidate)) {
    if (!(key in state.lookups)) {
      const now = linkUsersClock().now();
      if ((await failuresToday(host, corpId, now)) >= allowedFailures(state.seats)) throw new Paused();
      try {
        state.lookups[key] = await lookUp(client, key);
      } catch (error) {
        if (!(error instanceof BudgetSpentError)) throw error;
        await recordFailures(host, corpId, now, 'all');
        throw new Paused();
      }
      if (state.lookups[key] === null) await recordFailures(host, corpId, now, 1);
    }
    const userid = state.lookups[key];
    if (userid) return { userid, via: key.startsWith('m:') ? ('mobile' as const) : ('email' as const) };
  }
  return undefined;
}

async function handle(host: RunHost, authenticator: string, corpId: string, client: ReturnType<typeof getWeComClient>, candidate: Candidate, state: RunState): Promise<Outcome> {
  const skipped = skipReason(candidate, state);
  if (skipped) return skipped;
  const found = await resolve(host, corpId, client, candidate, state);
  return found ? bindCandidate(host, authenticator, candidate, found, state) : 'notFound';
}

export async function runLinkUsers(host: RunHost, authenticator: string, control: RunControl): Promise<RunState> {
  const state = await loadRun(host, authenticator);
  if (!state || state.taskId !== control.taskId) throw new Error('This link run was replaced by another');
  const save = async () => {
    state.heartbeat = Date.now();
    await saveRun(host, authenticator, state);
  };
  const saveIfDue = async () => {
    if (Date.now() - state.heartbeat >= SAVE_EVERY_MS) await save();
  };
  try {
    const settings = await storedWeComSettings(host, authenticator);
    if (!settings || !isConfigured(settings)) throw new Error('WeCom authenticator not configured');
    const client = getWeComClient(host, settings);
    await recoverLinks(host.db, authenticator, state);
    const pending = (await loadCandidates(host.db, authenticator)).filter((candidate) => !(String(candidate.userId) in state.outcomes));
    let handled = Object.keys(state.outcomes).length;
    state.total = handled + pending.length;
    await save();
    for (const candidate of pending) {
      if (control.signal.aborted || (await stopRequested(host, authenticator, control.taskId))) {
        state.status = 'stopped';
        await save();
        return state;
      }
      const outcome = await handle(host, authenticator, settings.corpId, client, candidate, state);
      state.outcomes[String(candidate.userId)] = outcome;
      handled += 1;
      // A link taken back is not in the database to be read back: saved at once (twins are few).
      if (outcome === 'ambiguous') await save();
      else await saveIfDue();
      control.progress(state.total, handled);
    }
    state.status = 'done';
  } catch (error) {
    if (error instanceof Paused) {
      state.status = 'paused';
      state.resumeAt = nextChinaMidnight(linkUsersClock().now());
    } else {
      const description = describeForAdmin(error);
      state.status = 'failed';
      state.error = { code: description.code, message: description.message, params: description.params };
      host.logger?.warn?.('WeCom link run failed', { authenticator, code: description.code });
    }
  }
  await save();
  return state;
}
