import { describe, expect, it } from 'vitest';
import {
  CONTACT_ADMINISTRATOR_MESSAGE,
  describeError,
  describeErrorForUser,
  ERRCODE_CATALOGUE,
  UNKNOWN_ERRCODE_MESSAGE,
} from '../describe-error';
import { WeComApiError, WeComProtocolError, WeComTransportError } from '../errors';

// Real errmsg shapes from docs/wecom-protocol.md A0 (JeecgBoot#5618, wx-msg-push-tencent#8 and the older hint form).
const realIpErrmsg =
  'not allow to access from your ip, hint: [1709402398118372241469842], from ip: 117.152.88.49, more info at https://open.work.weixin.qq.com/devtool/query?e=60020';
const olderHintIpErrmsg =
  'not allow to access from your ip, hint: [1576065934_28_e0fae07666aa64636023c1fa7e8f49a4], from ip: 36.112.10.5, more info at https://open.work.weixin.qq.com/devtool/query?e=60020';

function apiError(errcode: number, errmsg = 'some error, hint: [1], more info at …'): WeComApiError {
  return new WeComApiError('/cgi-bin/auth/getuserinfo', errcode, errmsg);
}

describe('describeError for WeCom errcodes', () => {
  it.each([
    [-1, 'WECOM_SYSTEM_BUSY', 'user'],
    [40001, 'WECOM_INVALID_SECRET', 'admin'],
    [40091, 'WECOM_INVALID_SECRET', 'admin'],
    [40013, 'WECOM_INVALID_CORP_ID', 'admin'],
    [40014, 'WECOM_ACCESS_TOKEN_REJECTED', 'admin'],
    [42001, 'WECOM_ACCESS_TOKEN_REJECTED', 'admin'],
    [40029, 'WECOM_INVALID_CODE', 'user'],
    [40056, 'WECOM_INVALID_AGENT_ID', 'admin'],
    [41001, 'WECOM_MISSING_PARAMETER', 'admin'],
    [41004, 'WECOM_MISSING_PARAMETER', 'admin'],
    [41099, 'WECOM_MISSING_PARAMETER', 'admin'],
    [45009, 'WECOM_RATE_LIMITED', 'user'],
    [45033, 'WECOM_RATE_LIMITED', 'user'],
    [48002, 'WECOM_API_FORBIDDEN', 'admin'],
    [50001, 'WECOM_REDIRECT_DOMAIN_NOT_TRUSTED', 'admin'],
    [50003, 'WECOM_APP_DISABLED', 'admin'],
    [60011, 'WECOM_MEMBER_NOT_VISIBLE', 'user'],
    [60020, 'WECOM_IP_NOT_TRUSTED', 'admin'],
    [60111, 'WECOM_MEMBER_NOT_FOUND', 'user'],
    [84014, 'WECOM_USER_TICKET_INVALID', 'user'],
    [84015, 'WECOM_USER_TICKET_INVALID', 'user'],
  ] as const)('%i → %s for the %s', (errcode, code, audience) => {
    const description = describeError(apiError(errcode));
    expect(description.code).toBe(code);
    expect(description.audience).toBe(audience);
    expect(description.params.errcode).toBe(String(errcode));
    expect(description.helpUrl).toBe(`https://open.work.weixin.qq.com/devtool/query?e=${errcode}`);
  });

  it('says what each admin problem is about', () => {
    expect(describeError(apiError(40013)).message).toMatch(/corp ID/);
    expect(describeError(apiError(40001)).message).toMatch(/secret/);
    expect(describeError(apiError(50003)).message).toMatch(/disabled/);
    expect(describeError(apiError(48002)).message).toMatch(/not allowed to call \{\{endpoint\}\}/);
    expect(describeError(apiError(48002)).params.endpoint).toBe('/cgi-bin/auth/getuserinfo');
  });

  it('tells users to try again after 40029, -1 and rate limits', () => {
    expect(describeError(apiError(40029)).message).toBe('The sign-in link has expired or was already used. Please try again.');
    expect(describeError(apiError(45009)).message).toMatch(/rate-limiting.*try again later/);
    expect(describeError(apiError(-1)).message).toMatch(/try again/);
  });

  it('tells users to contact their administrator when only the administrator can help', () => {
    for (const errcode of [60011, 60111]) expect(describeError(apiError(errcode)).message).toMatch(/contact your administrator/);
  });

  it.each([
    [realIpErrmsg, '117.152.88.49'],
    [olderHintIpErrmsg, '36.112.10.5'],
    ['not allow to access from your ip, hint: [1], from ip: 2408:8207:1850:2a60::1, more info at x', '2408:8207:1850:2a60::1'],
  ])('60020 shows the egress IP parsed from the errmsg, and where to add it', (errmsg, ip) => {
    const description = describeError(apiError(60020, errmsg));
    expect(description.params.ip).toBe(ip);
    expect(description.message).toContain('{{ip}}');
    expect(description.message).toContain('Trusted IPs (企业可信IP)');
  });

  it('60020 without a parsable IP uses the sentence without {{ip}}', () => {
    for (const errmsg of ['not allow to access from your ip', 'from ip: not-an-ip, more info']) {
      const description = describeError(apiError(60020, errmsg));
      expect(description.params.ip).toBeUndefined();
      expect(description.message).not.toContain('{{ip}}');
      expect(description.message).toContain('企业可信IP');
    }
  });

  it('50001 tells the admin which domain to enter when the caller knows it', () => {
    const withDomain = describeError(apiError(50001), { domain: 'nocobase.example.com:8443' });
    expect(withDomain.params.domain).toBe('nocobase.example.com:8443');
    expect(withDomain.message).toContain('{{domain}} (without https://)');
    const withoutDomain = describeError(apiError(50001));
    expect(withoutDomain.message).not.toContain('{{domain}}');
    expect(withoutDomain.message).toMatch(/host name \(with the port if it is not 80 or 443/);
  });

  it('unknown errcodes get a generic admin message with the code and WeCom devtool link', () => {
    const description = describeError(apiError(93000));
    expect(description).toEqual({
      code: 'WECOM_API_ERROR',
      audience: 'admin',
      message: UNKNOWN_ERRCODE_MESSAGE,
      params: { errcode: '93000', endpoint: '/cgi-bin/auth/getuserinfo', helpUrl: 'https://open.work.weixin.qq.com/devtool/query?e=93000' },
      helpUrl: 'https://open.work.weixin.qq.com/devtool/query?e=93000',
    });
  });

  it('every placeholder in every catalogue sentence is filled by the params it produces', () => {
    for (const errcode of ERRCODE_CATALOGUE.flatMap((row) => row.errcodes)) {
      for (const context of [{}, { domain: 'a.example' }]) {
        for (const errmsg of ['no ip here', realIpErrmsg]) {
          const description = describeError(new WeComApiError('/cgi-bin/x', errcode, errmsg), context);
          for (const match of description.message.matchAll(/\{\{(\w+)\}\}/g)) expect(description.params).toHaveProperty(match[1] ?? '');
        }
      }
    }
  });

  it('no errcode appears in two catalogue rows', () => {
    const all = ERRCODE_CATALOGUE.flatMap((row) => row.errcodes);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('describeError for other errors', () => {
  it('describes timeouts and unreachable hosts for admins, naming the endpoint path', () => {
    const timeout = new WeComTransportError('/cgi-bin/gettoken', true, { cause: new Error('aborted') });
    expect(describeError(timeout)).toMatchObject({ code: 'WECOM_TIMEOUT', audience: 'admin', params: { endpoint: '/cgi-bin/gettoken' } });
    const refused = new WeComTransportError('/cgi-bin/gettoken', false, { cause: new Error('ECONNREFUSED') });
    expect(describeError(refused)).toMatchObject({ code: 'WECOM_UNREACHABLE', audience: 'admin' });
  });

  it('describes protocol errors with the HTTP status or the field', () => {
    const status = new WeComProtocolError('/cgi-bin/user/get', { problem: 'http-status', httpStatus: 502 });
    expect(describeError(status).params).toEqual({ endpoint: '/cgi-bin/user/get', detail: 'HTTP 502' });
    const field = new WeComProtocolError('/cgi-bin/user/get', { problem: 'invalid-field', field: 'userid', expected: 'a string' });
    expect(describeError(field).params.detail).toBe('field "userid"');
  });

  it('describes anything else generically, without repeating its message', () => {
    const description = describeError(new Error('secret=abc leaked'));
    expect(description).toMatchObject({ code: 'WECOM_UNEXPECTED_ERROR', audience: 'admin', params: {} });
    expect(JSON.stringify(description)).not.toContain('abc');
    expect(describeError('a string').code).toBe('WECOM_UNEXPECTED_ERROR');
  });
});

describe('describeErrorForUser', () => {
  it('passes user messages through', () => {
    expect(describeErrorForUser(apiError(40029))).toEqual(describeError(apiError(40029)));
  });

  it('turns admin problems into "contact your administrator" with the code, and no admin details', () => {
    const description = describeErrorForUser(apiError(60020, realIpErrmsg));
    expect(description).toEqual({
      code: 'WECOM_IP_NOT_TRUSTED',
      audience: 'user',
      message: CONTACT_ADMINISTRATOR_MESSAGE,
      params: { code: 'WECOM_IP_NOT_TRUSTED' },
    });
    expect(JSON.stringify(description)).not.toContain('117.152.88.49');
  });
});
