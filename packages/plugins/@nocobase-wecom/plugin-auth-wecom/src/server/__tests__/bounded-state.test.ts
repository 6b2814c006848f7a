import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startWeComEmulator, type WeComEmulator } from '@nocobase-wecom/wecom-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_STORE_MAX, signInStore } from '../flow/sign-in-store';
import { Browser } from './helpers/browser';
import { createAuthenticator, ORIGIN, startHarness, testSeed, type Harness } from './helpers/harness';

/** The app on a port of its own: a flood through supertest would open a server per request. */
async function listen(h: Harness): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(h.app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Runs `count` requests, `parallel` at a time. */
async function flood(count: number, parallel: number, send: (index: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) await send(next++);
    }),
  );
}

describe('what a sign-in stores, and what anyone can make it store', () => {
  let h: Harness;

  /** Names the local lock adapter holds: it never forgets one. */
  async function lockNames(): Promise<string[]> {
    const adapter = await (h.app.lockManager as unknown as { getAdapter(): Promise<{ constructor: { locks: Map<string, unknown> } }> }).getAdapter();
    return [...adapter.constructor.locks.keys()];
  }
  const lockCount = async () => (await lockNames()).length;
  const cacheKeys = async () => (await h.app.cache.keys()).length;
  const storeKeys = async () => (await ((await signInStore(h.app)) as unknown as { keys(): Promise<string[]> }).keys()).length;

  beforeAll(async () => {
    h = await startHarness();
    await createAuthenticator(h);
    // bind zhangsan, so later sign-ins are one WeCom call
    await Browser.inWeCom(h.app, h.emulator).signIn('wecom', { userid: 'zhangsan' });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('10,000 callbacks with states nobody issued leave the lock manager, the cache and the sign-in store as they were', async () => {
    const before = { locks: await lockCount(), cache: await cacheKeys(), store: await storeKeys() };
    const server = await listen(h);
    try {
      await flood(10_000, 16, async (index) => {
        // well-formed for WeCom; half of them shaped exactly like ours, with a made-up signature
        const state = index % 2 ? randomBytes(30).toString('hex') : `${randomBytes(16).toString('hex')}${Date.now().toString(36).padStart(9, '0')}${randomBytes(16).toString('hex')}`;
        const response = await fetch(`${server.url}/wecom:callback?code=x&state=${state}`, { redirect: 'manual' });
        expect(response.status).toBe(302);
        await response.arrayBuffer();
      });
    } finally {
      await server.close();
    }
    const agent = h.app.agent();
    expect({ locks: await lockCount(), cache: await cacheKeys(), store: await storeKeys() }).toEqual(before);
    const last = await agent.get(`/wecom:callback?code=x&state=${randomBytes(30).toString('hex')}`);
    expect(new URL(last.headers.location, ORIGIN).searchParams.get('error')).toBe('This sign-in request is unknown. Please start the sign-in again.');
  });

  it('sign-ins take their locks from a fixed set of names, never one per state, code or member', async () => {
    for (let round = 0; round < 40; round += 1) await new Browser(h.app, h.emulator).signIn('wecom', { userid: 'zhangsan' });
    await Browser.inWeCom(h.app, h.emulator).signIn('wecom', { userid: 'lisi' });
    const ours = (await lockNames()).filter((name) => name.startsWith('wecom:'));
    const unexpected = ours.filter((name) => !/^wecom:(sign-in|bind):\d{1,2}$|^wecom:sqlite-writes$|^wecom:access-token:/.test(name));
    expect(unexpected).toEqual([]);
    expect(ours.filter((name) => name.startsWith('wecom:access-token:'))).toHaveLength(1);
  });

  it('5,000 starts from one address leave a pending sign-in and the cached access token intact, and store nothing', async () => {
    const pending = new Browser(h.app, h.emulator);
    const started = await pending.getAuthUrl('wecom', '/admin/pending');
    const callback = await pending.passWeCom(started.body.data.url, { userid: 'zhangsan' });
    const before = { cache: await cacheKeys(), store: await storeKeys() };
    h.emulator.clearCalls();

    const server = await listen(h);
    try {
      await flood(5_000, 16, async (index) => {
        const response = index % 2
          ? await fetch(`${server.url}/wecom:entry?authenticator=wecom&redirect=%2Fadmin`, { redirect: 'manual' })
          : await fetch(`${server.url}/wecom:getAuthUrl`, { method: 'POST', headers: { 'X-Authenticator': 'wecom', 'Content-Type': 'application/json' }, body: '{}' });
        expect(response.status).toBe(index % 2 ? 302 : 200);
        await response.arrayBuffer();
      });
    } finally {
      await server.close();
    }
    expect({ cache: await cacheKeys(), store: await storeKeys() }).toEqual(before);

    const response = await pending.callback(callback);
    expect(response.headers.location).toMatch(/^\/admin\/pending\?authenticator=wecom&wecom_handoff=/);
    // the access token was still cached: no gettoken
    expect(h.emulator.calls('/cgi-bin/gettoken')).toHaveLength(0);
  });

  it('the sign-in store has a bound of its own, apart from NocoBase\'s cache', async () => {
    const store = await signInStore(h.app);
    expect(store).not.toBe(h.app.cache);
    for (let index = 0; index < SIGN_IN_STORE_MAX + 500; index += 1) await store.set(`probe:${index}`, 1, 60_000);
    expect(await storeKeys()).toBeLessThanOrEqual(SIGN_IN_STORE_MAX);
    const outcome = await new Browser(h.app, h.emulator).signIn('wecom', { userid: 'zhangsan' });
    expect(outcome.token).toBeTruthy();
  });

  it('the locale stored for a sign-in is a language tag, or nothing', async () => {
    const browser = new Browser(h.app, h.emulator);
    const started = await browser.agent.post(`/wecom:getAuthUrl?locale=${'zh-CN'.repeat(2000)}`).set('X-Authenticator', 'wecom').send({});
    expect(started.status).toBe(200);
    const cookie = String(started.headers['set-cookie']);
    expect(cookie.length).toBeLessThan(4096);
    expect(cookie).not.toContain('zh-CNzh-CN');
  });
});

describe('the flow cookie', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    await createAuthenticator(h);
  });

  afterAll(async () => {
    await h?.close();
  });

  const flowCookie = (response: { headers: Record<string, unknown> }) =>
    ([] as string[]).concat((response.headers['set-cookie'] as string[]) ?? []).find((cookie) => cookie.startsWith('nocobase_wecom_flow='));

  it('is issued by the server: a value the browser made up is replaced, never adopted', async () => {
    const chosen = 'A'.repeat(43);
    for (const planted of [chosen, `${Buffer.from(JSON.stringify({ n: chosen, f: [] })).toString('base64url')}.${'0'.repeat(32)}`]) {
      const response = await h.app.agent().post('/wecom:getAuthUrl').set('X-Authenticator', 'wecom').set('Cookie', `nocobase_wecom_flow=${planted}`).send({});
      const issued = flowCookie(response);
      expect(issued).toMatch(/HttpOnly/i);
      expect(issued).toMatch(/SameSite=Lax/i);
      const value = issued!.split(';')[0].slice('nocobase_wecom_flow='.length);
      expect(value).not.toBe(planted);
      expect(Buffer.from(value.split('.')[0], 'base64url').toString()).not.toContain(chosen);
    }
  });

  it('a state whose record was planted in a forged cookie is refused', async () => {
    const victim = new Browser(h.app, h.emulator);
    const started = await victim.getAuthUrl('wecom');
    const state = new URL(started.body.data.url).searchParams.get('state')!;
    const forged = `${Buffer.from(JSON.stringify({ n: 'B'.repeat(43), f: [{ state, authenticator: 'wecom', redirect: '/x', flow: 'web', issuedAt: Date.now() }] })).toString('base64url')}.${'1'.repeat(32)}`;
    const response = await h.app.agent().get(`/wecom:callback?code=x&state=${state}`).set('Cookie', `nocobase_wecom_flow=${forged}`);
    expect(new URL(response.headers.location, ORIGIN).searchParams.get('error')).toBe(
      'This sign-in was started in another browser. Please start the sign-in again in this browser.',
    );
  });

  it('on https it is a __Host- cookie: Secure, Path=/', async () => {
    const response = await h.app.agent().post('/wecom:getAuthUrl').set('X-Authenticator', 'wecom').set('X-Forwarded-Proto', 'https').send({});
    const cookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((value) => value.startsWith('__Host-nocobase_wecom_flow='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*path=\/;/i);
    expect(cookie).toMatch(/secure/i);
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).not.toMatch(/domain=/i);
  });

  it('keeps several sign-ins of one browser apart (two tabs)', async () => {
    const browser = new Browser(h.app, h.emulator);
    await Browser.inWeCom(h.app, h.emulator).signIn('wecom', { userid: 'lisi' });
    const first = await browser.getAuthUrl('wecom', '/admin/one');
    const second = await browser.getAuthUrl('wecom', '/admin/two');
    const backFromSecond = await browser.passWeCom(second.body.data.url, { userid: 'lisi' });
    const backFromFirst = await browser.passWeCom(first.body.data.url, { userid: 'lisi' });
    expect((await browser.callback(backFromFirst)).headers.location).toMatch(/^\/admin\/one\?/);
    expect((await browser.callback(backFromSecond)).headers.location).toMatch(/^\/admin\/two\?/);
  });
});

describe('the access token cache', () => {
  let h: Harness;
  let other: WeComEmulator;

  beforeAll(async () => {
    h = await startHarness();
    other = await startWeComEmulator({ seed: testSeed() });
    await createAuthenticator(h);
    await createAuthenticator(h, { name: 'elsewhere', wecom: { apiBaseUrl: other.url, oauthBaseUrl: other.url, webLoginBaseUrl: other.url } });
  });

  afterAll(async () => {
    await h?.close();
    await other?.close();
  });

  it('two authenticators with the same corp and agent ids and other base URLs never share a token', async () => {
    for (const [name, emulator] of [['wecom', h.emulator], ['elsewhere', other]] as const) {
      const browser = Browser.inWeCom(h.app, emulator);
      const outcome = await browser.signIn(name, { userid: 'lisi' });
      expect(outcome.token, name).toBeTruthy();
    }
    for (const emulator of [h.emulator, other]) {
      expect(emulator.calls('/cgi-bin/gettoken')).toHaveLength(1);
      // a token from the other server would be answered 40014 (invalid access_token) and replaced
      expect(emulator.calls().filter((call) => call.errcode !== null && call.errcode !== 0)).toEqual([]);
    }
  });
});
