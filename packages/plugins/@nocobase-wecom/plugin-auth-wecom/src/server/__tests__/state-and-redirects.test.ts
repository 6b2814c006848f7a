import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sanitizeRedirect } from '../flow/redirect-target';
import { Browser } from './helpers/browser';
import { createAuthenticator, ORIGIN, SECRET, startHarness, type Harness } from './helpers/harness';

function signinError(location: string) {
  const url = new URL(location, ORIGIN);
  expect(url.pathname).toBe('/signin');
  // the state is unknown in some cases; with one WeCom authenticator the error is still shown on its button
  expect(url.searchParams.get('authenticator')).toBe('wecom');
  return url.searchParams.get('error');
}

describe('state and redirects', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    await createAuthenticator(h);
    // bind zhangsan (first sign-in inside WeCom), so PC sign-ins below succeed
    const first = await Browser.inWeCom(h.app, h.emulator).signIn('wecom', { userid: 'zhangsan' });
    expect(first.location).toMatch(/^\/admin\?authenticator=wecom&wecom_handoff=/);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('state', () => {
    it('missing', async () => {
      const response = await new Browser(h.app, h.emulator).callback('/wecom:callback?code=abc');
      expect(response.status).toBe(302);
      expect(signinError(response.headers.location)).toBe('The sign-in request has no state. Please start the sign-in again.');
    });

    it.each(['abc123', 'not-alphanumeric!', 'x'.repeat(200)])('unknown: %s', async (state) => {
      const response = await new Browser(h.app, h.emulator).callback(`/wecom:callback?code=abc&state=${encodeURIComponent(state)}`);
      expect(response.status).toBe(302);
      expect(signinError(response.headers.location)).toBe('This sign-in request is unknown. Please start the sign-in again.');
    });

    it('expired after 10 minutes', async () => {
      const browser = new Browser(h.app, h.emulator);
      const started = await browser.getAuthUrl('wecom');
      const path = await browser.passWeCom(started.body.data.url, { userid: 'zhangsan' });
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 10 * 60_000 + 5_000);
      const response = await browser.callback(path);
      expect(signinError(response.headers.location)).toBe('This sign-in request has expired. Please start the sign-in again.');
    });

    it('replayed: a state is consumed once', async () => {
      const browser = new Browser(h.app, h.emulator);
      const started = await browser.getAuthUrl('wecom');
      const path = await browser.passWeCom(started.body.data.url, { userid: 'zhangsan' });
      const first = await browser.callback(path);
      expect(first.headers.location).toMatch(/^\/admin\?authenticator=wecom&wecom_handoff=/);
      const second = await browser.callback(path);
      expect(signinError(second.headers.location)).toBe('This sign-in request was already used. Please start the sign-in again.');
    });

    it('replayed in parallel: only one of ten identical callbacks signs in', async () => {
      const browser = new Browser(h.app, h.emulator);
      const started = await browser.getAuthUrl('wecom');
      const path = await browser.passWeCom(started.body.data.url, { userid: 'zhangsan' });
      const responses = await Promise.all(Array.from({ length: 10 }, () => browser.callback(path)));
      const locations = responses.map((response) => response.headers.location as string);
      expect(locations.filter((location) => location.startsWith('/admin?authenticator=wecom&wecom_handoff='))).toHaveLength(1);
      expect(locations.filter((location) => location.includes('already%20used') || location.includes('already+used'))).toHaveLength(9);
    });

    it("another browser's state is refused", async () => {
      const victim = new Browser(h.app, h.emulator);
      const started = await victim.getAuthUrl('wecom');
      const path = await victim.passWeCom(started.body.data.url, { userid: 'zhangsan' });
      const response = await new Browser(h.app, h.emulator).callback(path);
      expect(signinError(response.headers.location)).toBe(
        'This sign-in was started in another browser. Please start the sign-in again in this browser.',
      );
    });

    it('a callback without a code (consent declined) is a clear error', async () => {
      const browser = new Browser(h.app, h.emulator);
      const started = await browser.getAuthUrl('wecom');
      const state = new URL(started.body.data.url).searchParams.get('state');
      const response = await browser.callback(`/wecom:callback?state=${state}`);
      expect(signinError(response.headers.location)).toBe('WeCom did not return an authorization code. Please start the sign-in again.');
    });

    it('no input makes the callback answer anything but a redirect', async () => {
      const inputs = ['', '?state[]=a&state[]=b', '?code[x]=1&state={}', `?state=${'%'.repeat(10)}`, '?code=%00&state=%0d%0a'];
      for (const query of inputs) {
        const response = await new Browser(h.app, h.emulator).callback(`/wecom:callback${query}`);
        expect(response.status, query).toBe(302);
        expect(response.text, query).not.toMatch(/at .*\.(ts|js):\d+/);
      }
    });
  });

  describe('redirect targets', () => {
    const refused = [
      '//evil.example.com',
      '/\\evil.example.com',
      '\\\\evil.example.com',
      'https://evil.example.com',
      'javascript:alert(1)',
      '/%2F%2Fevil.example.com',
      '%2F%2Fevil.example.com',
      '/%252F%252Fevil.example.com',
      '/%5Cevil.example.com',
      '/%5C%5Cevil.example.com',
      '/\tevil',
      '/admin\r\nSet-Cookie: x=1',
      '/%0d%0aSet-Cookie:x',
      'admin',
    ];

    it.each(refused)('refuses %j and sends the member to the default target', async (redirect) => {
      const outcome = await new Browser(h.app, h.emulator).signIn('wecom', { userid: 'zhangsan' }, redirect);
      expect(outcome.status).toBe(302);
      expect(outcome.location).toMatch(/^\/admin\?authenticator=wecom&wecom_handoff=[^&]+$/);
    });

    it.each([
      ['/admin/settings', '/admin/settings?authenticator=wecom&wecom_handoff='],
      ['/m', '/m?authenticator=wecom&wecom_handoff='],
      ['/admin/x?tab=1', '/admin/x?tab=1&authenticator=wecom&wecom_handoff='],
      ['/admin/x#part', '/admin/x?authenticator=wecom&wecom_handoff='],
    ])('keeps %j', async (redirect, prefix) => {
      const outcome = await new Browser(h.app, h.emulator).signIn('wecom', { userid: 'zhangsan' }, redirect);
      expect(outcome.location.startsWith(prefix)).toBe(true);
    });

    it('honours APP_PUBLIC_PATH', async () => {
      const browser = new Browser(h.app, h.emulator);
      const started = await browser.getAuthUrl('wecom', '/admin/x');
      const path = await browser.passWeCom(started.body.data.url, { userid: 'zhangsan' });
      // set only now: the flow cookie's path follows APP_PUBLIC_PATH, and the mock server has no such prefix
      const previous = process.env.APP_PUBLIC_PATH;
      process.env.APP_PUBLIC_PATH = '/nocobase/';
      try {
        const response = await browser.callback(path);
        expect(response.headers.location).toMatch(/^\/nocobase\/admin\/x\?authenticator=wecom&wecom_handoff=/);
      } finally {
        if (previous === undefined) delete process.env.APP_PUBLIC_PATH;
        else process.env.APP_PUBLIC_PATH = previous;
      }
    });

    it('sanitizeRedirect refuses encoded and control-character forms', () => {
      for (const value of refused) expect(sanitizeRedirect(value), value).toBeUndefined();
      expect(sanitizeRedirect('/admin/a%20b')).toBe('/admin/a%20b');
    });
  });

  it('authenticators:publicList shows the public options only', async () => {
    const response = await h.app.agent().get('/authenticators:publicList');
    const wecom = response.body.data.find((item: { name: string }) => item.name === 'wecom');
    expect(Object.keys(wecom.options).sort()).toEqual(['autoLogin', 'autoSignup', 'signInMode']);
    const text = JSON.stringify(response.body);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('corpId');
    expect(text).not.toContain(h.emulator.url);
  });

  it('with the login panel, publicList also gives the page its origin and login host, and still no secret', async () => {
    await createAuthenticator(h, { name: 'panel', public: { signInMode: 'panel' } });
    const response = await h.app.agent().get('/authenticators:publicList');
    const panel = response.body.data.find((item: { name: string }) => item.name === 'panel');
    expect(panel.options).toMatchObject({ signInMode: 'panel', panelOrigin: ORIGIN, panelLoginHost: new URL(h.emulator.url).host });
    const text = JSON.stringify(panel);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('corpId');
  });
});
