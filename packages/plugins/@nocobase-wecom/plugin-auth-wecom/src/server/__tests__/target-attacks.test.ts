import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTargetPath } from '../../common/target-path';
import { Browser, type Outcome } from './helpers/browser';
import { createAuthenticator, ORIGIN, startHarness, type Harness } from './helpers/harness';

/**
 * One link, one tap inside WeCom: the post-sign-in target must never make the member's browser act on the API.
 * NocoBase takes `?token=` as a bearer token, runs actions from a GET and skips its CSRF check for GET, so a
 * landing on `/api/users:destroy?filterByTk=…` with a token would delete a user with the member's rights.
 */
describe('post-sign-in targets an attacker chooses', () => {
  let h: Harness;
  let victimId: number;

  const users = () => h.app.db.getRepository('users');

  /** What the member's browser does with the final Location: a page loads; an API path runs as a request. */
  async function land(browser: Browser, outcome: Outcome) {
    const url = new URL(outcome.location, ORIGIN);
    if (!url.pathname.startsWith('/api/')) return undefined;
    // The mock server serves the API without its /api prefix; the rest of the address goes as the browser sent it.
    const headers: Record<string, string> = outcome.token ? { Authorization: `Bearer ${outcome.token}` } : {};
    return browser.agent.get(`${url.pathname.slice(4)}${url.search}`).set(headers);
  }

  beforeAll(async () => {
    h = await startHarness({ acl: true });
    await createAuthenticator(h);
    // An admin who is also the WeCom member zhangsan, already bound: inside WeCom they sign in silently.
    const admin = await users().create({ values: { nickname: 'Admin Zhang', phone: '13800000001', roles: ['admin'] } });
    await h.app.db.getRepository('usersAuthenticators').create({ values: { authenticator: 'wecom', uuid: 'zhangsan', userId: admin.get('id') } });
    const victim = await users().create({ values: { nickname: 'Victim', username: 'victim' } });
    victimId = victim.get('id') as number;
  });

  afterAll(async () => {
    await h?.close();
  });

  it('the admin may delete and update users (so the attacks below could succeed)', async () => {
    const browser = Browser.inWeCom(h.app, h.emulator);
    const outcome = await browser.signIn('wecom', { userid: 'zhangsan' });
    const spare = await users().create({ values: { nickname: 'Spare' } });
    const destroyed = await h.app.agent().get(`/users:destroy?filterByTk=${spare.get('id')}`).set('Authorization', `Bearer ${outcome.token}`);
    expect(destroyed.status).toBe(200);
    expect(await users().count({ filter: { id: spare.get('id') } })).toBe(0);
  });

  it.each([
    ['destroy', (id: number) => `/api/users:destroy?filterByTk=${id}`],
    ['update', (id: number) => `/api/users:update?filterByTk=${id}&values[nickname]=pwned`],
    ['destroy, encoded', (id: number) => `/%61pi/users:destroy?filterByTk=${id}`],
    ['destroy, upper case', (id: number) => `/API/users:destroy?filterByTk=${id}`],
    ['destroy, through a dot segment', (id: number) => `/admin/../api/users:destroy?filterByTk=${id}`],
    ['destroy, through an encoded dot segment', (id: number) => `/admin/%2e%2e/api/users:destroy?filterByTk=${id}`],
  ])('wecom:entry with an API target (%s) lands on the default page and the victim keeps their data', async (_, target) => {
    const browser = Browser.inWeCom(h.app, h.emulator);
    const started = await browser.agent.get(`/wecom:entry?authenticator=wecom&redirect=${encodeURIComponent(target(victimId))}`);
    expect(started.status).toBe(302);
    const outcome = await browser.follow(started.headers.location, { userid: 'zhangsan' });
    await land(browser, outcome);
    expect(new URL(outcome.location, ORIGIN).pathname).toBe('/admin');
    expect(outcome.token).toBeTruthy();
    const victim = await users().findOne({ filterByTk: victimId });
    expect(victim?.get('nickname')).toBe('Victim');
  });

  it('redirect=/api/wecom:entry does not loop: one sign-in, one landing on a page', async () => {
    const browser = Browser.inWeCom(h.app, h.emulator);
    const started = await browser.agent.get(`/wecom:entry?authenticator=wecom&redirect=${encodeURIComponent('/api/wecom:entry?authenticator=wecom')}`);
    const outcome = await browser.follow(started.headers.location, { userid: 'zhangsan' });
    expect(new URL(outcome.location, ORIGIN).pathname).toBe('/admin');
    expect(await land(browser, outcome)).toBeUndefined();
  });

  it('no Location of a whole sign-in holds a token: only a one-time hand-off code reaches the address bar', async () => {
    const browser = Browser.inWeCom(h.app, h.emulator);
    const locations: string[] = [];
    const started = await browser.agent.get('/wecom:entry?authenticator=wecom&redirect=%2Fadmin%2Fx');
    locations.push(started.headers.location);
    const callback = await browser.callback(await browser.passWeCom(started.headers.location, { userid: 'zhangsan' }));
    locations.push(callback.headers.location);
    const final = new URL(callback.headers.location, ORIGIN);
    expect(final.pathname).toBe('/admin/x');
    expect([...final.searchParams.keys()].sort()).toEqual(['authenticator', 'wecom_handoff']);
    const token = await browser.redeemToken(final.searchParams.get('wecom_handoff')!);
    for (const location of locations) {
      expect(location).not.toMatch(/[?&]token=/);
      expect(location).not.toContain(token);
      // a JWT is three base64url parts
      expect(location).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    }
  });

  it.each([
    '/..',
    '/admin/..',
    '/admin/../../etc',
    '/nocobase/../admin',
    '/admin/%2e%2e/x',
    '/admin/%252e%252e/x',
    '/admin/.%2e/x',
    '/admin/./x',
    '/storage/uploads/x.html',
    '/static/x.js',
    '/ws',
    '/api',
    '/api/',
  ])('the target %j falls back to the default page', async (target) => {
    expect(checkTargetPath(target), target).toBeUndefined();
    const outcome = await Browser.inWeCom(h.app, h.emulator).signIn('wecom', { userid: 'zhangsan' }, target);
    expect(new URL(outcome.location, ORIGIN).pathname).toBe('/admin');
  });

  it('dot segments cannot climb out of APP_PUBLIC_PATH into the API', () => {
    const paths = { appPublicPath: '/nocobase/', apiBasePath: '/nocobase/api/' };
    expect(checkTargetPath('/nocobase/admin/x', paths)).toBe('/nocobase/admin/x');
    expect(checkTargetPath('/admin/x', paths)).toBe('/admin/x');
    for (const target of ['/nocobase/../api/users:destroy', '/nocobase/api/users:destroy', '/api/users:list', '/nocobase/%2e%2e/x']) {
      expect(checkTargetPath(target, paths), target).toBeUndefined();
    }
  });

  it('a classic-UI target is relative to APP_PUBLIC_PATH: `/rest/x` is the API when the API lives at /nocobase/rest/', () => {
    const paths = { appPublicPath: '/nocobase/', apiBasePath: '/nocobase/rest/' };
    for (const target of ['/rest/users:destroy', '/nocobase/rest/users:destroy', '/storage/x', '/nocobase/storage/x']) {
      expect(checkTargetPath(target, paths), target).toBeUndefined();
    }
    expect(checkTargetPath('/restaurants', paths)).toBe('/restaurants');
  });

  it('pages, with their queries and fragments, are kept', () => {
    for (const target of ['/admin', '/admin/x?tab=1#part', '/v/admin/abc', '/m', '/apis-overview', '/admin/a%20b', '/admin/..x']) {
      expect(checkTargetPath(target), target).toBe(target);
    }
  });
});
