import { describe, expect, it } from 'vitest';
import type { Application as V1Application } from '@nocobase/client';
import type { Application as V2Application } from '@nocobase/client-v2';
import { v1Host } from '../../client/host';
import { v2Host } from '../../client-v2/host';
import { searchWithout } from '../../common/target-path';
import { type HandOffHost, type HandOffPage, INVALID_LINK_MESSAGE, redeemHandOff } from '../hand-off';
import type { ApiRequest } from '../host';

const CODE = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJ1c2VySWQiOjJ9.c2lnbmF0dXJl';

/** Everything that happened, in order: requests, address changes, navigations, stored sessions. */
type Event =
  | { type: 'request'; config: ApiRequest }
  | { type: 'replaceState'; url: string; state: unknown }
  | { type: 'navigate'; url: string }
  | { type: 'setSession'; token: string; authenticator: string };

type Answer = { data: unknown; status?: number } | { error: unknown };

/** What NocoBase answers for a refused code: 400, `{ errors: [{ message }] }` (resolved: `validateStatus` accepts it). */
const refused = (message: string): Answer => ({ status: 400, data: { errors: [{ message }] } });

function fixture(href: string, answer: Answer = { data: { data: { token: TOKEN } } }, hostOverrides: Partial<HandOffHost> = {}) {
  const events: Event[] = [];
  const url = new URL(href, 'http://app.test');
  const state = { usr: 'router state', key: 'k1' };
  const page: HandOffPage = {
    location: { pathname: url.pathname, search: url.search, hash: url.hash },
    history: {
      state,
      replaceState: (data: unknown, _unused: string, next?: string | URL | null) => void events.push({ type: 'replaceState', url: String(next), state: data }),
    },
    navigate: (next) => void events.push({ type: 'navigate', url: next }),
  };
  const host: HandOffHost = {
    api: {
      request: async (config) => {
        events.push({ type: 'request', config });
        if ('error' in answer) throw answer.error;
        // axios resolves what `validateStatus` accepts and rejects the rest, as NocoBase's API client does.
        const status = answer.status ?? 200;
        if (!(config.validateStatus ?? ((code: number) => code < 400))(status)) {
          throw Object.assign(new Error(`Request failed with status code ${status}`), { response: { status, data: answer.data } });
        }
        return { status, data: answer.data };
      },
    },
    setSession: (token, authenticator) => void events.push({ type: 'setSession', token, authenticator }),
    signInPath: '/signin',
    targetOf: (pathname, search) => `${pathname}${search}`,
    defaultTarget: '/admin',
    appPaths: { appPublicPath: '/', apiBasePath: '/api/' },
    ...hostOverrides,
  };
  /** Every address the page was given: replaced URLs and navigations. */
  const addresses = () => events.flatMap((event) => (event.type === 'replaceState' || event.type === 'navigate' ? [event.url] : []));
  return { page, host, events, state, addresses };
}

describe('redeemHandOff', () => {
  it('does nothing on a page without a hand-off code (no request, the address untouched)', async () => {
    for (const href of ['/admin', '/admin?authenticator=wecom', '/admin?authenticator=wecom&token=x', '/signin?authenticator=wecom&error=x']) {
      const { page, host, events } = fixture(href);
      expect(await redeemHandOff(host, page)).toEqual({ kind: 'none' });
      expect(events).toEqual([]);
    }
  });

  it('takes the code and authenticator out of the address first, then redeems by XHR and stores the token', async () => {
    const { page, host, events, state } = fixture(`/admin/orders?tab=2&q=a%20b&flag&authenticator=wecom&wecom_handoff=${CODE}#row-3`);
    expect(await redeemHandOff(host, page)).toEqual({ kind: 'redeemed', authenticator: 'wecom' });
    expect(events).toEqual([
      // Path, the other parameters exactly as written, the hash, and the router's state all stay.
      { type: 'replaceState', url: '/admin/orders?tab=2&q=a%20b&flag#row-3', state },
      {
        type: 'request',
        config: { url: 'wecom:redeem', method: 'post', data: { code: CODE }, skipNotify: true, validateStatus: expect.any(Function) },
      },
      { type: 'setSession', token: TOKEN, authenticator: 'wecom' },
    ]);
  });

  it('leaves a bare path when only the hand-off params were in the query', async () => {
    const { page, host, addresses } = fixture(`/v/admin?wecom_handoff=${CODE}&authenticator=wecom`);
    await redeemHandOff(host, page);
    expect(addresses()).toEqual(['/v/admin']);
  });

  it('accepts a response without NocoBase\'s data wrapping', async () => {
    const { page, host, events } = fixture(`/admin?authenticator=wecom&wecom_handoff=${CODE}`, { data: { token: TOKEN } });
    expect(await redeemHandOff(host, page)).toEqual({ kind: 'redeemed', authenticator: 'wecom' });
    expect(events.at(-1)).toEqual({ type: 'setSession', token: TOKEN, authenticator: 'wecom' });
  });

  it('never puts the token in an address, on success or failure', async () => {
    for (const answer of [{ data: { data: { token: TOKEN } } }, refused('This sign-in link was already used. Please sign in again.')]) {
      const { page, host, addresses } = fixture(`/admin?authenticator=wecom&wecom_handoff=${CODE}`, answer);
      await redeemHandOff(host, page);
      expect(addresses().length).toBeGreaterThan(0);
      for (const address of addresses()) {
        expect(address).not.toContain(TOKEN);
        expect(address).not.toContain(CODE);
        expect(address).not.toMatch(/[?&]token=/);
        expect(address).not.toContain('wecom_handoff');
      }
    }
  });

  for (const message of [
    'This sign-in link was already used. Please sign in again.',
    'This sign-in link has expired. Please sign in again.',
    'This sign-in was completed in another browser. Please sign in again in this browser.',
    '此登录链接已被使用，请重新登录。',
  ]) {
    it(`a refused code goes to the sign-in page with the server's message and clears nothing: ${message}`, async () => {
      const { page, host, events } = fixture(`/admin/orders?tab=2&authenticator=wecom&wecom_handoff=${CODE}`, refused(message));
      const outcome = await redeemHandOff(host, page);
      const expected = `/signin?${new URLSearchParams({ authenticator: 'wecom', error: message, redirect: '/admin/orders?tab=2' })}`;
      expect(outcome).toEqual({ kind: 'failed', authenticator: 'wecom', message, signInUrl: expected });
      expect(events.map((event) => event.type)).toEqual(['replaceState', 'request', 'navigate']);
      expect(events.at(-1)).toEqual({ type: 'navigate', url: expected });
    });
  }

  it('comes back to the modern UI\'s sign-in page, with a /v/ target', async () => {
    const { page, host, events } = fixture(
      `/v/admin/x?authenticator=wecom&wecom_handoff=${CODE}`,
      refused('This sign-in link has expired. Please sign in again.'),
      { signInPath: '/v/signin', defaultTarget: '/v/admin' },
    );
    await redeemHandOff(host, page);
    const navigated = new URL((events.at(-1) as { url: string }).url, 'http://app.test');
    expect(navigated.pathname).toBe('/v/signin');
    expect(navigated.searchParams.get('redirect')).toBe('/v/admin/x');
    expect(navigated.searchParams.get('authenticator')).toBe('wecom');
  });

  it('the redirect after a failure is a page of the app without hand-off params, else the default target', async () => {
    const planted = fixture(`/admin/x?token=planted&error=e&a=1&authenticator=wecom&wecom_handoff=${CODE}`, refused('no'));
    await redeemHandOff(planted.host, planted.page);
    expect(new URL((planted.events.at(-1) as { url: string }).url, 'http://app.test').searchParams.get('redirect')).toBe('/admin/x?a=1');

    const unsafe = fixture(`/api/users:destroy?authenticator=wecom&wecom_handoff=${CODE}`, refused('no'));
    await redeemHandOff(unsafe.host, unsafe.page);
    expect(new URL((unsafe.events.at(-1) as { url: string }).url, 'http://app.test').searchParams.get('redirect')).toBe('/admin');
  });

  it('a response without a token is a failure, with the server\'s own "not valid" message (a translation key)', async () => {
    const { page, host, events } = fixture(`/admin?authenticator=wecom&wecom_handoff=${CODE}`, { data: { data: {} } });
    expect(await redeemHandOff(host, page)).toMatchObject({ kind: 'failed', message: INVALID_LINK_MESSAGE });
    expect(events.some((event) => event.type === 'setSession')).toBe(false);
  });

  it('reads an error answer itself: the host\'s error interceptors never see it (they need a router load() does not have)', async () => {
    const { page, host, events } = fixture(`/admin?authenticator=wecom&wecom_handoff=${CODE}`, refused('This sign-in link has expired. Please sign in again.'));
    await redeemHandOff(host, page);
    const config = (events.find((event) => event.type === 'request') as { config: ApiRequest }).config;
    for (const status of [200, 400, 401, 403, 500, 502]) expect(config.validateStatus?.(status)).toBe(true);
  });

  it('an error answer in another shape still fails with a message', async () => {
    const { page, host } = fixture(`/admin?authenticator=wecom&wecom_handoff=${CODE}`, { status: 502, data: '<html>Bad gateway</html>' });
    expect(await redeemHandOff(host, page)).toMatchObject({ kind: 'failed', message: 'HTTP 502' });
  });

  it('a transport failure is a failure too (its message shown), and clears nothing', async () => {
    const { page, host, events } = fixture(`/admin?authenticator=wecom&wecom_handoff=${CODE}`, { error: new Error('Network Error') });
    expect(await redeemHandOff(host, page)).toMatchObject({ kind: 'failed', message: 'Network Error' });
    expect(events.some((event) => event.type === 'setSession')).toBe(false);
  });

  it('a code without an authenticator is taken out of the address and not redeemed', async () => {
    const { page, host, events } = fixture(`/admin?x=1&wecom_handoff=${CODE}`);
    expect(await redeemHandOff(host, page)).toEqual({ kind: 'none' });
    expect(events).toEqual([{ type: 'replaceState', url: '/admin?x=1', state: expect.anything() }]);
  });

  it('a made-up code in a link: refused by the server, shown, and the signed-in member keeps the session', async () => {
    const { page, host, events } = fixture('/admin?authenticator=wecom&wecom_handoff=made-up', refused('This sign-in link is not valid. Please sign in again.'));
    expect(await redeemHandOff(host, page)).toMatchObject({ kind: 'failed' });
    // No way to sign out goes through here: the only session call is setSession, after a redeemed code.
    expect(events.some((event) => event.type === 'setSession')).toBe(false);
  });
});

describe('searchWithout', () => {
  it('drops the named parameters and keeps the rest exactly as written', () => {
    expect(searchWithout('?a=1&authenticator=wecom&b=%2F+x&wecom_handoff=c', ['authenticator', 'wecom_handoff'])).toBe('?a=1&b=%2F+x');
    expect(searchWithout('?wecom%5Fhandoff=c&a', ['wecom_handoff'])).toBe('?a');
    expect(searchWithout('?authenticator=wecom', ['authenticator'])).toBe('');
    expect(searchWithout('', ['authenticator'])).toBe('');
    expect(searchWithout('?&&a=1&', ['x'])).toBe('?a=1');
  });
});

describe('the lanes\' hosts', () => {
  function fakeAuth() {
    const calls: Array<[string, string | null]> = [];
    const auth = {
      token: null as string | null,
      authenticator: null as string | null,
      locale: null,
      setToken: (value: string | null) => void calls.push(['setToken', value]),
      setAuthenticator: (value: string | null) => void calls.push(['setAuthenticator', value]),
    };
    return { auth, calls };
  }
  const origin = { origin: 'http://app.test' };

  it('v1: app paths without the public path, the sign-in href, the API base path; the session goes to NocoBase\'s auth', () => {
    const { auth, calls } = fakeAuth();
    const app = {
      apiClient: { auth, axios: { defaults: { baseURL: 'http://app.test/nocobase/api/' } }, request: async () => ({ data: {} }) },
      getPublicPath: () => '/nocobase/',
      getHref: (path: string) => `/nocobase/${path}`,
      getApiUrl: (path: string) => `http://app.test/nocobase/api/${path}`,
      i18n: { language: 'en-US' },
    } as unknown as V1Application;
    (globalThis as { window?: unknown }).window = { location: origin };
    try {
      const host = v1Host(app);
      expect(host.appPaths).toEqual({ appPublicPath: '/nocobase/', apiBasePath: '/nocobase/api/' });
      expect(host.signInPath).toBe('/nocobase/signin');
      expect(host.defaultTarget).toBe('/admin');
      expect(host.targetOf('/nocobase/admin/x', '?a=1&authenticator=wecom&wecom_handoff=c')).toBe('/admin/x?a=1');
      host.setSession('t', 'wecom');
      expect(calls).toEqual([
        ['setToken', 't'],
        ['setAuthenticator', 'wecom'],
      ]);
    } finally {
      delete (globalThis as { window?: unknown }).window;
    }
  });

  it('v2: targets keep the modern prefix; APP_PUBLIC_PATH is the modern public path\'s parent', () => {
    const { auth } = fakeAuth();
    const app = {
      apiClient: { auth, axios: { defaults: { baseURL: '/api/' } }, request: async () => ({ data: {} }) },
      getPublicPath: () => '/v/',
      getRouteUrl: (path: string) => `/v/${path}`,
      getApiUrl: (path: string) => `http://app.test/api/${path}`,
      i18n: { language: 'en-US' },
    } as unknown as V2Application;
    (globalThis as { window?: unknown }).window = { location: origin };
    try {
      const host = v2Host(app);
      expect(host.appPaths).toEqual({ appPublicPath: '/', apiBasePath: '/api/' });
      expect(host.signInPath).toBe('/v/signin');
      expect(host.defaultTarget).toBe('/v/admin');
      expect(host.targetOf('/v/admin/x', '?wecom_handoff=c&authenticator=wecom')).toBe('/v/admin/x');
    } finally {
      delete (globalThis as { window?: unknown }).window;
    }
  });
});
