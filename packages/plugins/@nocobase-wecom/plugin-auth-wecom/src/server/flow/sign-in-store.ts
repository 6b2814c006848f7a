import { ownCache, type CacheManagerHost, type OwnCache } from '../own-cache';
import { sha256 } from './signing-key';

/** The part of NocoBase's `Cache` the sign-in uses. */
export type SignInCache = OwnCache;

interface AppLike extends CacheManagerHost {
  lockManager: { runExclusive<T>(key: string, fn: () => Promise<T>, ttl?: number): Promise<T> };
}

/** In the memory store (one node): plenty for single-use markers and hand-off codes, yet a fixed bound. */
export const SIGN_IN_STORE_MAX = 20_000;
/** Lock names are a fixed set: the local lock adapter keeps every name it was ever given. */
const LOCK_BUCKETS = 64;

/** The sign-in's own cache (single-use markers, hand-off codes): see own-cache.ts. */
export function signInStore(app: AppLike): Promise<SignInCache> {
  return ownCache(app, 'wecom-sign-in', SIGN_IN_STORE_MAX);
}

/** `<prefix>:<n>`, one of a fixed set of lock names for any `key`: callers with the same key share a lock. */
export function lockName(prefix: string, key: string): string {
  return `${prefix}:${parseInt(sha256(key).slice(0, 8), 16) % LOCK_BUCKETS}`;
}

/** Runs `fn` alone among callers with the same `key`, across nodes. */
export function exclusively<T>(app: AppLike, key: string, fn: (store: SignInCache) => Promise<T>): Promise<T> {
  return app.lockManager.runExclusive(lockName('wecom:sign-in', key), async () => fn(await signInStore(app)), 10_000);
}
