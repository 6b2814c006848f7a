import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';

type Releaser = () => Promise<void>;

// Compare-and-delete: only the holder's token releases the lock.
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * A Redis lock for NocoBase's lock manager, for the cluster tests only. A real cluster gets one from
 * NocoBase's cluster-mode plugins; this stands in for it so several app nodes share their locks the same way.
 */
export class RedisLockAdapter {
  private readonly client: ReturnType<typeof createClient>;

  constructor(options: { url: string; prefix: string }) {
    this.client = createClient({ url: options.url });
    this.prefix = options.prefix;
  }

  private readonly prefix: string;

  async connect(): Promise<void> {
    if (!this.client.isOpen) await this.client.connect();
  }

  async close(): Promise<void> {
    if (this.client.isOpen) await this.client.quit();
  }

  async acquire(key: string, ttl: number): Promise<Releaser> {
    const name = `${this.prefix}${key}`;
    const token = randomUUID();
    const deadline = Date.now() + 30_000;
    while ((await this.client.set(name, token, { NX: true, PX: Math.max(ttl, 1) })) !== 'OK') {
      if (Date.now() > deadline) throw new Error(`could not acquire the lock ${key}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return async () => {
      await this.client.eval(RELEASE_SCRIPT, { keys: [name], arguments: [token] });
    };
  }

  async runExclusive<T>(key: string, fn: () => Promise<T>, ttl: number): Promise<T> {
    const release = await this.acquire(key, ttl);
    try {
      return await fn();
    } finally {
      await release();
    }
  }

  async tryAcquire(key: string): Promise<{ acquire: () => Releaser; runExclusive: <T>(fn: () => Promise<T>) => Promise<T>; release: Releaser }> {
    const release = await this.acquire(key, 60_000);
    return {
      acquire: () => release,
      runExclusive: async <T>(fn: () => Promise<T>) => {
        try {
          return await fn();
        } finally {
          await release();
        }
      },
      release,
    };
  }
}
