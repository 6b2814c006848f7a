import { describe, expect, it } from 'vitest';
import { takeLinkResult } from '../profile-link/result';

function page(search: string) {
  const replaced: string[] = [];
  return {
    replaced,
    location: { pathname: '/admin/x', search, hash: '#h' },
    history: { state: null, replaceState: (_state: unknown, _title: string, url?: string | URL | null) => void replaced.push(String(url)) },
  };
}

describe('the result of a link flow in the address', () => {
  it('is taken out of the address, the rest staying as written', () => {
    const landing = page('?tab=1&wecom_link=linked&b=%20');
    expect(takeLinkResult(landing)).toBe('linked');
    expect(landing.replaced).toEqual(['/admin/x?tab=1&b=%20#h']);
  });

  it('is one of a fixed set of flags: anything else says nothing, and is removed too', () => {
    const crafted = page('?wecom_link=Call%20this%20number');
    expect(takeLinkResult(crafted)).toBeUndefined();
    expect(crafted.replaced).toEqual(['/admin/x#h']);
    expect(takeLinkResult(page('?wecom_link=constructor'))).toBeUndefined();
  });

  it('leaves an address without it alone', () => {
    const plain = page('?tab=1');
    expect(takeLinkResult(plain)).toBeUndefined();
    expect(plain.replaced).toEqual([]);
  });
});
