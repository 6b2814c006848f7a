import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WeComEmulator } from '../index';
import { expectWeComError, getApi, postApi, startTestEmulator, tokenFor } from './support/harness';
import { APP, CORP, testSeed } from './support/test-seed';

let emu: WeComEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ maxBodyBytes: 64 * 1024, callLogLimit: 200 });
});
afterAll(() => emu.close());

/** Sends raw bytes so that invalid encodings reach the server unchanged. */
function raw(method: string, path: string, body?: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(emu.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** mulberry32: a tiny seeded PRNG, so a failing fuzz case can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATHS = [
  '/cgi-bin/gettoken', '/cgi-bin/auth/getuserinfo', '/cgi-bin/user/getuserinfo', '/cgi-bin/auth/getuserdetail', '/cgi-bin/user/getuserdetail',
  '/cgi-bin/user/get', '/cgi-bin/user/getuserid', '/cgi-bin/user/get_userid_by_email', '/cgi-bin/department/list', '/cgi-bin/user/list',
  '/cgi-bin/user/simplelist', '/cgi-bin/get_jsapi_ticket', '/cgi-bin/ticket/get', '/cgi-bin/unknown', '/connect/oauth2/authorize',
  '/wwlogin/sso/login', '/wwopen/sso/qrConnect', '/', '/favicon.ico', '/__emulator/calls', '/__emulator/faults', '/__emulator/clock',
  '/__emulator/codes', '/__emulator/config', '/__emulator/tokens/revoke', '/__emulator/nope',
];
const KEYS = ['corpid', 'corpsecret', 'access_token', 'code', 'userid', 'id', 'department_id', 'fetch_child', 'type', 'appid', 'agentid', 'redirect_uri',
  'response_type', 'scope', 'state', 'login_type', 'emulator_userid', 'emulator_consent', 'emulator_action', 'emulator_openid', 'path', 'errcode', 'keepSessions'];
const VALUES = ['', 'x', CORP, APP.secret, APP.agentId, '1', '-1', '0', '99999999999999999999', 'snsapi_privateinfo', 'snsapi_base', 'code', 'CorpApp',
  'https://app.example.com/cb', 'http://[::1', 'zhangsan', 'wangwu', 'zhaoliu', '%', '%E4%B8%AD', '%FF%FE', '%00', '\u4e2d\u6587', '<script>', '"\'', 'a'.repeat(300)];
const BODIES = ['', '{', '[]', 'null', '1', '"x"', '{"user_ticket":null}', '{"mobile":13800000001}', '{"email":{"a":1}}', '{"userid":["x"]}',
  '{"corps":[]}', '{"advanceSeconds":1e308}', '{"path":"/cgi-bin/gettoken"}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"a":1}}}'];

function pick<T>(rand: () => number, list: readonly T[]): T {
  const item = list[Math.floor(rand() * list.length)];
  if (item === undefined) throw new Error('empty list');
  return item;
}

function randomQuery(rand: () => number): string {
  const parts: string[] = [];
  const n = Math.floor(rand() * 6);
  for (let i = 0; i < n; i++) {
    const value = pick(rand, VALUES);
    const encoded = /^%/.test(value) ? value : encodeURIComponent(value);
    parts.push(rand() < 0.1 ? `${pick(rand, KEYS)}` : `${pick(rand, KEYS)}=${rand() < 0.2 ? value.replace(/[^\x21-\x7e]/g, '') : encoded}`);
  }
  return parts.join(rand() < 0.05 ? '&&' : '&');
}

describe('robustness', () => {
  it('answers 413 for a body over the limit and keeps serving', async () => {
    const big = Buffer.alloc(200 * 1024, 'a');
    const res = await raw('POST', '/cgi-bin/auth/getuserdetail?access_token=x', big);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toEqual({ error: 'request body too large (limit 65536 bytes)' });
    expect((await raw('POST', '/__emulator/seed', big)).status).toBe(413);
    expect((await getApi(emu, '/cgi-bin/gettoken', {})).errcode).toBe(41002);
  });

  it('treats invalid UTF-8 and odd percent-encodings as plain bad input', async () => {
    const token = await tokenFor(emu);
    const invalid = await raw('POST', `/cgi-bin/user/getuserid?access_token=${token}`, Buffer.concat([Buffer.from('{"mobile":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]));
    expect(invalid.status).toBe(200);
    expect(JSON.parse(invalid.text).errcode).toBe(40058);
    expectWeComError(await getApi(emu, '/cgi-bin/user/get', { access_token: token, userid: '\uFFFD\u0000' }), 60111);
    const res = await raw('GET', `/cgi-bin/user/get?access_token=${token}&userid=%ZZ%`);
    expect(JSON.parse(res.text).errcode).toBe(60111);
    expectWeComError(await postApi(emu, '/cgi-bin/user/getuserid', { access_token: token }, '\u0000\u0001'), 47001);
  });

  it('survives a fuzz run of 3,000 random requests on every route with no 5xx', async () => {
    emu.configure({ rateLimits: { perCorpPerApiPerMinute: null, perIpPerApiPerMinute: null } });
    const rand = prng(20240620);
    const token = await tokenFor(emu);
    const failures: string[] = [];
    for (let batch = 0; batch < 60; batch++) {
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          const path = pick(rand, PATHS);
          const withToken = rand() < 0.5 ? `access_token=${token}&` : '';
          const url = `${path}?${withToken}${randomQuery(rand)}`;
          const method = pick(rand, ['GET', 'GET', 'POST', 'DELETE', 'PUT']);
          const body = method === 'GET' ? undefined : Buffer.from(pick(rand, BODIES));
          const headers: Record<string, string> = { 'user-agent': pick(rand, ['wxwork/4.1 MicroMessenger/7', 'MicroMessenger/8', 'curl/8', '']) };
          if (rand() < 0.2) headers.cookie = `emulator_userid=${pick(rand, ['zhangsan', '%E0%A4%A', 'ghost'])}`;
          const res = await raw(method, url, body, headers);
          if (res.status >= 500 || res.status === 0) failures.push(`${method} ${url} → ${res.status} ${res.text.slice(0, 120)}`);
        }),
      );
    }
    expect(failures).toEqual([]);
    emu.setSeed(testSeed());
    emu.clearFaults();
    expect((await getApi(emu, '/cgi-bin/gettoken', { corpid: CORP, corpsecret: APP.secret })).errcode).toBe(0);
  });

  it('counts only injected 5xx as 5xx', async () => {
    emu.fault({ path: '/cgi-bin/department/list', httpStatus: 503 });
    expect((await raw('GET', '/cgi-bin/department/list')).status).toBe(503);
    expect((await raw('GET', '/cgi-bin/department/list')).status).toBe(200);
  });

  it('answers a malformed request line with 400 and keeps serving', async () => {
    const { hostname, port } = new URL(emu.url);
    const net = await import('node:net');
    const reply = await new Promise<string>((resolve) => {
      const socket = net.connect(Number(port), hostname, () => socket.write('GARBAGE\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await getApi(emu, '/cgi-bin/gettoken', {})).errcode).toBe(41002);
  });
});
