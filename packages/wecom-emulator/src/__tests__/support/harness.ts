import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { EmulatorOptions, WeComEmulator, startWeComEmulator } from '../../index';
import { APP, CORP, testSeed } from './test-seed';

export const WECOM_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)  Mobile/15E148 wxwork/4.1.30 MicroMessenger/7.0.1 Language/zh ColorScheme/Light wwmver/3.26.13.714';
export const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003137) NetType/WIFI Language/zh_CN';
export const DESKTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

export type Json = Record<string, unknown>;

export function startTestEmulator(options: EmulatorOptions = {}): Promise<WeComEmulator> {
  return startWeComEmulator({ port: 0, seed: testSeed(), ...options });
}

/**
 * One emulator for the test file, started before its first test, closed after its last, and back to its start
 * state before each test; `eachTest` then runs with it (e.g. to fetch the tokens the tests use).
 */
export function useTestEmulator(eachTest: (emu: WeComEmulator) => unknown | Promise<unknown> = () => undefined): void {
  let emu: WeComEmulator | undefined;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(() => emu?.close());
  beforeEach(async () => {
    emu!.reset();
    await eachTest(emu!);
  });
}

function url(emu: WeComEmulator, path: string, query: Record<string, string | number> = {}): string {
  const u = new URL(path, emu.url);
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, String(v));
  return u.href;
}

async function toJson(response: Response): Promise<Json> {
  expect(response.headers.get('x-wecom-emulator')).toBe('1');
  const body: unknown = await response.json();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not a JSON object');
  return body as Json;
}

export async function getApi(emu: WeComEmulator, path: string, query: Record<string, string | number> = {}): Promise<Json> {
  const response = await fetch(url(emu, path, query));
  expect(response.status).toBe(200);
  return toJson(response);
}

export async function postApi(emu: WeComEmulator, path: string, query: Record<string, string | number>, body: unknown): Promise<Json> {
  const response = await fetch(url(emu, path, query), { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
  expect(response.status).toBe(200);
  return toJson(response);
}

export async function control(emu: WeComEmulator, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(url(emu, path), { method, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, body: await toJson(response) };
}

export async function tokenFor(emu: WeComEmulator, secret = APP.secret, corpId = CORP): Promise<string> {
  const body = await getApi(emu, '/cgi-bin/gettoken', { corpid: corpId, corpsecret: secret });
  expect(body.errcode).toBe(0);
  return String(body.access_token);
}

/** `<msg>, hint: [<25 digits>], from ip: <ip>, more info at https://open.work.weixin.qq.com/devtool/query?e=<code>` */
export function expectWeComError(body: Json, errcode: number, ip = '127.0.0.1'): void {
  expect(body.errcode).toBe(errcode);
  const pattern = new RegExp(
    `^[^,].*, hint: \\[\\d{25}\\], from ip: ${ip.replace(/\./g, '\\.')}, more info at https://open\\.work\\.weixin\\.qq\\.com/devtool/query\\?e=${errcode}$`,
  );
  expect(String(body.errmsg)).toMatch(pattern);
  expect(Object.keys(body).sort()).toEqual(['errcode', 'errmsg']);
}

export interface PageResult {
  status: number;
  location: string | null;
  html: string;
  setCookie: string | null;
}

export async function openPage(emu: WeComEmulator, path: string, query: Record<string, string>, userAgent = WECOM_UA, cookie?: string): Promise<PageResult> {
  const headers: Record<string, string> = { 'user-agent': userAgent };
  if (cookie !== undefined) headers.cookie = cookie;
  const response = await fetch(url(emu, path, query), { redirect: 'manual', headers });
  expect(response.headers.get('x-wecom-emulator')).toBe('1');
  return { status: response.status, location: response.headers.get('location'), html: await response.text(), setCookie: response.headers.get('set-cookie') };
}

export function codeFrom(location: string | null): string {
  expect(location).not.toBeNull();
  const code = new URL(location ?? '').searchParams.get('code');
  expect(code).toBeTruthy();
  return code ?? '';
}
