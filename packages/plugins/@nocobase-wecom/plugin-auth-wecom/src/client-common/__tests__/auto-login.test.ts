import { describe, expect, it } from 'vitest';
import {
  ATTEMPT_LIFETIME_MS,
  type AutoLoginInput,
  decideAutoLogin,
  entryUrl,
  isWeComBrowser,
  MARKER_KEY,
  nextMarker,
  parseMarker,
  RETRY_WINDOW_MS,
  returnTarget,
  safeTarget,
  withoutPublicPath,
} from '../auto-login';
import { runAutoLogin } from '../auto-login-runner';
import { parentPath } from '../host';

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

  it('refuses targets that are not pages of the app: the one rule of common/target-path.ts', () => {
    for (const bad of [
      '/api/users:destroy?filterByTk=1',
      '/API/users:destroy',
      '/%61pi/users:destroy',
      '/admin/../api/users:destroy',
      '/%252e%252e/api/x',
      '/storage/uploads/x.html',
      '/static/x.js',
      '/ws',
      '/admin\\x',
    ]) {
      expect(decideAutoLogin(input({ search: `?redirect=${encodeURIComponent(bad)}` }))).toMatchObject({ kind: 'go', redirect: '/admin' });
    }
    // The paths the host knows: a public path and a custom API base path.
    const paths = { appPublicPath: '/nocobase/', apiBasePath: '/nocobase/rest/' };
    for (const bad of ['/nocobase/rest/users:destroy', '/nocobase/api/x', '/api/x', '/nocobase/storage/x']) {
      expect(decideAutoLogin(input({ appPaths: paths, search: `?redirect=${encodeURIComponent(bad)}` }))).toMatchObject({ redirect: '/admin' });
    }
    expect(decideAutoLogin(input({ appPaths: paths, search: '?redirect=%2Fadmin%2Fx' }))).toMatchObject({ redirect: '/admin/x' });
  });

  it('drops a token, hand-off code, authenticator or error planted in the target', () => {
    const planted = '/admin/x?token=planted&a=1&wecom_handoff=planted&authenticator=basic&error=e#h';
    expect(decideAutoLogin(input({ search: `?redirect=${encodeURIComponent(planted)}` }))).toMatchObject({ kind: 'go', redirect: '/admin/x?a=1#h' });
  });

  it('stays on the page after its own attempt came back with an error (never a loop)', () => {
    const now = 5_000_000;
    const decision = decideAutoLogin(
      input({ now, marker: { attemptedAt: now - 40_000, attempting: 'wecom' }, search: '?authenticator=wecom&error=Your%20account%20is%20disabled&redirect=%2Fadmin' }),
    );
    expect(decision).toEqual({ kind: 'failed', authenticator: 'wecom' });
  });

  it('a link with an error only shows it: no failure booked, no automatic attempt while it is shown', () => {
    // No attempt of this webview under way: anyone may have written this link.
    expect(decideAutoLogin(input({ search: '?authenticator=wecom&error=x' }))).toEqual({ kind: 'none', reason: 'error-shown' });
    // An attempt long ago (or of another authenticator) is not what this error answers.
    const now = 50_000_000;
    const stale = { attemptedAt: now - ATTEMPT_LIFETIME_MS, attempting: 'wecom' };
    expect(decideAutoLogin(input({ now, marker: stale, search: '?authenticator=wecom&error=x' }))).toEqual({ kind: 'none', reason: 'error-shown' });
    const other = { attemptedAt: now - 1_000, attempting: 'wecom-2' };
    expect(decideAutoLogin(input({ now, marker: other, search: '?authenticator=wecom&error=x' }))).toEqual({ kind: 'none', reason: 'error-shown' });
    const future = { attemptedAt: now + 1_000, attempting: 'wecom' };
    expect(decideAutoLogin(input({ now, marker: future, search: '?authenticator=wecom&error=x' }))).toEqual({ kind: 'none', reason: 'error-shown' });
  });

  it("does not hide another authenticator's error", () => {
    expect(decideAutoLogin(input({ search: '?authenticator=oidc&error=nope' }))).toEqual({ kind: 'none', reason: 'other-error' });
    const attempt = { attemptedAt: 1_000_000 - 1_000, attempting: 'wecom' };
    expect(decideAutoLogin(input({ marker: attempt, search: '?authenticator=oidc&error=nope' }))).toEqual({ kind: 'none', reason: 'other-error' });
  });

  it('ignores `redeemed` and `?token=` on the sign-in page: only the boot books a landing', () => {
    expect(decideAutoLogin(input({ redeemed: 'wecom' }))).toMatchObject({ kind: 'go', why: 'sign-in' });
    expect(decideAutoLogin(input({ search: '?authenticator=wecom&token=x' }))).toMatchObject({ kind: 'go', why: 'sign-in' });
  });

  it('does not go again in this webview after a failure', () => {
    expect(decideAutoLogin(input({ marker: { failed: 'wecom' } }))).toEqual({ kind: 'none', reason: 'after-failure' });
  });

  it('allows one automatic attempt per retry window', () => {
    const now = 5_000_000;
    expect(decideAutoLogin(input({ now, marker: { attemptedAt: now - 1_000 } }))).toEqual({ kind: 'none', reason: 'too-soon' });
    expect(decideAutoLogin(input({ now, marker: { attemptedAt: now - RETRY_WINDOW_MS } }))).toMatchObject({ kind: 'go' });
  });

  it('reads autoLogin by the server\'s rule: only `true` turns it on', () => {
    for (const autoLogin of ['true', '1', 1, 'yes', null]) {
      expect(decideAutoLogin(input({ authenticators: [{ ...wecom, options: { autoLogin } }] })), String(autoLogin)).toEqual({ kind: 'none', reason: 'no-auto-login' });
    }
    expect(decideAutoLogin(input({ authenticators: [{ ...wecom, options: { autoLogin: true } }] }))).toMatchObject({ kind: 'go' });
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

  it('books a landing as verified only when this page load redeemed the auto-login authenticator\'s code', () => {
    expect(decideAutoLogin(boot({ redeemed: 'wecom' }))).toEqual({ kind: 'landed', authenticator: 'wecom' });
    // A sign-in handed over by another authenticator is not a WeCom verification.
    expect(decideAutoLogin(boot({ redeemed: 'wecom-2' }))).toMatchObject({ kind: 'go', why: 're-verify' });
    expect(decideAutoLogin(boot({ redeemed: 'oidc' }))).toMatchObject({ kind: 'go', why: 're-verify' });
  });

  it('a link cannot mark the webview verified: ?token=, ?authenticator= and a code that was not redeemed change nothing', () => {
    for (const search of [
      '?authenticator=wecom&token=x',
      '?token=x',
      '?authenticator=wecom',
      '?authenticator=wecom&wecom_handoff=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      '?authenticator=oidc&token=abc',
    ]) {
      expect(decideAutoLogin(boot({ search }))).toEqual({ kind: 'go', authenticator: 'wecom', redirect: '/admin/orders?tab=2', why: 're-verify' });
    }
  });

  it('a link with an error neither signs the member out nor switches the re-verification off', () => {
    for (const search of ['?authenticator=wecom&error=x', '?authenticator=wecom&error=x&token=y', '?error=x']) {
      expect(decideAutoLogin(boot({ search }))).toMatchObject({ kind: 'go', why: 're-verify' });
    }
    // On the sign-in page the button shows it; nothing is booked.
    expect(decideAutoLogin(boot({ search: '?authenticator=wecom&error=disabled', onSignInPage: true }))).toEqual({ kind: 'none', reason: 'sign-in-page' });
  });

  it('books the failure of its own re-verification, which clears no token', () => {
    const now = 1_000_000;
    const attempt = { attemptedAt: now - 5_000, attempting: 'wecom', reverifying: 'wecom' };
    expect(decideAutoLogin(boot({ now, marker: attempt, search: '?authenticator=wecom&error=disabled', onSignInPage: true }))).toEqual({
      kind: 'failed',
      authenticator: 'wecom',
    });
  });

  it('re-verifies towards a page of the app only, without planted hand-off params', () => {
    expect(decideAutoLogin(boot({ currentTarget: '/admin/x?a=1&token=t' }))).toMatchObject({ redirect: '/admin/x?a=1' });
    expect(decideAutoLogin(boot({ currentTarget: '/api/users:destroy' }))).toMatchObject({ redirect: '/admin' });
    expect(decideAutoLogin(boot({ currentTarget: '//evil.example/admin' }))).toMatchObject({ redirect: '/admin' });
  });

  it('does not re-verify after a failure in this webview', () => {
    expect(decideAutoLogin(boot({ marker: { failed: 'wecom' } }))).toEqual({ kind: 'none', reason: 'after-failure' });
  });
});

describe('markers', () => {
  it('records attempts, verifications and failures', () => {
    const go = decideAutoLogin(input({ place: 'boot', hasToken: true }));
    expect(nextMarker({}, go, 42)).toEqual({ attemptedAt: 42, attempting: 'wecom', reverifying: 'wecom' });
    expect(nextMarker({}, decideAutoLogin(input()), 42)).toEqual({ attemptedAt: 42, attempting: 'wecom' });
    expect(nextMarker({ failed: 'wecom', attempting: 'wecom' }, { kind: 'landed', authenticator: 'wecom' }, 43)).toEqual({
      verified: 'wecom',
      failed: undefined,
      attempting: undefined,
    });
    expect(nextMarker({ verified: 'wecom', attempting: 'wecom' }, { kind: 'failed', authenticator: 'wecom' }, 44)).toEqual({
      failed: 'wecom',
      verified: undefined,
      attempting: undefined,
    });
    expect(nextMarker({ verified: 'wecom' }, { kind: 'none', reason: 'error-shown' }, 45)).toEqual({ verified: 'wecom' });
  });

  it('reads only well-formed markers', () => {
    expect(parseMarker(null)).toEqual({});
    expect(parseMarker('not json')).toEqual({});
    expect(parseMarker('[1,2]')).toEqual({});
    expect(parseMarker(JSON.stringify({ attemptedAt: 'x', verified: 'wecom', extra: 1 }))).toEqual({ verified: 'wecom' });
    expect(parseMarker(JSON.stringify({ attemptedAt: 7, attempting: 'wecom', failed: 2 }))).toEqual({ attemptedAt: 7, attempting: 'wecom' });
  });
});

describe('runAutoLogin', () => {
  function environment(overrides: Partial<Parameters<typeof runAutoLogin>[0]> = {}) {
    const store = new Map<string, string>();
    const calls = { navigate: [] as string[] };
    const env = {
      userAgent: WECOM_IOS,
      search: '?redirect=%2Fadmin',
      storage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) },
      now: () => 1_000_000,
      hasToken: false,
      entryApiUrl: 'http://app.test/api/wecom:entry',
      navigate: (url: string) => void calls.navigate.push(url),
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

  it('after its own attempt failed: stays, and does not try again even later', () => {
    const { env, calls, store } = environment();
    expect(runAutoLogin(env, request).kind).toBe('go');
    const back = { ...env, search: '?authenticator=wecom&error=x&redirect=%2Fadmin', hasToken: true, now: () => 1_020_000 };
    expect(runAutoLogin(back, request)).toEqual({ kind: 'failed', authenticator: 'wecom' });
    expect(JSON.parse(store.get(MARKER_KEY)!)).toMatchObject({ failed: 'wecom' });
    const later = { ...env, search: '?redirect=%2Fadmin', now: () => 9_000_000 };
    expect(runAutoLogin(later, request)).toEqual({ kind: 'none', reason: 'after-failure' });
    expect(calls.navigate).toHaveLength(1);
  });

  it('a link with an error books nothing, so it switches nothing off and signs nobody out', () => {
    const { env, calls, store } = environment({ search: '?authenticator=wecom&error=x', hasToken: true });
    expect(runAutoLogin(env, request)).toEqual({ kind: 'none', reason: 'error-shown' });
    expect(runAutoLogin(env, { ...request, place: 'boot', onSignInPage: true })).toEqual({ kind: 'none', reason: 'sign-in-page' });
    expect(store.size).toBe(0);
    expect(calls.navigate).toEqual([]);
    // The environment has no way to clear a token at all.
    expect(Object.keys(env)).not.toContain('clearToken');
    // Later, without the error: automatic login and the boot-time re-verification still happen.
    expect(runAutoLogin({ ...env, search: '' }, request).kind).toBe('go');
    const fresh = environment({ hasToken: true, search: '?authenticator=wecom&error=x' });
    expect(runAutoLogin(fresh.env, { ...request, place: 'boot', currentTarget: '/admin/x' })).toMatchObject({ kind: 'go', why: 're-verify' });
  });

  it('a link with ?token= does not mark the webview verified: the next boot still re-verifies', () => {
    const { env, store, calls } = environment({ search: '?authenticator=wecom&token=x', hasToken: true });
    const bootRequest = { ...request, place: 'boot' as const, currentTarget: '/admin/x' };
    expect(runAutoLogin(env, bootRequest)).toMatchObject({ kind: 'go', why: 're-verify' });
    expect(JSON.parse(store.get(MARKER_KEY)!).verified).toBeUndefined();
    expect(calls.navigate[0]).toBe('http://app.test/api/wecom:entry?authenticator=wecom&redirect=%2Fadmin%2Fx');
  });

  it('a redeemed landing marks the webview verified; the next boot does not re-verify', () => {
    const { env, store, calls } = environment({ search: '', hasToken: true });
    const bootRequest = { ...request, place: 'boot' as const, currentTarget: '/admin/x' };
    expect(runAutoLogin(env, { ...bootRequest, redeemed: 'wecom' })).toEqual({ kind: 'landed', authenticator: 'wecom' });
    expect(JSON.parse(store.get(MARKER_KEY)!)).toMatchObject({ verified: 'wecom' });
    expect(runAutoLogin(env, bootRequest)).toEqual({ kind: 'none', reason: 'verified' });
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
    expect(returnTarget('/admin/x', '?wecom_handoff=c&b=%20x&authenticator=wecom')).toBe('/admin/x?b=%20x');
    expect(returnTarget('/admin/x', '?')).toBe('/admin/x');
    expect(returnTarget('', '')).toBe('/');
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
    expect(safeTarget('/api/users:destroy', '/admin')).toBe('/admin');
    expect(safeTarget('/m?token=x&y=1', '/admin')).toBe('/m?y=1');
    expect(safeTarget('/nocobase/api/x', '/admin', { appPublicPath: '/nocobase/' })).toBe('/admin');
  });

  it('finds APP_PUBLIC_PATH above the modern UI', () => {
    expect(parentPath('/v/')).toBe('/');
    expect(parentPath('/nocobase/v/')).toBe('/nocobase/');
    expect(parentPath('/nocobase/v')).toBe('/nocobase/');
    expect(parentPath('/')).toBe('/');
    expect(parentPath(undefined)).toBe('/');
  });
});
