import { describe, expect, it } from 'vitest';
import { computeSetupLinks } from '../setup-links';

describe('computeSetupLinks', () => {
  it('builds the homepage link, callback and console domains from the origin', () => {
    expect(computeSetupLinks({ origin: 'https://nocobase.example.com', name: 'wecom', redirectPath: '/m' })).toEqual({
      homepageUrl: 'https://nocobase.example.com/api/wecom:entry?authenticator=wecom&redirect=%2Fm',
      callbackUrl: 'https://nocobase.example.com/api/wecom:callback',
      pairingUrl: 'https://nocobase.example.com/api/wecom:pair',
      trustedDomain: 'nocobase.example.com',
      webLoginDomain: 'nocobase.example.com',
    });
  });

  it('keeps a non-default port and drops a default one, as WeCom compares host:port exactly', () => {
    expect(computeSetupLinks({ origin: 'http://127.0.0.1:13000/', name: 'a' })?.trustedDomain).toBe('127.0.0.1:13000');
    expect(computeSetupLinks({ origin: 'https://example.com:443', name: 'a' })?.trustedDomain).toBe('example.com');
  });

  it('honours a custom API base path and leaves redirect out when unset', () => {
    expect(computeSetupLinks({ origin: 'https://x.cn', name: 'w', apiBasePath: 'nb-api' })?.homepageUrl).toBe(
      'https://x.cn/nb-api/wecom:entry?authenticator=w',
    );
  });

  it('gives nothing for an origin that is not an absolute http(s) URL', () => {
    expect(computeSetupLinks({ origin: 'example.com', name: 'w' })).toBeUndefined();
    expect(computeSetupLinks({ origin: 'ftp://example.com', name: 'w' })).toBeUndefined();
  });
});
