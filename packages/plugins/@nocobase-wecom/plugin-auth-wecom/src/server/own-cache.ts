/**
 * Caches of our own, apart from `app.cache`: what we write cannot push out NocoBase's entries or the WeCom
 * access token. They use NocoBase's default store, so a cluster on Redis shares them; in memory each is an
 * LRU of its own with a fixed bound.
 */
export interface OwnCache {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  del(key: string): Promise<void>;
}

export interface CacheManagerHost {
  cacheManager: {
    defaultStore: string;
    createCache(options: { name: string; prefix?: string; store?: string; max?: number }): Promise<OwnCache>;
  };
}

const caches = new WeakMap<object, Map<string, Promise<OwnCache>>>();

export function ownCache(app: CacheManagerHost, name: string, maxInMemory: number): Promise<OwnCache> {
  // Keyed by the cache manager: a task of plugin-async-task-manager holds another object for the same app.
  let byName = caches.get(app.cacheManager);
  if (!byName) caches.set(app.cacheManager, (byName = new Map()));
  let cache = byName.get(name);
  if (!cache) {
    const manager = app.cacheManager;
    const bound = manager.defaultStore === 'memory' ? { max: maxInMemory } : {};
    const created = manager.createCache({ name, prefix: name, ...bound });
    const names = byName;
    created.catch(() => names.delete(name));
    byName.set(name, (cache = created));
  }
  return cache;
}
