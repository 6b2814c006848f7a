import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './helpers/browser';
import { createAuthenticator, ORIGIN, startHarness, wecomOptions, type Harness } from './helpers/harness';

/** The message of a 400 (plain text: the mock server has no error-handler plugin). */
function errorMessages(response: { text: string }): string {
  return response.text;
}

/** Every request of this agent asks for Chinese (superagent agents keep default headers; the typings omit `set`). */
function inChinese<T>(agent: T): T {
  (agent as unknown as { set(name: string, value: string): void }).set('X-Locale', 'zh-CN');
  return agent;
}

describe('server messages follow X-Locale (zh-CN)', () => {
  let h: Harness;
  let admin: ReturnType<Harness['app']['agent']>;

  beforeAll(async () => {
    h = await startHarness({ acl: true });
    await createAuthenticator(h);
    await createAuthenticator(h, { name: 'auto', public: { autoLogin: true } });
    const root = await h.app.db.getRepository('users').findOne({ filter: { email: process.env.INIT_ROOT_EMAIL ?? 'admin@nocobase.com' } });
    admin = inChinese(await h.app.agent().login(root, 'root'));
  });

  afterAll(async () => {
    await h?.close();
  });

  const stored = (name: string) => h.app.db.getRepository('authenticators').count({ filter: { name } });
  const idOf = async (name: string) => (await h.app.db.getRepository('authenticators').findOne({ filter: { name } })).get('id');
  const optionsOf = async (name: string) => (await h.app.db.getRepository('authenticators').findOne({ filter: { name } })).get('options');
  const create = (name: string, options: object, enabled = true) =>
    admin.resource('authenticators').create({ values: { name, authType: 'WeCom', enabled, options } });

  describe('saving a WeCom authenticator: each rule, in Chinese, nothing saved', () => {
    it('required corp ID, agent ID, secret and origin', async () => {
      const response = await create('zh-empty', { public: {}, wecom: {} });
      expect(response.status).toBe(400);
      expect(errorMessages(response)).toBe('企业 ID为必填项。 AgentId为必填项。 Secret为必填项。 域名为必填项。');
      expect(await stored('zh-empty')).toBe(0);
    });

    it('origin with a path', async () => {
      const response = await create('zh-origin', wecomOptions(h.emulator, { wecom: { origin: 'https://example.com/app' } }));
      expect(response.status).toBe(400);
      expect(errorMessages(response)).toBe('域名：只填写域名部分（协议、主机和端口），不要带路径');
      expect(await stored('zh-origin')).toBe(0);
    });

    it('a base URL override, with its field name translated too', async () => {
      const response = await create('zh-base', wecomOptions(h.emulator, { wecom: { oauthBaseUrl: 'open.weixin.qq.com' } }));
      expect(response.status).toBe(400);
      expect(errorMessages(response)).toContain('网页授权地址');
      expect(errorMessages(response)).not.toContain('OAuth base URL');
      expect(await stored('zh-base')).toBe(0);
    });

    it('redirect path that is not a path on this site', async () => {
      const response = await create('zh-path', wecomOptions(h.emulator, { public: { redirectPath: '//evil.example.com' } }));
      expect(response.status).toBe(400);
      expect(errorMessages(response)).toBe('工作台应用跳转链接：请填写本应用的页面，即以 / 开头的路径，例如：/m');
      expect(await stored('zh-path')).toBe(0);
    });

    it('a second enabled authenticator with automatic login', async () => {
      const response = await create('zh-auto', wecomOptions(h.emulator, { public: { autoLogin: true } }));
      expect(response.status).toBe(400);
      expect(errorMessages(response)).toBe('只能有一个已启用的企业微信认证器开启自动登录；“auto”已开启。');
      expect(await stored('zh-auto')).toBe(0);
    });

    // The admin UI updates by id and sends `enabled` (plugin-auth's update refuses a body without it).
    it('an update is refused in Chinese and leaves the stored record as it was', async () => {
      const response = await admin
        .resource('authenticators')
        .update({ filterByTk: await idOf('wecom'), values: { enabled: true, options: wecomOptions(h.emulator, { wecom: { origin: 'ftp://example.com' } }) } });
      expect(response.status).toBe(400);
      expect(errorMessages(response)).toBe('域名：请填写完整地址，例如 https://example.com');
      expect((await optionsOf('wecom')).wecom.origin).toBe(ORIGIN);
    });

    it('an update that sends the stored secret back keeps working', async () => {
      const row = await h.app.db.getRepository('authenticators').findOne({ filter: { name: 'wecom' } });
      const options = row.get('options');
      const response = await admin.resource('authenticators').update({
        filterByTk: row.get('id'),
        values: { ...row.toJSON(), options: { ...options, public: { ...options.public, tooltip: '扫码登录' } } },
      });
      expect(response.status, response.text).toBe(200);
      const updated = await optionsOf('wecom');
      expect(updated.wecom.secret).toBe(options.wecom.secret);
      expect(updated.public.tooltip).toBe('扫码登录');
    });
  });

  describe('sign-in refusals and admin messages', () => {
    it('a state error on the sign-in page', async () => {
      const response = await new Browser(h.app, h.emulator).agent.get('/wecom:callback?code=abc').set('X-Locale', 'zh-CN');
      expect(response.status).toBe(302);
      expect(new URL(response.headers.location, ORIGIN).searchParams.get('error')).toBe('登录请求缺少 state 参数，请重新发起登录。');
    });

    it('the phone confirmation of a PC sign-in, refused and polled in Chinese', async () => {
      const browser = new Browser(h.app, h.emulator);
      inChinese(browser.agent);
      const outcome = await browser.signIn('wecom', { userid: 'wangwu' });
      const code = outcome.query.get('wecom_pairing') as string;
      expect(code).toMatch(/^[A-Za-z0-9_-]{22}$/);
      const stranger = await h.app.agent().get(`/wecom:pairStatus?pairing=${code}`).set('X-Locale', 'zh-CN');
      expect(stranger.body.data).toEqual({ status: 'refused', message: '此确认链接无效，请在电脑上重新登录。' });
    });

    it('wecom:check explains 60020 with the IP', async () => {
      h.emulator.fault({ path: '/cgi-bin/gettoken', errcode: 60020, times: 1 });
      const response = await admin.post('/wecom:check').send({ authenticator: 'wecom' });
      expect(response.body.data).toMatchObject({ ok: false, code: 'WECOM_IP_NOT_TRUSTED' });
      expect(response.body.data.message).toBe(
        '企业微信拒绝了请求，因为本服务器的 IP 地址 127.0.0.1 不在应用的企业可信 IP 中。请在企业微信管理后台打开 应用管理 → 你的应用 → 企业可信IP，添加 127.0.0.1。',
      );
    });
  });
});
