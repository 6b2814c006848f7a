import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Transport from 'winston-transport';
import { Browser, type Outcome } from './helpers/browser';
import { AGENT_ID, CORP_ID, createAuthenticator, SECRET, startHarness, type Harness } from './helpers/harness';

const WRONG_SECRET = 'wrong-secret-that-must-not-leak-42';

/**
 * Everything a sign-in or an admin action lets out: response bodies, Location headers, and every line written
 * to NocoBase's system and request loggers (captured below the level filter, so debug lines count too).
 */
describe('the secret and the tokens never leave the server', () => {
  let h: Harness;
  let admin: ReturnType<Harness['app']['agent']>;
  const seen: string[] = [];

  type Winston = { add(transport: Transport): unknown; remove(transport: Transport): unknown };
  const loggers = () => [h.app.log, h.app.requestLogger] as unknown as Winston[];
  const capture = new (class extends Transport {
    log(info: unknown, callback: () => void) {
      record('log', info);
      callback();
    }
  })({ level: 'trace' });

  const record = (label: string, value: unknown) => {
    seen.push(`${label}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  };

  async function signIn(browser: Browser, authenticator: string, userid: string): Promise<Outcome> {
    const started = await browser.getAuthUrl(authenticator);
    record('getAuthUrl', started.text);
    if (started.status !== 200) return { status: started.status, location: '', query: new URLSearchParams(), rounds: 0 };
    const outcome = await browser.follow(started.body.data.url, { userid });
    record('location', outcome.location);
    return outcome;
  }

  beforeAll(async () => {
    h = await startHarness({ acl: true });
    await createAuthenticator(h);
    await createAuthenticator(h, { name: 'wrong-secret', wecom: { secret: WRONG_SECRET } });
    await createAuthenticator(h, { name: 'unreachable', wecom: { apiBaseUrl: 'http://127.0.0.1:9' } });
    const root = await h.app.db.getRepository('users').findOne({ filter: { email: process.env.INIT_ROOT_EMAIL ?? 'admin@nocobase.com' } });
    admin = await h.app.agent().login(root, 'root');
    // NocoBase's loggers are winston loggers (request loggers are children of the system one): a transport
    // of our own sees every line they pass on, whatever the console or file transports then keep.
    for (const logger of loggers()) logger.add(capture);
  });

  afterAll(async () => {
    for (const logger of h ? loggers() : []) logger.remove(capture);
    await h?.close();
  });

  it('through successful sign-ins, failed ones and the admin actions', async () => {
    await signIn(Browser.inWeCom(h.app, h.emulator), 'wecom', 'lisi'); // consent round, user_ticket, sign-up
    await signIn(new Browser(h.app, h.emulator), 'wecom', 'lisi'); // PC, bound
    await signIn(new Browser(h.app, h.emulator), 'wecom', 'wangwu'); // PC, first sign-in refused
    await signIn(new Browser(h.app, h.emulator), 'wrong-secret', 'lisi'); // 40001 at gettoken
    h.emulator.fault({ path: '/cgi-bin/auth/getuserinfo', errcode: 60020, times: 1 });
    await signIn(new Browser(h.app, h.emulator), 'wecom', 'lisi');
    h.emulator.fault({ path: '/cgi-bin/auth/getuserinfo', httpStatus: 502, times: 1 });
    await signIn(new Browser(h.app, h.emulator), 'wecom', 'lisi');
    h.emulator.fault({ path: '/cgi-bin/auth/getuserinfo', reset: true, times: 1 });
    await signIn(new Browser(h.app, h.emulator), 'wecom', 'lisi');
    await signIn(new Browser(h.app, h.emulator), 'unreachable', 'lisi');

    for (const name of ['wecom', 'wrong-secret', 'unreachable']) {
      record('setupInfo', (await admin.get(`/wecom:setupInfo?authenticator=${name}`)).text);
      record('check', (await admin.post('/wecom:check').send({ authenticator: name })).text);
    }
    record('publicList', (await h.app.agent().get('/authenticators:publicList')).text);

    const key = (await h.app.cache.keys()).find((name) => name.includes(`wecom:token:${CORP_ID}:${AGENT_ID}:`));
    const token = key ? (await h.app.cache.get<{ token: string }>(key.slice(key.indexOf('wecom:token:'))))?.token : undefined;
    expect(token, 'the access token is cached where the plugin keeps it').toBeTruthy();
    const everything = seen.join('\n');
    // the scenario really produced failures and log lines worth scanning
    expect(everything).toContain('WECOM_INVALID_SECRET');
    expect(everything).toContain('WECOM_IP_NOT_TRUSTED');
    expect(everything).toContain('WECOM_UNREACHABLE');
    expect(seen.filter((line) => line.startsWith('log:')).length).toBeGreaterThan(20);

    for (const secret of [SECRET, WRONG_SECRET, token!]) {
      const leaks = seen.filter((line) => line.includes(secret) || line.includes(encodeURIComponent(secret)));
      expect(leaks, `"${secret.slice(0, 6)}…" leaked`).toEqual([]);
    }
    expect(everything).not.toMatch(/(access_token|corpsecret|user_ticket)=(?!\[redacted\]|\*)[^&\s"']+/);
  });
});
