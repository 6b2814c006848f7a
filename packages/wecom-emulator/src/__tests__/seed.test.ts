import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SeedValidationError, parseSeed } from '../index';
import { testSeed } from './support/test-seed';

function problemsOf(input: unknown): readonly string[] {
  try {
    parseSeed(input);
  } catch (err) {
    if (err instanceof SeedValidationError) return err.problems;
    throw err;
  }
  throw new Error('expected the seed to be rejected');
}

const corp = (extra: Record<string, unknown>): unknown => ({ corps: [{ corpId: 'wwx', ...extra }] });

describe('seed validation', () => {
  it('accepts the test seed and normalises agentIds, gender and defaults', () => {
    const seed = parseSeed(testSeed());
    const [first] = seed.corps;
    expect(first?.apps.map((a) => a.agentId)).toEqual(['1000002', '1000003', '1000004', '1000005']);
    expect(first?.apps[2]?.enabled).toBe(false);
    expect(first?.apps[1]?.trustedIps).toEqual([]);
    expect(first?.members[0]?.gender).toBe('1');
    expect(first?.members[0]?.status).toBe(1);
    expect(seed.corps[1]?.departments).toEqual([{ id: 1, name: 'wwothercorp000001', nameEn: '', parentid: 0, order: 100000000 }]);
  });

  it('accepts agentId as a string of digits and rejects anything else', () => {
    expect(parseSeed(corp({ apps: [{ agentId: '0001000002', secret: 's' }] })).corps[0]?.apps[0]?.agentId).toBe('1000002');
    expect(problemsOf(corp({ apps: [{ agentId: 'abc', secret: 's' }] }))).toEqual([
      'corps[0].apps[0].agentId: must be a number or a string of digits, got the string "abc"',
    ]);
  });

  it('names the path of every bad field, all at once', () => {
    const problems = problemsOf({
      corps: [
        {
          corpId: 'wwx',
          apps: [{ agentId: 1, secret: '', trustedDomains: ['https://a.com', '*.qq.com', 'a.com/path'], trustedIps: ['1.2.3'], sensitiveFields: ['phone'] }],
          members: [{ userid: 'a b', name: 'A', gender: 3, status: 3 }],
        },
      ],
    });
    expect(problems).toEqual([
      'corps[0].apps[0].secret: must not be empty',
      'corps[0].apps[0].trustedDomains[0]: the string "https://a.com" must not include a protocol; write "host:port"',
      'corps[0].apps[0].trustedDomains[1]: the string "*.qq.com": wildcards are not allowed; WeCom matches host:port exactly',
      'corps[0].apps[0].trustedDomains[2]: the string "a.com/path" must be "host" or "host:port" (no path)',
      'corps[0].apps[0].trustedIps[0]: the string "1.2.3" is not an IPv4 or IPv6 address',
      'corps[0].apps[0].sensitiveFields[0]: must be one of mobile, email, biz_mail, avatar, gender, address, qr_code, got the string "phone"',
      'corps[0].members[0].userid: the string "a b" must be 1–64 letters, digits or _-.@',
      'corps[0].members[0].gender: must be 0, 1 or 2 (as a number or a string), got number 3',
      'corps[0].members[0].status: must be 1 (active), 2 (disabled), 4 (not activated) or 5 (left), got number 3',
    ]);
  });

  it('rejects unknown fields, so a typo like "agentid" does not pass silently', () => {
    expect(problemsOf(corp({ apps: [{ agentid: 1, secret: 's' }] }))).toEqual([
      'corps[0].apps[0].agentid: unknown field (allowed: agentId, secret, name, createdAt, enabled, trustedDomains, webLoginDomains, trustedIps, visibleUserIds, sensitiveFields)',
      'corps[0].apps[0].agentId: must be a number or a string of digits, got nothing (the field is missing)',
    ]);
  });

  it('checks references and uniqueness', () => {
    const problems = problemsOf({
      corps: [
        {
          corpId: 'wwx',
          apps: [
            { agentId: 1, secret: 's', visibleUserIds: ['ghost'] },
            { agentId: '1', secret: 's' },
          ],
          departments: [{ id: 1, name: 'Root', parentid: 0 }, { id: 2, name: 'Orphan', parentid: 9 }],
          members: [
            { userid: 'a', name: 'A', mobile: '13800000001', department: [7] },
            { userid: 'a', name: 'A2', mobile: '13800000001' },
          ],
        },
        { corpId: 'wwx' },
      ],
      nonMembers: [{ openid: 'o1' }, { openid: 'o1' }],
    });
    expect(problems).toEqual([
      'corps[0].apps[1].agentId: duplicate agentId "1" (already used at index 0)',
      'corps[0].apps[1].secret: duplicate secret "s" (already used at index 0)',
      'corps[0].members[1].userid: duplicate userid "a" (already used at index 0)',
      'corps[0].members[1].mobile: duplicate mobile "13800000001" (already used at index 0)',
      'corps[0].departments[1].parentid: department 9 does not exist in this corp',
      'corps[0].members[0].department[0]: department 7 does not exist in this corp',
      'corps[0].apps[0].visibleUserIds[0]: no member with userid "ghost"',
      'corps[1].corpId: duplicate corpId "wwx" (already used at index 0)',
      'nonMembers[1].openid: duplicate openid "o1" (already used at index 0)',
    ]);
  });

  it('rejects a seed that is not an object or has no corps', () => {
    expect(problemsOf([])).toEqual(['seed: must be an object, got an array']);
    expect(problemsOf({})).toEqual(['seed.corps: is required (an array of corps, possibly empty)']);
    expect(problemsOf(corp({ apps: [{ agentId: 1, secret: 's', createdAt: 'yesterday' }] }))).toEqual([
      'corps[0].apps[0].createdAt: the string "yesterday" is not an ISO 8601 date such as "2024-01-01T00:00:00+08:00"',
    ]);
  });
});

describe('the demo seed (demo/wecom-seed.json)', () => {
  const demo = parseSeed(JSON.parse(readFileSync(join(__dirname, '../../../../demo/wecom-seed.json'), 'utf8')));
  const [demoCorp] = demo.corps;
  const app = demoCorp?.apps[0];
  const member = (userid: string) => demoCorp?.members.find((m) => m.userid === userid);

  it('has the demo app the NocoBase demo authenticator points at', () => {
    expect(demoCorp?.corpId).toBe('wwdemo0000000001');
    expect(app).toMatchObject({ agentId: '1000002', secret: 'demo-secret-not-for-production', enabled: true });
    expect(app?.trustedDomains).toEqual(['127.0.0.1:13000', 'localhost:13000']);
    expect(app?.webLoginDomains).toEqual(['127.0.0.1:13000', 'localhost:13000']);
    expect(Date.parse(app?.createdAt ?? '')).toBeGreaterThan(Date.parse('2022-06-20T20:00:00+08:00'));
    expect(app?.sensitiveFields).toHaveLength(7);
  });

  it('covers the demo cases: phone binding, sign-up, disabled, outside the visible range, non-member', () => {
    expect(member('zhangsan')).toMatchObject({ name: '张三', mobile: '13800000001', status: 1 });
    expect(member('lisi')).toMatchObject({ name: '李四', mobile: '13800000002', status: 1 });
    expect(member('wangwu')).toMatchObject({ name: '王五', status: 2 });
    expect(member('zhaoliu')?.name).toBe('赵六');
    expect(app?.visibleUserIds).not.toContain('zhaoliu');
    expect(demoCorp?.departments.length).toBeGreaterThanOrEqual(2);
    expect(demo.nonMembers).toHaveLength(1);
  });
});
