import { createHash } from 'node:crypto';
import { WeComApiError } from './errors';

export interface CachedAccessToken {
  token: string;
  /** Epoch milliseconds after which WeCom no longer accepts the token. */
  expiresAt: number;
  /** Epoch milliseconds after which a new token is fetched ahead of expiry. */
  refreshAt?: number;
}

/**
 * Where tokens are kept. The plugin backs it with NocoBase's cache so every
 * node of a cluster shares one token; `MemoryTokenStore` serves tests and
 * standalone use. Values must survive a JSON round trip.
 */
export interface TokenStore {
  get(key: string): Promise<CachedAccessToken | undefined>;
  set(key: string, value: CachedAccessToken, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A mutual exclusion that spans processes (NocoBase's lock manager in the plugin). */
export interface Lock {
  runExclusive<T>(key: string, fn: () => Promise<T>, ttlMs: number): Promise<T>;
}

export interface FetchedAccessToken {
  token: string;
  expiresInSeconds: number;
}

export interface AccessTokenCacheOptions {
  /** From {@link accessTokenKey}. */
  key: string;
  store: TokenStore;
  lock: Lock;
  /** Calls gettoken. */
  fetchToken: () => Promise<FetchedAccessToken>;
  now?: () => number;
  /** How long the cross-process lock may be held while gettoken runs. */
  lockTtlMs?: number;
}

/** Fraction of the token's lifetime after which it is refreshed ahead of expiry. */
const REFRESH_AT_FRACTION = 0.8;
/** A token this close to expiry is not used even as a fallback. */
const EXPIRY_SAFETY_MS = 60_000;
const DEFAULT_LOCK_TTL_MS = 30_000;

/**
 * One token per app (docs/wecom-protocol.md A1) and per server it came from: two authenticators with the same ids but
 * another API base URL (an emulator, a private deployment) or another secret never share a token. The secret
 * enters only as a hash.
 */
export function accessTokenKey(app: { corpId: string; agentId: string; apiBaseUrl: string; secret: string }): string {
  const origin = createHash('sha256').update(`${app.apiBaseUrl}\n${app.secret}`).digest('hex').slice(0, 24);
  return `${app.corpId}:${app.agentId}:${origin}`;
}

/**
 * Caches one WeCom access token. Fetches happen one at a time: concurrent
 * callers in a process share one in-flight promise, and across processes the
 * lock is taken and the store re-read before gettoken is called.
 */
export class AccessTokenCache {
  readonly #key: string;
  readonly #lockKey: string;
  readonly #store: TokenStore;
  readonly #lock: Lock;
  readonly #fetchToken: () => Promise<FetchedAccessToken>;
  readonly #now: () => number;
  readonly #lockTtlMs: number;
  /** In-flight refreshes, keyed by the rejected token they replace ('' for a plain refresh). */
  readonly #inFlight = new Map<string, Promise<string>>();

  constructor(options: AccessTokenCacheOptions) {
    this.#key = options.key;
    this.#lockKey = `wecom:access-token:${options.key}`;
    this.#store = options.store;
    this.#lock = options.lock;
    this.#fetchToken = options.fetchToken;
    this.#now = options.now ?? Date.now;
    this.#lockTtlMs = options.lockTtlMs ?? DEFAULT_LOCK_TTL_MS;
  }

  /** A usable token, from the store when fresh, otherwise from gettoken. */
  async get(): Promise<string> {
    const cached = await this.#store.get(this.#key);
    if (cached && this.#isFresh(cached)) return cached.token;
    try {
      return await this.#refresh(undefined);
    } catch (error) {
      // An early refresh failed, but the current token still works: keep using it.
      if (cached && this.#now() < cached.expiresAt - EXPIRY_SAFETY_MS) return cached.token;
      throw error;
    }
  }

  /**
   * Runs `call` with a token. If WeCom rejects the token (40014 / 42001: revoked
   * early or expired, docs/wecom-protocol.md A1), the token is replaced and `call` is
   * retried exactly once.
   */
  async withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.get();
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof WeComApiError && error.isTokenRejected)) throw error;
      return call(await this.#refresh(token));
    }
  }

  /** Forgets the stored token, e.g. after the app's secret was changed. */
  async invalidate(): Promise<void> {
    await this.#lock.runExclusive(this.#lockKey, () => this.#store.delete(this.#key), this.#lockTtlMs);
  }

  #refresh(rejectedToken: string | undefined): Promise<string> {
    const flightKey = rejectedToken ?? '';
    const existing = this.#inFlight.get(flightKey);
    if (existing) return existing;
    const flight = this.#lock
      .runExclusive(this.#lockKey, () => this.#refreshHoldingLock(rejectedToken), this.#lockTtlMs)
      .finally(() => this.#inFlight.delete(flightKey));
    this.#inFlight.set(flightKey, flight);
    return flight;
  }

  async #refreshHoldingLock(rejectedToken: string | undefined): Promise<string> {
    const current = await this.#store.get(this.#key);
    if (current && current.token !== rejectedToken && this.#isFresh(current)) {
      return current.token; // another caller or node refreshed it while we waited for the lock
    }
    if (current && current.token === rejectedToken) await this.#store.delete(this.#key);

    const fetched = await this.#fetchToken();
    const fetchedAt = this.#now();
    const lifetimeMs = fetched.expiresInSeconds * 1000;
    await this.#store.set(
      this.#key,
      {
        token: fetched.token,
        expiresAt: fetchedAt + lifetimeMs,
        refreshAt: fetchedAt + Math.floor(lifetimeMs * REFRESH_AT_FRACTION),
      },
      lifetimeMs,
    );
    return fetched.token;
  }

  #isFresh(cached: CachedAccessToken): boolean {
    const refreshAt = cached.refreshAt ?? cached.expiresAt - 5 * 60_000;
    return this.#now() < refreshAt;
  }
}

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
