import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page, Locator } from 'playwright-core';
import { WECOM_MOBILE_UA, appUrl, emulatorUrl } from './browser';

/** Helpers shared by the sign-in browser tests: contexts, who is signed in, the emulator's call log. */

export const DESKTOP_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

// Each run writes its screenshots under test-results/; UPDATE_SCREENSHOTS=1 refreshes the README's copies in docs/.
export const SCREENSHOT_DIR =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? path.resolve(__dirname, '..', 'docs', 'screenshots')
    : path.resolve(__dirname, '..', 'test-results', 'screenshots');

/** The emulator's control API (`/__emulator/<route>`), JSON both ways; throws on an error status. */
export async function emulatorControl<T = unknown>(route: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(emulatorUrl(`/__emulator/${route}`), {
    method: init.method ?? 'GET',
    headers: { 'Content-Type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`emulator ${route}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The seed as `GET /__emulator/seed` shows it, minus its nulls (unset fields), so it can be posted back. */
export async function emulatorSeed<T>(): Promise<T> {
  const seed = await emulatorControl<T>('seed');
  return JSON.parse(JSON.stringify(seed, (_key, item) => (item === null ? undefined : item))) as T;
}

/** Replaces the emulator's seed, keeping its sessions (tokens, codes) so the app goes on as it was. */
export async function setEmulatorSeed(seed: unknown): Promise<void> {
  await emulatorControl('seed?keepSessions=1', { method: 'POST', body: seed });
}

/** The demo authenticator seeded by the harness (`demo/nocobase-seed.json`). */
export const DEMO_AUTHENTICATOR = 'wecom';

export interface ContextOptions {
  /** Inside WeCom: the wxwork User-Agent and a phone-sized viewport. */
  wecom?: boolean;
  /** The member the emulator treats as signed in to the WeCom app (in-client OAuth reads this cookie). */
  member?: string;
  locale?: 'en-US' | 'zh-CN';
}

export async function newContext(browser: Browser, options: ContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    userAgent: options.wecom ? WECOM_MOBILE_UA : DESKTOP_UA,
    viewport: options.wecom ? { width: 390, height: 844 } : { width: 1280, height: 800 },
    locale: options.locale ?? 'en-US',
  });
  if (options.member) await setEmulatorMember(context, options.member);
  // NocoBase reads the UI language from its own storage first; pin it so messages are predictable.
  const locale = options.locale ?? 'en-US';
  await context.addInitScript((value) => {
    try {
      if (!window.localStorage.getItem('NOCOBASE_LOCALE')) window.localStorage.setItem('NOCOBASE_LOCALE', value);
    } catch {
      // storage unavailable on about:blank
    }
  }, locale);
  return context;
}

/** Which member the emulator's in-client OAuth page treats as the one using WeCom. */
export async function setEmulatorMember(context: BrowserContext, userid: string): Promise<void> {
  const url = new URL(emulatorUrl());
  await context.addCookies([{ name: 'emulator_userid', value: userid, domain: url.hostname, path: '/' }]);
}

/** The NocoBase token the page holds (the SDK keeps it in localStorage). */
export async function storedToken(page: Page): Promise<string> {
  return page.evaluate(() => window.localStorage.getItem('NOCOBASE_TOKEN') || '');
}

/** `auth:check` with the page's own token: the signed-in user, or undefined. */
export async function signedInUser(page: Page): Promise<{ id: number; username?: string; nickname?: string } | undefined> {
  const token = await storedToken(page);
  if (!token) return undefined;
  const authenticator = await page.evaluate(() => window.localStorage.getItem('NOCOBASE_AUTH') || 'basic');
  const response = await fetch(appUrl('/api/auth:check'), {
    headers: { Authorization: `Bearer ${token}`, 'X-Authenticator': authenticator },
  });
  if (!response.ok) return undefined;
  const body = (await response.json().catch(() => ({}))) as { data?: { id?: number } };
  return body?.data?.id ? (body.data as { id: number; username?: string }) : undefined;
}

/** Waits until the page holds a token that `auth:check` accepts. */
export async function waitForSignedIn(page: Page, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const user = await signedInUser(page).catch(() => undefined);
    if (user) return user;
    if (Date.now() > deadline) throw new Error(`not signed in after ${timeoutMs} ms; at ${page.url()}`);
    await page.waitForTimeout(300);
  }
}

export interface EmulatorCall {
  method?: string;
  path?: string;
  [key: string]: unknown;
}

export async function emulatorCalls(): Promise<EmulatorCall[]> {
  const response = await fetch(emulatorUrl('/__emulator/calls'));
  const body = (await response.json()) as { calls?: EmulatorCall[] };
  return body.calls ?? [];
}

export async function clearEmulatorCalls(): Promise<void> {
  await fetch(emulatorUrl('/__emulator/calls'), { method: 'DELETE' });
}

/** The paths the emulator served, in order (e.g. `/connect/oauth2/authorize`, `/cgi-bin/auth/getuserinfo`). */
export async function emulatorPaths(): Promise<string[]> {
  return (await emulatorCalls()).map((call) => String(call.path ?? call.url ?? ''));
}

let adminToken: string | undefined;

/** Signs in to the dev app as the seeded root user, for REST set-up and checks. */
export async function adminApi<T = unknown>(action: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  if (!adminToken) {
    const response = await fetch(appUrl('/api/auth:signIn'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Authenticator': 'basic' },
      body: JSON.stringify({ account: 'admin@nocobase.com', password: 'admin123' }),
    });
    const body = (await response.json()) as { data?: { token?: string } };
    if (!body?.data?.token) throw new Error(`admin sign-in failed: HTTP ${response.status}`);
    adminToken = body.data.token;
  }
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(appUrl(`/api/${action}`), {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${adminToken}`, 'X-Authenticator': 'basic', 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const payload = (await response.json().catch(() => ({}))) as { data?: T; errors?: Array<{ message: string }> };
    if (response.ok) return payload.data as T;
    const message = payload?.errors?.map((error) => error.message).join('; ') || String(response.status);
    // NocoBase on a SQLite file gives each transaction its own connection and does not wait for a lock: a set-up
    // write that meets the browser's sign-in writing is refused whole, and is sent again.
    if (!SQLITE_BUSY.test(message) || attempt >= 10) throw new Error(`${action}: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
  }
}

const SQLITE_BUSY = /SQLITE_BUSY/;

/** The bindings (`usersAuthenticators`) of a user, through the authenticator's `users` association. */
export async function isBound(authenticator: string, username: string): Promise<boolean> {
  const users = await adminApi<Array<{ username?: string }>>(
    `authenticators/${encodeURIComponent(authenticator)}/users:list?paginate=false`,
  );
  return users.some((user) => user.username === username);
}

/** Signs in through the classic UI's password form, as the seeded admin. */
export async function signInAsAdmin(page: Page, shell: '' | '/v' = ''): Promise<void> {
  await page.goto(appUrl(`${shell}/signin`));
  await page.getByPlaceholder(/Username\/Email|用户名\/邮箱/).fill('admin@nocobase.com', { timeout: 60_000 });
  await page.getByPlaceholder(/Password|密码/).fill('admin123');
  await page.locator('button[type="submit"]').first().click();
  await waitForSignedIn(page);
}

/** A filter or other JSON value as a query parameter of the REST API. */
export const q = (value: unknown) => encodeURIComponent(JSON.stringify(value));

/**
 * Clean-up steps that all run, whatever fails: `attempt` each, then `done()` throws with every step that failed,
 * so a browser test gives the app back to the others or says what it left behind.
 */
export function cleanUp() {
  const problems: string[] = [];
  return {
    async attempt(what: string, action: () => Promise<unknown>): Promise<void> {
      try {
        await action();
      } catch (error) {
        problems.push(`${what}: ${(error as Error).message}`);
      }
    },
    done(): void {
      if (problems.length > 0) throw new Error(`clean-up left things behind:\n${problems.join('\n')}`);
    },
  };
}

/** A form item by its exact label: Formily items in the classic UI, antd items in the modern one. */
export function formItem(scope: Locator, label: string): Locator {
  return scope
    .locator('.ant-formily-item, .ant-form-item')
    .filter({ has: scope.page().locator('.ant-formily-item-label, .ant-form-item-label').getByText(label, { exact: true }) });
}

/** A list's "Add new" → its type menu → our type: the drawer that opens. The labels change with the UI's language. */
export async function addNewOfType(page: Page, labels: { addNew?: string; type?: string } = {}): Promise<Locator> {
  const add = page.getByRole('button', { name: new RegExp(labels.addNew ?? 'Add new') });
  await add.waitFor({ timeout: 60_000 });
  await add.hover();
  await add.click();
  await page.getByRole('menuitem', { name: labels.type ?? 'WeCom', exact: true }).click({ timeout: 30_000 });
  return page.locator('.ant-drawer-content').last();
}

export function screenshotPath(name: string): string {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, name);
}

/** Collects what would make the page show NocoBase's "App error" or the console errors behind it. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** The address has a `token=` parameter. */
export function hasTokenParam(url: string): boolean {
  return new URL(url).searchParams.has('token');
}

/** The address still carries a sign-in's one-time hand-off code (the page has not redeemed it yet). */
export function hasHandOffCode(url: string | URL): boolean {
  return new URL(url).searchParams.has('wecom_handoff');
}

/**
 * Every address the page's main frame shows from now on, in order: document loads (the end of each redirect
 * chain) and same-document changes (`history.replaceState`, the router).
 */
export function recordAddresses(page: Page): string[] {
  const seen: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) seen.push(frame.url());
  });
  return seen;
}

/** The URLs of all the entries of the page's session history (Chromium's DevTools protocol), and `history.length`. */
export async function sessionHistory(page: Page): Promise<{ entries: string[]; length: number; href: string }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { entries } = (await cdp.send('Page.getNavigationHistory')) as { entries: Array<{ url: string }> };
    const { length, href } = await page.evaluate(() => ({ length: window.history.length, href: window.location.href }));
    return { entries: entries.map((entry) => entry.url), length, href };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** The addresses among `urls` that would hand a token to the history, server logs or a Referer. */
export function tokenLeaks(urls: readonly string[], token: string): string[] {
  return urls.filter((url) => /[?&#;]token=/i.test(url) || (token !== '' && url.includes(token)));
}

/** Signs the page's user out through NocoBase's API and forgets the token, as the UI's "Sign out" does. */
export async function signOut(page: Page): Promise<void> {
  await page.evaluate(async (url) => {
    const token = window.localStorage.getItem('NOCOBASE_TOKEN');
    const authenticator = window.localStorage.getItem('NOCOBASE_AUTH') || 'basic';
    if (token) await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'X-Authenticator': authenticator } });
    window.localStorage.removeItem('NOCOBASE_TOKEN');
  }, appUrl('/api/auth:signOut'));
}

/** Polls `read` until it returns `expected` (vitest 1 has no expect.poll); returns the last value read. */
export async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await read();
  }
  return value;
}

/** Closes NocoBase's own notices (e.g. "sign in to continue") and waits until they are gone: not part of a picture. */
export async function dismissNotices(page: Page): Promise<void> {
  await page.locator('.ant-notification-notice-close').click({ timeout: 2000 }).catch(() => undefined);
  await page.locator('.ant-notification-notice').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
}
