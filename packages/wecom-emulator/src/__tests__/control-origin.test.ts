import { IncomingHttpHeaders, request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WeComEmulator } from '../index';
import { getApi, startTestEmulator } from './support/harness';
import { APP, CORP, testSeed } from './support/test-seed';

/**
 * The control API must not be usable by web pages open in the developer's browser: a foreign `Origin`
 * (CSRF) or a non-loopback `Host` (DNS rebinding) is refused with 403. The WeCom routes stay open.
 */

let emu: WeComEmulator;
let port: number;
beforeAll(async () => {
  emu = await startTestEmulator();
  port = emu.port;
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** node:http, so that the Host header can be anything (fetch always sends the URL's host). `host: null` sends none. */
function raw(method: string, path: string, headers: Record<string, string | null> = {}, body?: string): Promise<Raw> {
  const { host, ...rest } = headers;
  const sent: Record<string, string> = {};
  for (const [k, v] of Object.entries(rest)) if (v !== null) sent[k] = v;
  if (typeof host === 'string') sent.host = host;
  return new Promise((resolve, reject) => {
    const req = request({ hostname: '127.0.0.1', port, method, path, headers: sent, setHost: host === undefined, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function expectRefused(res: Raw, reason: RegExp): void {
  expect(res.status).toBe(403);
  expect(res.headers['x-wecom-emulator']).toBe('1');
  expect(res.headers['access-control-allow-origin']).toBeUndefined();
  expect(res.body).toEqual({ error: expect.stringMatching(reason) });
}

function rawSocket(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.on('end', () => resolve(reply));
    socket.on('error', reject);
  });
}

const ownOrigin = () => `http://127.0.0.1:${port}`;
const seedNow = async () => (await raw('GET', '/__emulator/seed')).body;

describe('control API: cross-origin requests (CSRF from a page in the browser)', () => {
  it('refuses POST /__emulator/seed from a foreign Origin and keeps the seed', async () => {
    const before = await seedNow();
    const res = await raw('POST', '/__emulator/seed', { origin: 'https://evil.example.com', 'content-type': 'text/plain' }, JSON.stringify({ corps: [] }));
    expectRefused(res, /origin/i);
    expect(await seedNow()).toEqual(before);
    expect((await getApi(emu, '/cgi-bin/gettoken', { corpid: CORP, corpsecret: APP.secret })).errcode).toBe(0);
  });

  it('refuses GET /__emulator/calls from a foreign Origin without leaking the log', async () => {
    await getApi(emu, '/cgi-bin/gettoken', { corpid: CORP, corpsecret: APP.secret });
    const res = await raw('GET', '/__emulator/calls', { origin: 'http://evil.example.com' });
    expectRefused(res, /origin/i);
    expect(JSON.stringify(res.body)).not.toContain('gettoken');
  });

  it('refuses faults, codes, clock and config from a foreign Origin, with no effect', async () => {
    const evil = { origin: 'http://evil.example.com', 'content-type': 'text/plain' };
    expectRefused(await raw('POST', '/__emulator/faults', evil, JSON.stringify({ path: '/cgi-bin/gettoken', errcode: -1 })), /origin/i);
    expectRefused(await raw('POST', '/__emulator/codes', evil, JSON.stringify({ corpId: CORP, agentId: APP.agentId, userid: 'zhangsan' })), /origin/i);
    expectRefused(await raw('POST', '/__emulator/clock', evil, JSON.stringify({ advanceSeconds: 86_400 })), /origin/i);
    expectRefused(await raw('POST', '/__emulator/config', evil, JSON.stringify({ wrongSecretErrcode: 40091 })), /origin/i);
    expectRefused(await raw('POST', '/__emulator/reset', evil), /origin/i);
    expect(emu.calls()).toEqual([]);
    expect(emu.behaviour.wrongSecretErrcode).toBe(40001);
    expect(Math.abs(emu.now().getTime() - Date.now())).toBeLessThan(60_000);
    expect((await getApi(emu, '/cgi-bin/gettoken', { corpid: CORP, corpsecret: APP.secret })).errcode).toBe(0);
  });

  it.each([
    ['null', 'null'],
    ['another port on the same host', 'http://127.0.0.1:1'],
    ['https instead of http', 'https://127.0.0.1:PORT'],
    ['localhost while the request reached 127.0.0.1', 'http://localhost:PORT'],
    ['a path after the origin', 'http://127.0.0.1:PORT/x'],
    ['not a URL', 'garbage'],
  ])('treats Origin %s as foreign', async (_label, origin) => {
    expectRefused(await raw('GET', '/__emulator/seed', { origin: origin.replace('PORT', String(port)) }), /origin/i);
  });

  it('refuses a CORS preflight from a foreign Origin and never sends Access-Control-Allow-Origin', async () => {
    const preflight = await raw('OPTIONS', '/__emulator/seed', {
      origin: 'http://evil.example.com',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    });
    expectRefused(preflight, /origin/i);
    const own = await raw('GET', '/__emulator/seed', { origin: ownOrigin() });
    expect(own.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('accepts its own Origin (the index page, a same-origin fetch)', async () => {
    expect((await raw('GET', '/__emulator/calls', { origin: ownOrigin() })).status).toBe(200);
    const seed = testSeed();
    seed.corps = seed.corps.slice(0, 1);
    const res = await raw('POST', '/__emulator/seed', { origin: ownOrigin(), 'content-type': 'application/json' }, JSON.stringify(seed));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, corps: 1 });
    expect((await raw('GET', '/__emulator/seed', { host: `localhost:${port}`, origin: `http://localhost:${port}` })).status).toBe(200);
  });

  it('accepts requests without Origin (curl, tests, scripts)', async () => {
    expect((await raw('GET', '/__emulator/calls')).status).toBe(200);
    const res = await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ path: '/cgi-bin/gettoken', errcode: -1 }) });
    expect(res.status).toBe(200);
    expect(emu.calls()).toEqual([]);
  });
});

describe('control API: Host header (DNS rebinding)', () => {
  it('refuses Host: evil.example.com, even with a matching Origin, and arms nothing', async () => {
    expectRefused(await raw('GET', '/__emulator/seed', { host: `evil.example.com:${port}` }), /host/i);
    expectRefused(await raw('GET', '/__emulator/calls', { host: `evil.example.com:${port}`, origin: `http://evil.example.com:${port}` }), /host/i);
    expectRefused(await raw('POST', '/__emulator/faults', { host: 'evil.example.com' }, JSON.stringify({ path: '/cgi-bin/gettoken', errcode: -1 })), /host/i);
    expect((await getApi(emu, '/cgi-bin/gettoken', { corpid: CORP, corpsecret: APP.secret })).errcode).toBe(0);
  });

  it.each(['localhost.evil.example', '127.0.0.1.nip.io', '127.0.0.256', '127.1', '0.0.0.0', '192.168.1.10', '[::2]', '[::ffff:127.0.0.1]', 'localhost:abc', 'sub.localhost', ''])(
    'refuses Host %j',
    async (host) => {
      expectRefused(await raw('GET', '/__emulator/health', { host: host.includes(':') || host === '' ? host : `${host}:${port}` }), /host/i);
    },
  );

  it('refuses a request without Host (HTTP/1.0; node itself answers 400 to HTTP/1.1 without one)', async () => {
    const reply = await rawSocket('GET /__emulator/health HTTP/1.0\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 403 /);
    expect(reply).toMatch(/\r\n\r\n\{"error":"the control API only answers requests to localhost, 127\.x\.x\.x or \[::1\]; got no Host header"\}$/);
    expect((await raw('GET', '/__emulator/health', { host: null })).status).toBe(400);
  });

  it.each(['127.0.0.1:PORT', 'localhost:PORT', 'LocalHost:PORT', '127.5.6.7:PORT', '[::1]:PORT', 'localhost', '127.0.0.1'])('accepts Host %s', async (host) => {
    const res = await raw('GET', '/__emulator/health', { host: host.replace('PORT', String(port)) });
    expect(res).toMatchObject({ status: 200, body: { ok: true } });
  });
});

describe('WeCom routes are not guarded', () => {
  it('answers /cgi-bin/* and the login pages whatever the Origin and Host', async () => {
    const headers = { host: 'qyapi.weixin.qq.com', origin: 'https://evil.example.com' };
    const api = await raw('GET', `/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${APP.secret}`, headers);
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({ errcode: 0 });
    const page = await raw('GET', `/wwlogin/sso/login?login_type=CorpApp&appid=${CORP}&agentid=${APP.agentId}`, { ...headers, host: 'login.work.weixin.qq.com' });
    expect(page.status).toBe(200);
    expect((await raw('GET', '/', headers)).status).toBe(200);
  });
});
