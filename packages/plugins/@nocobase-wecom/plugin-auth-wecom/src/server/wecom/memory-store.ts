import type { CachedAccessToken, Lock, TokenStore } from './token-cache';

/** A {@link TokenStore} for one process: tests and standalone use. */
export class MemoryTokenStore implements TokenStore {
  readonly #entries = new Map<string, { value: CachedAccessToken; removeAt: number }>();
  readonly #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  async get(key: string): Promise<CachedAccessToken | undefined> {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (this.#now() >= entry.removeAt) {
      this.#entries.delete(key);
      return undefined;
    }
    return { ...entry.value };
  }

  async set(key: string, value: CachedAccessToken, ttlMs: number): Promise<void> {
    this.#entries.set(key, { value: { ...value }, removeAt: this.#now() + ttlMs });
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }
}

/**
 * A {@link Lock} for one process: callers with the same key run one after
 * another. Like a distributed lock's lease, the lock is released after
 * `ttlMs` even if `fn` is still running, so a stuck holder cannot block others.
 */
export class MemoryLock implements Lock {
  readonly #tails = new Map<string, Promise<void>>();

  async runExclusive<T>(key: string, fn: () => Promise<T>, ttlMs: number): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    this.#tails.set(key, tail);
    await previous;
    const lease = setTimeout(release, ttlMs);
    lease.unref();
    try {
      return await fn();
    } finally {
      clearTimeout(lease);
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
