import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_MASK } from '../validation/secret-write-only';
import { CONTACTS_SECRET, EVENT_AES_KEY, EVENT_TOKEN } from './helpers/directory';
import { createAuthenticator, startHarness, type Harness, recordRequestLog } from './helpers/harness';

/** Saving a WeCom sync source: the shared settings model's checks, and its secrets write-only. */
describe('the wecom sync source settings', () => {
  let h: Harness;
  let admin: ReturnType<Harness['app']['agent']>;
  let logged: string[] = [];
  const sources = () => h.app.db.getRepository('userDataSyncSources');
  const stored = async (name: string) => (await sources().findOne({ filter: { name } }))!.get('options') as Record<string, unknown>;

  beforeAll(async () => {
    h = await startHarness({ acl: true, plugins: ['error-handler', 'user-data-sync', 'departments'] });
    logged = recordRequestLog(h.app);
    const root = await h.app.db.getRepository('users').findOne({ filter: { email: process.env.INIT_ROOT_EMAIL ?? 'admin@nocobase.com' } });
    admin = await h.app.agent().login(root, 'root');
    await createAuthenticator(h);
  });

  afterAll(async () => {
    await h?.close();
  });

  const create = (name: string, options: Record<string, unknown>, locale = 'en-US') =>
    admin.post('/userDataSyncSources:create').set('X-Locale', locale).send({ name, sourceType: 'wecom', displayName: 'WeCom', enabled: true, options });

  it('refuses unusable settings with one message per problem, and stores nothing', async () => {
    const response = await create('bad', { authenticator: 'nope', eventToken: 'has spaces', eventAESKey: 'short', matchBy: 'name', onLeave: 'purge', intervalHours: 500 });
    expect(response.status).toBe(400);
    for (const part of ['There is no WeCom authenticator named "nope"', 'Token', 'EncodingAESKey', 'Choose one of the listed values', 'from 0 to 168']) {
      expect(response.body.errors[0].message).toContain(part);
    }
    expect(await sources().count({ filter: { name: 'bad' } })).toBe(0);
  });

  it('refuses without an authenticator, in the admin’s language', async () => {
    const response = await create('bad2', {}, 'zh-CN');
    expect(response.status).toBe(400);
    expect(response.text).toContain('企业微信认证器');
  });

  it('stores good settings; get and list answer masks; saving the masks back keeps the secrets; the log has none', async () => {
    const options = { authenticator: 'wecom', contactsSecret: CONTACTS_SECRET, eventToken: EVENT_TOKEN, eventAESKey: EVENT_AES_KEY, matchBy: 'email', onLeave: 'keep', intervalHours: 6 };
    const created = await create('good', options);
    expect(created.status, created.text).toBe(200);
    const id = (await sources().findOne({ filter: { name: 'good' } }))!.get('id');
    const got = await admin.resource('userDataSyncSources').get({ filterByTk: id });
    expect(got.body.data.options).toMatchObject({ contactsSecret: SECRET_MASK, eventToken: SECRET_MASK, eventAESKey: SECRET_MASK, matchBy: 'email' });
    const listed = await admin.resource('userDataSyncSources').list();
    for (const secret of [CONTACTS_SECRET, EVENT_AES_KEY]) {
      expect(got.text).not.toContain(secret);
      expect(listed.text).not.toContain(secret);
    }
    const saved = await admin.resource('userDataSyncSources').update({ filterByTk: id, values: { options: { ...got.body.data.options, intervalHours: 12 } } });
    expect(saved.status, saved.text).toBe(200);
    expect(await stored('good')).toMatchObject({ contactsSecret: CONTACTS_SECRET, eventToken: EVENT_TOKEN, eventAESKey: EVENT_AES_KEY, intervalHours: 12 });
    expect(logged.join('\n')).not.toContain(CONTACTS_SECRET);
    expect(logged.join('\n')).not.toContain(EVENT_AES_KEY);
  });

  it('refuses a second enabled source for the same authenticator (it would mirror the departments twice)', async () => {
    const response = await create('second', { authenticator: 'wecom' });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].message).toContain('is already synced by the enabled source "good"');
    const disabled = await admin.post('/userDataSyncSources:create').send({ name: 'second', sourceType: 'wecom', enabled: false, options: { authenticator: 'wecom' } });
    expect(disabled.status, disabled.text).toBe(200);
    const enabling = await admin.post('/userDataSyncSources:update?filterByTk=' + (await sources().findOne({ filter: { name: 'second' } }))!.get('id')).send({ enabled: true });
    expect(enabling.status).toBe(400);
  });

  it('keeps {{$env.X}} references as written', async () => {
    const good = (await sources().findOne({ filter: { name: 'good' } }))!.get('id');
    await sources().update({ filterByTk: good as number, values: { enabled: false } });
    const created = await create('env', { authenticator: 'wecom', contactsSecret: '{{$env.WECOM_CONTACTS_SECRET}}' });
    expect(created.status, created.text).toBe(200);
    const id = (await sources().findOne({ filter: { name: 'env' } }))!.get('id');
    const got = await admin.resource('userDataSyncSources').get({ filterByTk: id });
    expect(got.body.data.options.contactsSecret).toBe('{{$env.WECOM_CONTACTS_SECRET}}');
  });
});
