import { describe, expect, it } from 'vitest';
import { retryWhenBusy } from '../client';
import { WeComApiError } from '../errors';
import { AccessTokenCache, accessTokenKey, MemoryLock, MemoryTokenStore, type FetchedAccessToken, type Lock, type TokenStore } from '../token-cache';

const HOUR = 3_600_000;
const KEY = accessTokenKey({ corpId: 'ww1', agentId: '1000002', apiBaseUrl: 'https://qyapi.example', secret: 's' });

/** A stand-in for gettoken: hands out token-1, token-2, … and counts the calls. */
function tokenSource(options: { expiresInSeconds?: number; delayMs?: number } = {}) {
  let calls = 0;
  const failures: unknown[] = [];
  return {
    get calls() {
      return calls;
    },
    failNext(error: unknown) {
      failures.push(error);
    },
    fetchToken: async (): Promise<FetchedAccessToken> => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 5));
      const failure = failures.shift();
      if (failure !== undefined) throw failure;
      return { token: `token-${calls}`, expiresInSeconds: options.expiresInSeconds ?? 7200 };
    },
  };
}

function setup(overrides: { store?: TokenStore; lock?: Lock; source?: ReturnType<typeof tokenSource>; clock?: { now: number } } = {}) {
  const clock = overrides.clock ?? { now: 1_700_000_000_000 };
  const now = () => clock.now;
  const source = overrides.source ?? tokenSource();
  const store = overrides.store ?? new MemoryTokenStore({ now });
  const lock = overrides.lock ?? new MemoryLock();
  const cache = new AccessTokenCache({ key: KEY, store, lock, fetchToken: source.fetchToken, now });
  return { cache, source, store, lock, clock };
}

const rejected = (errcode = 40014) => new WeComApiError('/cgi-bin/user/get', errcode, 'invalid access_token');

describe('AccessTokenCache', () => {
  it('keys tokens by corp id, agent id, API base URL and secret, without the secret in the key', () => {
    const app = { corpId: 'ww1', agentId: '1000002', apiBaseUrl: 'https://qyapi.weixin.qq.com', secret: 'secret-1' };
    const key = accessTokenKey(app);
    expect(key).toMatch(/^ww1:1000002:[0-9a-f]{24}$/);
    expect(key).not.toContain('secret-1');
    expect(accessTokenKey({ ...app })).toBe(key);
    expect(accessTokenKey({ ...app, apiBaseUrl: 'http://127.0.0.1:13001' })).not.toBe(key);
    expect(accessTokenKey({ ...app, secret: 'secret-2' })).not.toBe(key);
    expect(accessTokenKey({ ...app, agentId: '1000003' })).not.toBe(key);
  });

  it('fetches once and reuses the token', async () => {
    const { cache, source, store } = setup();
    expect(await cache.get()).toBe('token-1');
    expect(await cache.get()).toBe('token-1');
    expect(source.calls).toBe(1);
    expect(await store.get(KEY)).toMatchObject({ token: 'token-1', expiresAt: 1_700_000_000_000 + 2 * HOUR });
  });

  it('shares one in-flight fetch among 50 concurrent callers', async () => {
    const { cache, source } = setup({ source: tokenSource({ delayMs: 30 }) });
    const tokens = await Promise.all(Array.from({ length: 50 }, () => cache.get()));
    expect(new Set(tokens)).toEqual(new Set(['token-1']));
    expect(source.calls).toBe(1);
  });

  it('fetches once across two processes sharing a store and a lock', async () => {
    const shared = setup({ source: tokenSource({ delayMs: 30 }) });
    const otherNode = setup({ store: shared.store, lock: shared.lock, source: shared.source, clock: shared.clock });
    const tokens = await Promise.all([
      ...Array.from({ length: 10 }, () => shared.cache.get()),
      ...Array.from({ length: 10 }, () => otherNode.cache.get()),
    ]);
    expect(new Set(tokens)).toEqual(new Set(['token-1']));
    expect(shared.source.calls).toBe(1);
  });

  it('refreshes ahead of expiry, at 80% of the lifetime', async () => {
    const { cache, source, clock } = setup();
    await cache.get();
    clock.now += 0.79 * 2 * HOUR;
    expect(await cache.get()).toBe('token-1');
    clock.now += 0.02 * 2 * HOUR;
    expect(await cache.get()).toBe('token-2');
    expect(source.calls).toBe(2);
  });

  it('keeps using a still-valid token when the early refresh fails, but not an expired one', async () => {
    const { cache, source, clock } = setup();
    await cache.get();
    clock.now += 0.9 * 2 * HOUR;
    source.failNext(new WeComApiError('/cgi-bin/gettoken', -1, 'system busy'));
    expect(await cache.get()).toBe('token-1');
    clock.now += 0.2 * 2 * HOUR;
    source.failNext(new WeComApiError('/cgi-bin/gettoken', -1, 'system busy'));
    await expect(cache.get()).rejects.toMatchObject({ errcode: -1 });
  });

  it('on 40014 drops the token, fetches a new one and retries the call exactly once', async () => {
    const { cache, source, store } = setup();
    const seen: string[] = [];
    const result = await cache.withToken(async (token) => {
      seen.push(token);
      if (token === 'token-1') throw rejected(40014);
      return 'data';
    });
    expect(result).toBe('data');
    expect(seen).toEqual(['token-1', 'token-2']);
    expect(source.calls).toBe(2);
    expect((await store.get(KEY))?.token).toBe('token-2');
  });

  it('gives up after one retry if the new token is rejected too (42001)', async () => {
    const { cache, source } = setup();
    let calls = 0;
    await expect(
      cache.withToken(async () => {
        calls += 1;
        throw rejected(42001);
      }),
    ).rejects.toMatchObject({ errcode: 42001 });
    expect(calls).toBe(2);
    expect(source.calls).toBe(2);
  });

  it('50 concurrent calls rejected with the same token cause one refetch', async () => {
    const { cache, source } = setup({ source: tokenSource({ delayMs: 20 }) });
    await cache.get();
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        cache.withToken(async (token) => {
          if (token === 'token-1') throw rejected();
          return token;
        }),
      ),
    );
    expect(new Set(results)).toEqual(new Set(['token-2']));
    expect(source.calls).toBe(2);
  });

  it('does not drop a newer token that another node stored after ours failed', async () => {
    const { cache, source, store, clock } = setup();
    const seen: string[] = [];
    const result = await cache.withToken(async (token) => {
      seen.push(token);
      if (token === 'token-1') {
        // While our call with token-1 was in flight, another node replaced the token.
        await store.set(KEY, { token: 'from-other-node', expiresAt: clock.now + 2 * HOUR, refreshAt: clock.now + HOUR }, 2 * HOUR);
        throw rejected();
      }
      return token;
    });
    expect(seen).toEqual(['token-1', 'from-other-node']);
    expect(result).toBe('from-other-node');
    expect(source.calls).toBe(1);
    expect((await store.get(KEY))?.token).toBe('from-other-node');
  });

  it('does not refetch or retry on other errors', async () => {
    const { cache, source } = setup();
    let calls = 0;
    await expect(
      cache.withToken(async () => {
        calls += 1;
        throw new WeComApiError('/cgi-bin/user/get', 60020, 'not allow to access from your ip');
      }),
    ).rejects.toMatchObject({ errcode: 60020 });
    expect(calls).toBe(1);
    expect(source.calls).toBe(1);
  });

  it('invalidate forgets the token', async () => {
    const { cache, source } = setup();
    await cache.get();
    await cache.invalidate();
    expect(await cache.get()).toBe('token-2');
    expect(source.calls).toBe(2);
  });

  it('a failed fetch is not cached: the next caller tries again', async () => {
    const { cache, source } = setup();
    source.failNext(new WeComApiError('/cgi-bin/gettoken', 40001, 'invalid credential'));
    await expect(cache.get()).rejects.toMatchObject({ errcode: 40001 });
    expect(await cache.get()).toBe('token-2');
  });
});

describe('retryWhenBusy', () => {
  const busy = () => new WeComApiError('/cgi-bin/user/get', -1, 'system busy');

  it('retries -1 with the configured delays and returns the eventual success', async () => {
    const slept: number[] = [];
    let attempts = 0;
    const result = await retryWhenBusy(
      async () => {
        attempts += 1;
        if (attempts <= 2) throw busy();
        return 'ok';
      },
      { delaysMs: [10, 20, 40], sleep: async (ms) => void slept.push(ms) },
    );
    expect(result).toBe('ok');
    expect(attempts).toBe(3);
    expect(slept).toEqual([10, 20]);
  });

  it('stops after 3 retries', async () => {
    let attempts = 0;
    await expect(
      retryWhenBusy(
        async () => {
          attempts += 1;
          throw busy();
        },
        { sleep: async () => undefined },
      ),
    ).rejects.toMatchObject({ errcode: -1 });
    expect(attempts).toBe(4);
  });

  it.each([45009, 45033, 40029])('never retries %i', async (errcode) => {
    let attempts = 0;
    await expect(
      retryWhenBusy(async () => {
        attempts += 1;
        throw new WeComApiError('/cgi-bin/user/get', errcode, 'x');
      }),
    ).rejects.toMatchObject({ errcode });
    expect(attempts).toBe(1);
  });
});

describe('MemoryTokenStore and MemoryLock', () => {
  it('the store forgets entries after their ttl', async () => {
    const clock = { now: 0 };
    const store = new MemoryTokenStore({ now: () => clock.now });
    await store.set('k', { token: 't', expiresAt: 1000 }, 1000);
    clock.now = 999;
    expect(await store.get('k')).toEqual({ token: 't', expiresAt: 1000 });
    clock.now = 1000;
    expect(await store.get('k')).toBeUndefined();
  });

  it('the lock runs holders of one key one at a time, other keys in parallel, and survives a throwing holder', async () => {
    const lock = new MemoryLock();
    const events: string[] = [];
    const hold = (key: string, name: string, ms: number, fail = false) =>
      lock.runExclusive(key, async () => {
        events.push(`${name}+`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        events.push(`${name}-`);
        if (fail) throw new Error(name);
        return name;
      }, 1000);
    const results = await Promise.allSettled([hold('a', 'first', 30, true), hold('a', 'second', 5), hold('b', 'other', 5)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(events.indexOf('second+')).toBeGreaterThan(events.indexOf('first-'));
    expect(events.indexOf('other+')).toBeLessThan(events.indexOf('first-'));
  });
});

describe('MemoryLock lease', () => {
  it('releases the lock after ttlMs even if the holder never finishes', async () => {
    const lock = new MemoryLock();
    void lock.runExclusive('k', () => new Promise<never>(() => undefined), 30);
    const started = Date.now();
    await expect(lock.runExclusive('k', async () => 'next', 1000)).resolves.toBe('next');
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});
