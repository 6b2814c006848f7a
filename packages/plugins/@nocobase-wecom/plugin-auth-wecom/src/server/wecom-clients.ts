import { createHash } from 'node:crypto';
import type { WeComConnection } from './options';
import { WeComClient, type CachedAccessToken, type Lock, type TokenStore } from './wecom';

interface CacheLike {
  get<T>(key: string): Promise<T>;
  set(key: string, value: unknown, ttl?: number): Promise<void>;
  del(key: string): Promise<void>;
}

interface LockManagerLike {
  runExclusive<T>(key: string, fn: () => Promise<T>, ttl?: number): Promise<T>;
}

interface AppLike {
  cache: CacheLike;
  lockManager: LockManagerLike;
}

/** Tokens live in NocoBase's cache so that every node of a cluster shares one. */
class CacheTokenStore implements TokenStore {
  constructor(private readonly cache: CacheLike) {}

  async get(key: string): Promise<CachedAccessToken | undefined> {
    return (await this.cache.get<CachedAccessToken>(`wecom:token:${key}`)) ?? undefined;
  }

  async set(key: string, value: CachedAccessToken, ttlMs: number): Promise<void> {
    await this.cache.set(`wecom:token:${key}`, value, ttlMs);
  }

  async delete(key: string): Promise<void> {
    await this.cache.del(`wecom:token:${key}`);
  }
}

const clients = new WeakMap<AppLike, Map<string, WeComClient>>();

function settingsKey(settings: WeComConnection): string {
  return createHash('sha256')
    .update(JSON.stringify([settings.corpId, settings.agentId, settings.secret, settings.apiBaseUrl ?? '']))
    .digest('hex');
}

/** One client per (app, settings): the in-process share of the token cache depends on it. */
export function getWeComClient(app: AppLike, settings: WeComConnection): WeComClient {
  let perApp = clients.get(app);
  if (!perApp) {
    perApp = new Map();
    clients.set(app, perApp);
  }
  const key = settingsKey(settings);
  let client = perApp.get(key);
  if (!client) {
    const lock: Lock = { runExclusive: (name, fn, ttlMs) => app.lockManager.runExclusive(name, fn, ttlMs) };
    client = new WeComClient({
      corpId: settings.corpId,
      agentId: settings.agentId,
      secret: settings.secret,
      apiBaseUrl: settings.apiBaseUrl,
      store: new CacheTokenStore(app.cache),
      lock,
    });
    perApp.set(key, client);
  }
  return client;
}
