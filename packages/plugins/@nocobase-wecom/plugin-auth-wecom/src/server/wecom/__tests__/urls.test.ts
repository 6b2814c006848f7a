import { describe, expect, it } from 'vitest';
import { buildOAuthUrl, buildWebLoginUrl, domainOf } from '../urls';

const base = {
  corpId: 'ww1234567890abcdef',
  agentId: '1000002',
  redirectUri: 'https://nocobase.example.com/api/wecom:callback',
  state: 'Abc123',
};

describe('buildOAuthUrl', () => {
  it('builds the in-client authorize URL with every parameter, in order, and the #wechat_redirect fragment', () => {
    const url = buildOAuthUrl({ ...base, scope: 'snsapi_base' });
    expect(url).toBe(
      'https://open.weixin.qq.com/connect/oauth2/authorize' +
        '?appid=ww1234567890abcdef' +
        '&redirect_uri=https%3A%2F%2Fnocobase.example.com%2Fapi%2Fwecom%3Acallback' +
        '&response_type=code&scope=snsapi_base&state=Abc123&agentid=1000002#wechat_redirect',
    );
  });

  it('always sends agentid, which snsapi_privateinfo needs (WeCom silently downgrades to base without it)', () => {
    const url = new URL(buildOAuthUrl({ ...base, agentId: 1000005, scope: 'snsapi_privateinfo' }));
    expect(url.searchParams.get('scope')).toBe('snsapi_privateinfo');
    expect(url.searchParams.get('agentid')).toBe('1000005');
    expect(url.hash).toBe('#wechat_redirect');
  });

  it('encodes a redirect URI that has its own query string so it survives the round trip', () => {
    const redirectUri = 'https://app.example.com:8443/api/wecom:callback?authenticator=we com&x=1#frag';
    const url = new URL(buildOAuthUrl({ ...base, redirectUri, scope: 'snsapi_base' }));
    expect(url.searchParams.get('redirect_uri')).toBe('https://app.example.com:8443/api/wecom:callback?authenticator=we%20com&x=1#frag');
    expect(url.search).not.toContain('&x=1');
  });

  it('keeps a path prefix of the base URL (private deployments, the emulator behind a proxy)', () => {
    const url = buildOAuthUrl({ ...base, oauthBaseUrl: 'http://127.0.0.1:13001/wecom/', scope: 'snsapi_base' });
    expect(url.startsWith('http://127.0.0.1:13001/wecom/connect/oauth2/authorize?appid=')).toBe(true);
  });

  it('drops a default :443 from the redirect URI, which WeCom would not match against the trusted domain', () => {
    const url = new URL(buildOAuthUrl({ ...base, redirectUri: 'https://a.example.com:443/cb', scope: 'snsapi_base' }));
    expect(url.searchParams.get('redirect_uri')).toBe('https://a.example.com/cb');
  });

  it.each(['a', 'Z9', 'x'.repeat(128)])('accepts the state %j, which WeCom carries back unchanged', (state) => {
    expect(new URL(buildOAuthUrl({ ...base, state, scope: 'snsapi_base' })).searchParams.get('state')).toBe(state);
  });

  it.each(['', 'has space', 'a-b', 'a_b', 'abc=', '%41', 'x'.repeat(129), 'ünïcode'])('refuses the state %j, which WeCom rejects (84025)', (state) => {
    expect(() => buildOAuthUrl({ ...base, state, scope: 'snsapi_base' })).toThrow(/state must be 1 to 128 characters/);
    expect(() => buildWebLoginUrl({ ...base, state })).toThrow(/state must be 1 to 128 characters/);
  });

  it('refuses a relative redirect URI and an empty corp id', () => {
    expect(() => buildOAuthUrl({ ...base, redirectUri: '/api/wecom:callback', scope: 'snsapi_base' })).toThrow(TypeError);
    expect(() => buildOAuthUrl({ ...base, corpId: ' ', scope: 'snsapi_base' })).toThrow(/corpId/);
  });
});

describe('buildWebLoginUrl', () => {
  it('builds the CorpApp web login URL with exact parameter names and no fragment', () => {
    expect(buildWebLoginUrl(base)).toBe(
      'https://login.work.weixin.qq.com/wwlogin/sso/login?login_type=CorpApp&appid=ww1234567890abcdef&agentid=1000002' +
        '&redirect_uri=https%3A%2F%2Fnocobase.example.com%2Fapi%2Fwecom%3Acallback&state=Abc123',
    );
  });

  it('joins a base URL with a path prefix with exactly one slash', () => {
    for (const webLoginBaseUrl of ['https://sso.corp.example/prefix', 'https://sso.corp.example/prefix/', 'https://sso.corp.example/prefix//']) {
      expect(new URL(buildWebLoginUrl({ ...base, webLoginBaseUrl })).pathname).toBe('/prefix/wwlogin/sso/login');
    }
  });

  it('refuses base URLs that are not plain http(s) origins or prefixes', () => {
    expect(() => buildWebLoginUrl({ ...base, webLoginBaseUrl: 'login.work.weixin.qq.com' })).toThrow(TypeError);
    expect(() => buildWebLoginUrl({ ...base, webLoginBaseUrl: 'ftp://x.example' })).toThrow(TypeError);
    expect(() => buildWebLoginUrl({ ...base, webLoginBaseUrl: 'https://x.example/?a=1' })).toThrow(/query string/);
    expect(() => buildWebLoginUrl({ ...base, webLoginBaseUrl: 'https://u:p@x.example/' })).toThrow(/user name or password/);
  });
});

describe('domainOf', () => {
  it.each([
    ['https://example.com', 'example.com'],
    ['https://example.com/', 'example.com'],
    ['https://example.com:443', 'example.com'],
    ['http://example.com:80', 'example.com'],
    ['http://example.com:443', 'example.com:443'],
    ['https://example.com:8443', 'example.com:8443'],
    ['https://EXAMPLE.com', 'example.com'],
    ['http://127.0.0.1:13000', '127.0.0.1:13000'],
    ['http://[::1]:8080', '[::1]:8080'],
  ])('%s → %s', (origin, domain) => {
    expect(domainOf(origin)).toBe(domain);
  });

  it('refuses an origin without a scheme', () => {
    expect(() => domainOf('example.com')).toThrow(TypeError);
  });
});
