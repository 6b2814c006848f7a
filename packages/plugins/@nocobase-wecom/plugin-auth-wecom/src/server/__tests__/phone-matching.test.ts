import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digitsInOrder, findUsersByMobile } from '../users/match-user';
import { Browser } from './helpers/browser';
import { createAuthenticator, ORIGIN, startHarness, type Harness } from './helpers/harness';

describe('matching a WeCom mobile to users.phone', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    // decoys: the same digits in another order, one digit more, another number
    for (const phone of ['138-0000-0012', '1380000002', '+86 138 0000 00211', '13900000021']) {
      await h.app.db.getRepository('users').create({ values: { nickname: `decoy ${phone}`, phone } });
    }
  });

  afterAll(async () => {
    await h?.close();
  });

  it.each(['13800000021', '+86 138-0000-0021', '(+86) 138 0000 0021', '0086-138-0000-0021', '138.0000.0021', '+86 (138) 0000-0021', '86 13800000021'])(
    'finds the user stored as %j',
    async (stored) => {
      const user = await h.app.db.getRepository('users').create({ values: { nickname: 'Target', phone: stored } });
      try {
        const found = await findUsersByMobile(h.app.db, '13800000021');
        expect(found.map((row) => row.get('id'))).toEqual([user.get('id')]);
      } finally {
        await user.destroy();
      }
    },
  );

  it('finds nobody when only decoys share the digits', async () => {
    expect(await findUsersByMobile(h.app.db, '13800000021')).toEqual([]);
    expect(await findUsersByMobile(h.app.db, 'not a phone')).toEqual([]);
  });

  it('lets the database do the narrowing: only phones with the same digits in order come back', async () => {
    const rows = await h.app.db.getRepository('users').find({ filter: { phone: { $like: digitsInOrder('13800000021') } } });
    expect(rows.map((row: { get(field: string): unknown }) => row.get('phone'))).toEqual(['+86 138 0000 00211']);
  });
});

/**
 * `users.phone` is a field every user may edit (`users:updateProfile`): matching a WeCom member by it must never
 * guess, never take over an administrator, and can be turned off.
 */
describe('binding a member by phone', () => {
  let h: Harness;
  const users = () => h.app.db.getRepository('users');
  const bindings = () => h.app.db.getRepository('usersAuthenticators');
  const errorOf = (location: string) => new URL(location, ORIGIN).searchParams.get('error');

  beforeAll(async () => {
    h = await startHarness();
    await createAuthenticator(h);
    await createAuthenticator(h, { name: 'no-phone-match' , matchByPhone: false });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('a phone that two users share after normalising is refused, creates nothing, and tells the admin why', async () => {
    await users().create({ values: { nickname: 'Li (1)', phone: '13800000002' } });
    await users().create({ values: { nickname: 'Li (2)', phone: '+86 138-0000-0002' } });
    const before = await users().count();
    const outcome = await Browser.inWeCom(h.app, h.emulator).signIn('wecom', { userid: 'lisi' });
    expect(outcome.token).toBeUndefined();
    expect(errorOf(outcome.location)).toBe('Your WeCom account cannot be matched to a single account. Please contact your administrator.');
    expect(await users().count()).toBe(before);
    expect(await bindings().count({ filter: { uuid: 'lisi' } })).toBe(0);

    const root = await users().findOne({ filter: { email: process.env.INIT_ROOT_EMAIL ?? 'admin@nocobase.com' } });
    const admin = await h.app.agent().login(root, 'root');
    const info = await admin.get('/wecom:setupInfo?authenticator=wecom');
    expect(info.body.data.lastError.code).toBe('WECOM_PHONE_AMBIGUOUS');
    expect(info.body.data.lastError.message).toContain('"lisi"');
    expect(info.body.data.lastError.message).not.toMatch(/Li \(|13800000002/);
  });

  it('the root user is never bound by phone, even when the phone is theirs', async () => {
    const root = await users().findOne({ filter: { email: process.env.INIT_ROOT_EMAIL ?? 'admin@nocobase.com' } });
    await root.update({ phone: '138 0000 0003' });
    const outcome = await Browser.inWeCom(h.app, h.emulator).signIn('wecom', { userid: 'wangwu' });
    expect(outcome.token).toBeUndefined();
    expect(errorOf(outcome.location)).toMatch(/administrator account, which is never linked to WeCom automatically/);
    expect(await bindings().count({ filter: { userId: root.get('id') } })).toBe(0);
    expect(await bindings().count({ filter: { uuid: 'wangwu' } })).toBe(0);
  });

  it('with phone matching off, a member whose phone matches a user is signed up as a new user instead', async () => {
    const existing = await users().create({ values: { nickname: 'Sun', phone: '13800000005' } });
    const outcome = await Browser.inWeCom(h.app, h.emulator).signIn('no-phone-match', { userid: 'sunqi' });
    const me = await new Browser(h.app, h.emulator).currentUser(outcome.token!, 'no-phone-match');
    expect(me.id).not.toBe(existing.get('id'));
    expect(me.nickname).toBe('孙七');
    expect(await bindings().count({ filter: { userId: existing.get('id') } })).toBe(0);
  });

  it('a new binding is logged with the userid and the user id, never the phone', async () => {
    const logged: unknown[] = [];
    const logger = h.app.logger as unknown as { info: (...args: unknown[]) => unknown };
    const original = logger.info;
    logger.info = (...args: unknown[]) => {
      logged.push(args);
      return original.apply(logger, args);
    };
    try {
      const existing = await users().create({ values: { nickname: 'Zhou', phone: '13800000006' } });
      await Browser.inWeCom(h.app, h.emulator).signIn('wecom', { userid: 'zhouba' });
      const line = logged.find((args) => JSON.stringify(args).includes('WeCom member bound'));
      expect(line).toBeDefined();
      expect(JSON.stringify(line)).toContain('"userid":"zhouba"');
      expect(JSON.stringify(line)).toContain(`"userId":${existing.get('id')}`);
      expect(JSON.stringify(line)).not.toContain('13800000006');
    } finally {
      logger.info = original;
    }
  });
});
