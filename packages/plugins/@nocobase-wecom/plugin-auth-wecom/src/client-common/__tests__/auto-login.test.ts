import { describe, expect, it } from 'vitest';
import {
  type AutoLoginInput,
  decideAutoLogin,
  entryUrl,
  isWeComBrowser,
  nextMarker,
  parseMarker,
  RETRY_WINDOW_MS,
  returnTarget,
  safeTarget,
  withoutPublicPath,
} from '../auto-login';
import { runAutoLogin } from '../auto-login-runner';

const WECOM_IOS =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)  Mobile/15E148 wxwork/4.1.30 MicroMessenger/7.0.1 Language/zh';
const WECOM_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/98.0.4758.102 Safari/537.36 wxwork/4.1.33 (MicroMessenger/6.2) WindowsWechat';
const WECHAT = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.47 NetType/WIFI';
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

const wecom = { name: 'wecom', authType: 'WeCom', options: { autoLogin: true } };
const manual = { name: 'wecom-2', authType: 'WeCom', options: { autoLogin: false } };
const basic = { name: 'basic', authType: 'Email/Password', options: {} };

function input(overrides: Partial<AutoLoginInput> = {}): AutoLoginInput {
  return {
    userAgent: WECOM_IOS,
    search: '',
    place: 'sign-in',
    onSignInPage: false,
    hasToken: false,
    authenticators: [basic, manual, wecom],
    marker: {},
    now: 1_000_000,
    currentTarget: '/admin',
    defaultTarget: '/admin',
    ...overrides,
  };
}

describe('isWeComBrowser', () => {
  it('recognises WeCom on phones and desktops, and nothing else', () => {
    expect(isWeComBrowser(WECOM_IOS)).toBe(true);
    expect(isWeComBrowser(WECOM_WINDOWS)).toBe(true);
    expect(isWeComBrowser(WECHAT)).toBe(false);
    expect(isWeComBrowser(CHROME)).toBe(false);
    expect(isWeComBrowser(undefined)).toBe(false);
    expect(isWeComBrowser('Mozilla/5.0 notwxwork/1.0')).toBe(false);
  });
});

describe('decideAutoLogin on the sign-in page', () => {
  it('goes to WeCom with the wanted page when inside WeCom and an authenticator has automatic login', () => {
    expect(decideAutoLogin(input({ search: '?redirect=%2Fadmin%2Forders' }))).toEqual({
      kind: 'go',
      authenticator: 'wecom',
      redirect: '/admin/orders',
      why: 'sign-in',
    });
  });

  it('uses the default target without a redirect, and refuses an off-site one', () => {
    expect(decideAutoLogin(input({ defaultTarget: '/v/admin' }))).toMatchObject({ kind: 'go', redirect: '/v/admin' });
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', '/%2F%2Fevil.example', 'javascript:alert(1)']) {
      expect(decideAutoLogin(input({ search: `?redirect=${encodeURIComponent(bad)}` }))).toMatchObject({ kind: 'go', redirect: '/admin' });
    }
  });

  it('does nothing outside WeCom, in personal WeChat, or without an auto-login authenticator', () => {
    expect(decideAutoLogin(input({ userAgent: CHROME }))).toEqual({ kind: 'none', reason: 'not-wecom' });
    expect(decideAutoLogin(input({ userAgent: WECHAT }))).toEqual({ kind: 'none', reason: 'not-wecom' });
    expect(decideAutoLogin(input({ authenticators: [basic, manual] }))).toEqual({ kind: 'none', reason: 'no-auto-login' });
    expect(decideAutoLogin(input({ authenticators: [{ ...wecom, authType: 'OIDC' }] }))).toEqual({ kind: 'none', reason: 'no-auto-login' });
  });

  it('stays on the page after an error for that authenticator (never a loop)', () => {
    const decision = decideAutoLogin(input({ search: '?authenticator=wecom&error=Your%20account%20is%20disabled&redirect=%2Fadmin' }));
    expect(decision).toEqual({ kind: 'failed', authenticator: 'wecom', clearToken: false });
  });

  it("does not hide another authenticator's error", () => {
    expect(decideAutoLogin(input({ search: '?authenticator=oidc&error=nope' }))).toEqual({ kind: 'none', reason: 'other-error' });
  });

  it('does not go again in this webview after a failure', () => {
    expect(decideAutoLogin(input({ marker: { failed: 'wecom' } }))).toEqual({ kind: 'none', reason: 'after-failure' });
  });

  it('allows one automatic attempt per retry window', () => {
    const now = 5_000_000;
    expect(decideAutoLogin(input({ now, marker: { attemptedAt: now - 1_000 } }))).toEqual({ kind: 'none', reason: 'too-soon' });
    expect(decideAutoLogin(input({ now, marker: { attemptedAt: now - RETRY_WINDOW_MS } }))).toMatchObject({ kind: 'go' });
  });

  it('accepts autoLogin stored as the string "true"', () => {
    expect(decideAutoLogin(input({ authenticators: [{ ...wecom, options: { autoLogin: 'true' } }] }))).toMatchObject({ kind: 'go' });
  });
});

describe('decideAutoLogin at boot', () => {
  const boot = (overrides: Partial<AutoLoginInput> = {}) => input({ place: 'boot', hasToken: true, currentTarget: '/admin/orders?tab=2', ...overrides });

  it('re-verifies a stored session once per webview, coming back to the current page', () => {
    expect(decideAutoLogin(boot())).toEqual({ kind: 'go', authenticator: 'wecom', redirect: '/admin/orders?tab=2', why: 're-verify' });
    expect(decideAutoLogin(boot({ marker: { reverifying: 'wecom' } }))).toEqual({ kind: 'none', reason: 'once-per-session' });
    expect(decideAutoLogin(boot({ marker: { verified: 'wecom' } }))).toEqual({ kind: 'none', reason: 'verified' });
  });

  it('leaves unauthenticated pages and the sign-in page alone (the button decides there)', () => {
    expect(decideAutoLogin(boot({ hasToken: false }))).toEqual({ kind: 'none', reason: 'no-token' });
    expect(decideAutoLogin(boot({ onSignInPage: true }))).toEqual({ kind: 'none', reason: 'sign-in-page' });
  });

  it('books a landing from WeCom as verified', () => {
    expect(decideAutoLogin(boot({ search: '?authenticator=wecom&token=abc' }))).toEqual({ kind: 'landed', authenticator: 'wecom' });
    // A token handed over by another authenticator is not a WeCom verification.
    expect(decideAutoLogin(boot({ search: '?authenticator=oidc&token=abc' }))).toMatchObject({ kind: 'go', why: 're-verify' });
  });

  it('drops a stored token whose owner WeCom did not confirm', () => {
    expect(decideAutoLogin(boot({ search: '?authenticator=wecom&error=disabled', onSignInPage: true }))).toEqual({
      kind: 'failed',
      authenticator: 'wecom',
      clearToken: true,
    });
  });

  it('does not re-verify after a failure in this webview', () => {
    expect(decideAutoLogin(boot({ marker: { failed: 'wecom' } }))).toEqual({ kind: 'none', reason: 'after-failure' });
  });
});

describe('markers', () => {
  it('records attempts, verifications and failures', () => {
    const go = decideAutoLogin(input({ place: 'boot', hasToken: true }));
    expect(nextMarker({}, go, 42)).toEqual({ attemptedAt: 42, reverifying: 'wecom' });
    expect(nextMarker({ failed: 'wecom' }, { kind: 'landed', authenticator: 'wecom' }, 43)).toEqual({ verified: 'wecom', failed: undefined });
    expect(nextMarker({ verified: 'wecom' }, { kind: 'failed', authenticator: 'wecom', clearToken: false }, 44)).toEqual({
      failed: 'wecom',
      verified: undefined,
    });
  });

  it('reads only well-formed markers', () => {
    expect(parseMarker(null)).toEqual({});
    expect(parseMarker('not json')).toEqual({});
    expect(parseMarker('[1,2]')).toEqual({});
    expect(parseMarker(JSON.stringify({ attemptedAt: 'x', verified: 'wecom', extra: 1 }))).toEqual({ verified: 'wecom' });
  });
});

describe('runAutoLogin', () => {
  function environment(overrides: Partial<Parameters<typeof runAutoLogin>[0]> = {}) {
    const store = new Map<string, string>();
    const calls = { navigate: [] as string[], clearToken: 0 };
    const env = {
      userAgent: WECOM_IOS,
      search: '?redirect=%2Fadmin',
      storage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) },
      now: () => 1_000_000,
      hasToken: false,
      entryApiUrl: 'http://app.test/api/wecom:entry',
      navigate: (url: string) => void calls.navigate.push(url),
      clearToken: () => void (calls.clearToken += 1),
      ...overrides,
    };
    return { env, calls, store };
  }
  const request = { place: 'sign-in' as const, authenticators: [wecom], currentTarget: '/admin', defaultTarget: '/admin' };

  it('navigates once to wecom:entry, then holds back on the next render of the sign-in page', () => {
    const { env, calls } = environment();
    expect(runAutoLogin(env, request).kind).toBe('go');
    expect(calls.navigate).toEqual(['http://app.test/api/wecom:entry?authenticator=wecom&redirect=%2Fadmin']);
    const { env: zh, calls: zhCalls } = environment({ locale: 'zh-CN' });
    runAutoLogin(zh, request);
    expect(zhCalls.navigate).toEqual(['http://app.test/api/wecom:entry?authenticator=wecom&redirect=%2Fadmin&locale=zh-CN']);
    expect(runAutoLogin(env, request)).toEqual({ kind: 'none', reason: 'too-soon' });
    expect(calls.navigate).toHaveLength(1);
  });

  it('after an error: clears the stale token, stays, and does not try again even later', () => {
    const { env, calls } = environment({ search: '?authenticator=wecom&error=x', hasToken: true });
    expect(runAutoLogin(env, request).kind).toBe('failed');
    expect(calls.clearToken).toBe(1);
    const later = { ...env, search: '?redirect=%2Fadmin', now: () => 9_000_000 };
    expect(runAutoLogin(later, request)).toEqual({ kind: 'none', reason: 'after-failure' });
    expect(calls.navigate).toEqual([]);
  });

  it('never navigates automatically without sessionStorage (no loop guard)', () => {
    const { env, calls } = environment({ storage: undefined });
    expect(runAutoLogin(env, request)).toEqual({ kind: 'none', reason: 'once-per-session' });
    expect(calls.navigate).toEqual([]);
  });
});

describe('URL helpers', () => {
  it('builds the entry URL', () => {
    expect(entryUrl('/api/wecom:entry', 'wecom', '/admin?x=1')).toBe('/api/wecom:entry?authenticator=wecom&redirect=%2Fadmin%3Fx%3D1');
    // A navigation sends no X-Locale: the UI language travels as `?locale=`, which NocoBase reads too.
    expect(entryUrl('/api/wecom:entry', 'wecom', '/admin', 'zh-CN')).toBe('/api/wecom:entry?authenticator=wecom&redirect=%2Fadmin&locale=zh-CN');
  });

  it('computes a clean return target', () => {
    expect(returnTarget('/admin/x', '?a=1&token=t&authenticator=wecom&error=e')).toBe('/admin/x?a=1');
    expect(returnTarget('/v/admin', '')).toBe('/v/admin');
    expect(withoutPublicPath('/nocobase/admin/x', '/nocobase/')).toBe('/admin/x');
    expect(withoutPublicPath('/admin', '/')).toBe('/admin');
    expect(withoutPublicPath('/nocobase', '/nocobase/')).toBe('/');
  });

  it('keeps safe targets', () => {
    expect(safeTarget('/m', '/admin')).toBe('/m');
    expect(safeTarget(null, '/admin')).toBe('/admin');
    expect(safeTarget('/%E0%A4%A', '/admin')).toBe('/admin');
    expect(safeTarget('/a%0d%0aSet-Cookie', '/admin')).toBe('/admin');
  });
});
