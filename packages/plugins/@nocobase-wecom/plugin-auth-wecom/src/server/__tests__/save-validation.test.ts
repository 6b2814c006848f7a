import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './helpers/browser';
import { createAuthenticator, ORIGIN, startHarness, wecomOptions, type Harness } from './helpers/harness';

describe('saving a WeCom authenticator: what is checked is what gets stored', () => {
  let h: Harness;
  let admin: ReturnType<Harness['app']['agent']>;

  beforeAll(async () => {
    h = await startHarness({ acl: true });
    await createAuthenticator(h);
    const root = await h.app.db.getRepository('users').findOne({ filter: { email: process.env.INIT_ROOT_EMAIL ?? 'admin@nocobase.com' } });
    admin = await h.app.agent().login(root, 'root');
  });

  afterAll(async () => {
    await h?.close();
  });

  const repository = () => h.app.db.getRepository('authenticators');
  const optionsOf = async (name: string) => (await repository().findOne({ filter: { name } })).get('options');
  const idOf = async (name: string) => (await repository().findOne({ filter: { name } })).get('id');

  // `options` is one JSON field: an update that sends part of it replaces all of it. Checking the part merged
  // with the stored settings would let it through and wipe the corp ID, secret and origin.
  it('an update sending only part of the options is refused, and the stored settings stay', async () => {
    const before = await optionsOf('wecom');
    const response = await admin
      .resource('authenticators')
      .update({ filterByTk: await idOf('wecom'), values: { enabled: true, options: { public: { tooltip: 'Hi' } } } });
    expect(response.status).toBe(400);
    expect(response.text).toContain('Company ID is required.');
    expect(await optionsOf('wecom')).toEqual(before);
  });

  it('an update selected by filter (not filterByTk) is checked too', async () => {
    const response = await admin
      .resource('authenticators')
      .update({ filter: { name: 'wecom' }, values: { enabled: true, options: wecomOptions(h.emulator, { wecom: { origin: 'ftp://example.com' } }) } });
    expect(response.status).toBe(400);
    expect(response.text).toBe('Origin: Enter an absolute address such as https://example.com');
    expect((await optionsOf('wecom')).wecom.origin).toBe(ORIGIN);
  });

  it('an update that only switches the authenticator off or on is checked against the stored settings', async () => {
    const id = await idOf('wecom');
    // plugin-auth's update needs `id` in the values to count the other enabled authenticators
    const off = await admin.resource('authenticators').update({ filterByTk: id, values: { id, enabled: false } });
    expect(off.status, off.text).toBe(200);
    const on = await admin.resource('authenticators').update({ filterByTk: id, values: { id, enabled: true } });
    expect(on.status, on.text).toBe(200);
    expect((await optionsOf('wecom')).wecom.origin).toBe(ORIGIN);
  });

  it('several authenticators created at once are each checked', async () => {
    const response = await admin.resource('authenticators').create({
      values: [
        { name: 'bulk-good', authType: 'WeCom', enabled: false, options: wecomOptions(h.emulator) },
        { name: 'bulk-bad', authType: 'WeCom', enabled: false, options: { wecom: { corpId: 'ww1' } } },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain('Secret is required.');
    expect(await repository().count({ filter: { name: { $in: ['bulk-good', 'bulk-bad'] } } })).toBe(0);
  });

  it('settings given as {{$env.X}} variables are checked as NocoBase will resolve them, and work', async () => {
    h.app.environment.setVariable('WECOM_ORIGIN', ORIGIN);
    h.app.environment.setVariable('WECOM_SECRET', 'test-secret-0123456789abcdef', { isSecret: true });
    const options = wecomOptions(h.emulator, { wecom: { origin: '{{$env.WECOM_ORIGIN}}', secret: '{{$env.WECOM_SECRET}}' } });
    const created = await admin.resource('authenticators').create({ values: { name: 'from-env', authType: 'WeCom', enabled: true, options } });
    expect(created.status, created.text).toBe(200);

    const outcome = await Browser.inWeCom(h.app, h.emulator).signIn('from-env', { userid: 'lisi' });
    expect(outcome.location).toMatch(/^\/admin\?authenticator=from-env&wecom_handoff=/);

    h.app.environment.setVariable('WECOM_BAD_ORIGIN', 'https://example.com/app');
    const refused = await admin.resource('authenticators').create({
      values: { name: 'from-env-bad', authType: 'WeCom', enabled: true, options: { ...options, wecom: { ...options.wecom, origin: '{{$env.WECOM_BAD_ORIGIN}}' } } },
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toBe('Origin: Enter the origin only (scheme, host and port), without a path');
  });
});
