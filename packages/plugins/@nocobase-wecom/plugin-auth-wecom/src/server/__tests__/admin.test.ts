import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeSetupLinks } from '../../common/setup-links';
import { Browser } from './helpers/browser';
import { createAuthenticator, ORIGIN, SECRET, startHarness, wecomOptions, type Harness } from './helpers/harness';

const IP_MESSAGE =
  "WeCom refused the request because this server's IP address 127.0.0.1 is not a trusted IP of the app. In the WeCom admin console, open App Management → your app → Trusted IPs (企业可信IP) and add 127.0.0.1.";

describe('admin actions and settings validation (ACL on)', () => {
  let h: Harness;
  let admin: ReturnType<Harness['app']['agent']>;
  let member: ReturnType<Harness['app']['agent']>;

  beforeAll(async () => {
    h = await startHarness({ acl: true });
    await createAuthenticator(h, { public: { redirectPath: '/m' } });
    const root = await h.app.db.getRepository('users').findOne({ filter: { email: process.env.INIT_ROOT_EMAIL ?? 'admin@nocobase.com' } });
    admin = await h.app.agent().login(root, 'root');
    const someone = await h.app.db.getRepository('users').create({ values: { nickname: 'Member', roles: ['member'] } });
    member = await h.app.agent().login(someone, 'member');
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('wecom:setupInfo and wecom:check', () => {
    it('setupInfo gives the links and domains to enter in the WeCom console', async () => {
      const response = await admin.get('/wecom:setupInfo?authenticator=wecom');
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual(computeSetupLinks({ origin: ORIGIN, name: 'wecom', redirectPath: '/m' }));
      expect(response.body.data.homepageUrl).toBe(`${ORIGIN}/api/wecom:entry?authenticator=wecom&redirect=%2Fm`);
      expect(response.body.data.webLoginDomain).toBe('nocobase.test:13000');
    });

    it('setupInfo previews the values being typed, for a new authenticator too, honouring API_BASE_PATH', async () => {
      const preview = await admin.get('/wecom:setupInfo').query({ authenticator: 'not-saved-yet', origin: 'https://corp.example.com', redirectPath: '/x' });
      expect(preview.status).toBe(200);
      expect(preview.body.data.homepageUrl).toBe('https://corp.example.com/api/wecom:entry?authenticator=not-saved-yet&redirect=%2Fx');
      expect(preview.body.data.trustedDomain).toBe('corp.example.com');
      expect(preview.body.data.lastError).toBeUndefined();
      const previous = process.env.API_BASE_PATH;
      process.env.API_BASE_PATH = '/nocobase/api/';
      try {
        const prefixed = await admin.get('/wecom:setupInfo').query({ authenticator: 'wecom', origin: 'https://corp.example.com' });
        expect(prefixed.body.data.callbackUrl).toBe('https://corp.example.com/nocobase/api/wecom:callback');
      } finally {
        if (previous === undefined) delete process.env.API_BASE_PATH;
        else process.env.API_BASE_PATH = previous;
      }
      expect((await admin.get('/wecom:setupInfo').query({ authenticator: 'nope' })).status).toBe(404);
    });

    it('admin actions are refused to members and anonymous visitors, the flows stay public', async () => {
      expect((await member.get('/wecom:setupInfo?authenticator=wecom')).status).toBe(403);
      expect((await member.post('/wecom:check').send({ authenticator: 'wecom' })).status).toBe(403);
      expect([401, 403]).toContain((await h.app.agent().get('/wecom:setupInfo?authenticator=wecom')).status);
      const started = await new Browser(h.app, h.emulator).getAuthUrl('wecom');
      expect(started.status).toBe(200);
    });

    it('check passes with good settings', async () => {
      const response = await admin.post('/wecom:check').send({ authenticator: 'wecom' });
      expect(response.body.data).toEqual({ ok: true });
    });

    it('check explains 60020 with the IP to allow-list', async () => {
      h.emulator.fault({ path: '/cgi-bin/gettoken', errcode: 60020, times: 1 });
      const response = await admin.post('/wecom:check').send({ authenticator: 'wecom' });
      expect(response.body.data).toMatchObject({ ok: false, code: 'WECOM_IP_NOT_TRUSTED', errcode: '60020', message: IP_MESSAGE });
      expect(response.body.data.helpUrl).toContain('60020');
    });

    it('check explains a wrong secret', async () => {
      await h.app.db.getRepository('authenticators').create({
        values: {
          name: 'wrong-secret',
          authType: 'WeCom',
          enabled: false,
          options: wecomOptions(h.emulator, { wecom: { secret: 'not-the-secret' } }),
        },
      });
      const response = await admin.post('/wecom:check').send({ authenticator: 'wrong-secret' });
      expect(response.body.data).toMatchObject({ ok: false, code: 'WECOM_INVALID_SECRET' });
      expect(JSON.stringify(response.body)).not.toContain('not-the-secret');
    });

    it('a 60020 during a sign-in: the member is told to contact the admin, the admin sees the IP in setupInfo', async () => {
      h.emulator.fault({ path: '/cgi-bin/auth/getuserinfo', errcode: 60020, times: 1 });
      const outcome = await new Browser(h.app, h.emulator).signIn('wecom', { userid: 'zhangsan' });
      expect(outcome.query.get('error')).toBe('Sign-in with WeCom failed (WECOM_IP_NOT_TRUSTED). Please contact your administrator.');
      const response = await admin.get('/wecom:setupInfo?authenticator=wecom');
      expect(response.body.data.lastError).toMatchObject({ code: 'WECOM_IP_NOT_TRUSTED', message: IP_MESSAGE });
      expect(JSON.stringify(response.body)).not.toContain(SECRET);
      // A successful test of the connection clears it again, for the tests that follow.
      expect((await admin.post('/wecom:check').send({ authenticator: 'wecom' })).body.data).toEqual({ ok: true });
      expect((await admin.get('/wecom:setupInfo?authenticator=wecom')).body.data.lastError).toBeUndefined();
    });
  });

  describe('saving a WeCom authenticator', () => {
    const create = (name: string, options: object, enabled = true) =>
      admin.resource('authenticators').create({ values: { name, authType: 'WeCom', enabled, options } });
    const stored = (name: string) => h.app.db.getRepository('authenticators').count({ filter: { name } });
    const idOf = async (name: string) =>
      (await h.app.db.getRepository('authenticators').findOne({ filter: { name } })).get('id');
    const goodOptions = () => wecomOptions(h.emulator, { public: { autoLogin: true, redirectPath: '/m' } });

    it('refuses missing required settings, saving nothing', async () => {
      const response = await create('incomplete', { public: {}, wecom: { corpId: 'ww1' } });
      expect(response.status).toBe(400);
      expect(response.text).toContain('AgentId is required.');
      expect(response.text).toContain('Secret is required.');
      expect(response.text).toContain('Origin is required.');
      expect(await stored('incomplete')).toBe(0);
    });

    it.each(['https://example.com/app', 'example.com', 'ftp://example.com', 'https://example.com?x=1'])(
      'refuses the origin %j',
      async (origin) => {
        const response = await create('bad-origin', wecomOptions(h.emulator, { wecom: { origin } }));
        expect(response.status).toBe(400);
        expect(response.text).toMatch(/^Origin: Enter (an absolute address|the origin only)/);
        expect(await stored('bad-origin')).toBe(0);
      },
    );

    it('refuses a base URL that is not absolute http(s)', async () => {
      const response = await create('bad-base', wecomOptions(h.emulator, { wecom: { apiBaseUrl: 'qyapi.weixin.qq.com' } }));
      expect(response.status).toBe(400);
      expect(response.text).toBe('API base URL: Enter an absolute address such as https://example.com');
    });

    it.each(['https://evil.example.com', '//evil.example.com', 'm'])('refuses the redirect path %j', async (redirectPath) => {
      const response = await create('bad-path', wecomOptions(h.emulator, { public: { redirectPath } }));
      expect(response.status).toBe(400);
      expect(response.text).toBe('Workbench application redirect link: Enter a page of this app, a path that starts with /, for example: /m');
    });

    it('accepts good settings', async () => {
      await h.app.db.getRepository('authenticators').destroy({ filter: { name: 'good' } }); // whatever ran before
      const response = await create('good', goodOptions());
      expect(response.status).toBe(200);
      expect(await stored('good')).toBe(1);
    });

    it('allows automatic login on one enabled WeCom authenticator only', async () => {
      // "good" is enabled with automatic login
      if ((await stored('good')) === 0) expect((await create('good', goodOptions())).status).toBe(200);
      const second = await create('second-auto', wecomOptions(h.emulator, { public: { autoLogin: true } }));
      expect(second.status).toBe(400);
      expect(second.text).toContain('Only one enabled WeCom authenticator can use automatic login; "good" already does.');
      const disabled = await create('disabled-auto', wecomOptions(h.emulator, { public: { autoLogin: true } }), false);
      expect(disabled.status).toBe(200);
      const enabling = await admin.resource('authenticators').update({ filterByTk: await idOf('disabled-auto'), values: { enabled: true } });
      expect(enabling.status).toBe(400);
    });

    // plugin-auth's update refuses a body without `enabled: true` when it would leave no enabled authenticator
    it('checks an update merged with the stored settings', async () => {
      await createAuthenticator(h, { name: 'merged' });
      const ok = await admin
        .resource('authenticators')
        .update({ filterByTk: await idOf('merged'), values: { enabled: true, options: { ...wecomOptions(h.emulator), public: { tooltip: 'Hi' } } } });
      expect(ok.status, ok.text).toBe(200);
      const bad = await admin
        .resource('authenticators')
        .update({ filterByTk: await idOf('merged'), values: { enabled: true, options: { wecom: { origin: 'https://example.com/path' } } } });
      expect(bad.status).toBe(400);
      const row = await h.app.db.getRepository('authenticators').findOne({ filter: { name: 'merged' } });
      expect(row.get('options').wecom.origin).toBe(ORIGIN);
    });

    it('leaves other authenticator types alone', async () => {
      const response = await admin
        .resource('authenticators')
        .create({ values: { name: 'another-basic', authType: 'Email/Password', enabled: true, options: {} } });
      expect(response.status).toBe(200);
    });
  });
});
