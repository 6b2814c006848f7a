import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_MASK } from '../validation/secret-write-only';
import { Browser } from './helpers/browser';
import { SECRET, startHarness, wecomOptions, type Harness, recordRequestLog } from './helpers/harness';

/** The WeCom Secret goes into NocoBase once and never comes back out to a browser or the request log. */
describe('the Secret is write-only', () => {
  let h: Harness;
  let admin: ReturnType<Harness['app']['agent']>;
  let logged: string[] = [];

  const storedSecret = async (name: string) =>
    ((await h.app.db.getRepository('authenticators').findOne({ filter: { name } })).get('options') as { wecom: { secret: string } }).wecom.secret;
  const idOf = async (name: string) => (await h.app.db.getRepository('authenticators').findOne({ filter: { name } })).get('id');

  beforeAll(async () => {
    h = await startHarness({ acl: true });
    logged = recordRequestLog(h.app);
    const root = await h.app.db.getRepository('users').findOne({ filter: { email: process.env.INIT_ROOT_EMAIL ?? 'admin@nocobase.com' } });
    admin = await h.app.agent().login(root, 'root');
    const created = await admin.resource('authenticators').create({ values: { name: 'wecom', authType: 'WeCom', enabled: true, options: wecomOptions(h.emulator) } });
    expect(created.status, created.text).toBe(200);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('authenticators:get and :list send the mask, not the Secret', async () => {
    const got = await admin.resource('authenticators').get({ filterByTk: await idOf('wecom') });
    expect(got.body.data.options.wecom.secret).toBe(SECRET_MASK);
    const listed = await admin.resource('authenticators').list({ pageSize: 50 });
    expect(listed.text).not.toContain(SECRET);
    expect(listed.body.data.find((row: { name: string }) => row.name === 'wecom').options.wecom.secret).toBe(SECRET_MASK);
    expect(got.text).not.toContain(SECRET);
  });

  it('saving the form as it came back (with the mask) keeps the stored Secret, and sign-ins still work', async () => {
    const got = await admin.resource('authenticators').get({ filterByTk: await idOf('wecom') });
    const options = { ...got.body.data.options, public: { ...got.body.data.options.public, tooltip: 'Hi' } };
    const saved = await admin.resource('authenticators').update({ filterByTk: await idOf('wecom'), values: { enabled: true, options } });
    expect(saved.status, saved.text).toBe(200);
    expect(await storedSecret('wecom')).toBe(SECRET);
    const outcome = await Browser.inWeCom(h.app, h.emulator).signIn('wecom', { userid: 'lisi' });
    expect(outcome.token).toBeTruthy();
  });

  it('a new Secret replaces the stored one', async () => {
    const options = wecomOptions(h.emulator, { wecom: { secret: 'another-secret-value' } });
    const saved = await admin.resource('authenticators').update({ filterByTk: await idOf('wecom'), values: { enabled: true, options } });
    expect(saved.status, saved.text).toBe(200);
    expect(await storedSecret('wecom')).toBe('another-secret-value');
    await admin.resource('authenticators').update({ filterByTk: await idOf('wecom'), values: { enabled: true, options: wecomOptions(h.emulator) } });
    expect(await storedSecret('wecom')).toBe(SECRET);
  });

  it('a new authenticator cannot be created with the mask as its Secret', async () => {
    const options = wecomOptions(h.emulator, { wecom: { secret: SECRET_MASK } });
    const refused = await admin.resource('authenticators').create({ values: { name: 'masked', authType: 'WeCom', enabled: false, options } });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Secret is required.');
  });

  it('the request log never holds the Secret, for saves that succeeded or were refused', async () => {
    const id = await idOf('wecom');
    const changed = await admin.resource('authenticators').update({ filterByTk: id, values: { enabled: true, options: wecomOptions(h.emulator, { wecom: { secret: 'another-secret-value' } }) } });
    expect(changed.status, changed.text).toBe(200);
    await admin.resource('authenticators').update({ filterByTk: id, values: { enabled: true, options: wecomOptions(h.emulator) } });
    await admin.resource('authenticators').create({ values: { name: 'bad', authType: 'WeCom', enabled: true, options: wecomOptions(h.emulator, { wecom: { origin: 'ftp://x' } }) } });
    const everything = logged.join('\n');
    expect(everything).toContain('authenticators');
    expect(everything).toContain(SECRET_MASK);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain('another-secret-value');
  });

  it('a Secret given as a NocoBase variable is shown as the variable', async () => {
    h.app.environment.setVariable('WECOM_SECRET', SECRET, { isSecret: true });
    const options = wecomOptions(h.emulator, { wecom: { secret: '{{$env.WECOM_SECRET}}' } });
    const created = await admin.resource('authenticators').create({ values: { name: 'from-env', authType: 'WeCom', enabled: false, options } });
    expect(created.status, created.text).toBe(200);
    const got = await admin.resource('authenticators').get({ filterByTk: await idOf('from-env') });
    expect(got.body.data.options.wecom.secret).toBe('{{$env.WECOM_SECRET}}');
  });
});
