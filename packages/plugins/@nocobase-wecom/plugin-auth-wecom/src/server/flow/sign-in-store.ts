import { sha256 } from './signing-key';

/** The part of NocoBase's `Cache` the sign-in uses. */
export interface SignInCache {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  del(key: string): Promise<void>;
}

interface AppLike {
  cacheManager: {
    defaultStore: string;
    createCache(options: { name: string; prefix?: string; store?: string; max?: number }): Promise<SignInCache>;
  };
  lockManager: { runExclusive<T>(key: string, fn: () => Promise<T>, ttl?: number): Promise<T> };
}

/** In the memory store (one node): plenty for single-use markers and hand-off codes, yet a fixed bound. */
export const SIGN_IN_STORE_MAX = 20_000;
/** Lock names are a fixed set: the local lock adapter keeps every name it was ever given. */
const LOCK_BUCKETS = 64;

const stores = new WeakMap<object, Promise<SignInCache>>();

/**
 * The sign-in's own cache (single-use markers, hand-off codes), apart from `app.cache`: nothing the sign-in
 * writes can push out NocoBase's entries or the WeCom access token. It uses NocoBase's default store, so a
 * cluster on Redis shares it; in memory it is an LRU of its own with {@link SIGN_IN_STORE_MAX} entries.
 */
export function signInStore(app: AppLike): Promise<SignInCache> {
  let store = stores.get(app);
  if (!store) {
    const manager = app.cacheManager;
    const bound = manager.defaultStore === 'memory' ? { max: SIGN_IN_STORE_MAX } : {};
    store = manager.createCache({ name: 'wecom-sign-in', prefix: 'wecom-sign-in', ...bound });
    stores.set(app, store);
    store.catch(() => stores.delete(app));
  }
  return store;
}

/** `<prefix>:<n>`, one of a fixed set of lock names for any `key`: callers with the same key share a lock. */
export function lockName(prefix: string, key: string): string {
  return `${prefix}:${parseInt(sha256(key).slice(0, 8), 16) % LOCK_BUCKETS}`;
}

/** Runs `fn` alone among callers with the same `key`, across nodes. */
export function exclusively<T>(app: AppLike, key: string, fn: (store: SignInCache) => Promise<T>): Promise<T> {
  return app.lockManager.runExclusive(lockName('wecom:sign-in', key), async () => fn(await signInStore(app)), 10_000);
}
