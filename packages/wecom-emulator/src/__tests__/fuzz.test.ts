import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WeComEmulator } from '../index';
import { FuzzCase, fuzzCase, prng, rawRequest } from './support/fuzz';
import { getApi, startTestEmulator, tokenFor } from './support/harness';
import { APP, CONTACTS, CORP, TRUSTED } from './support/test-seed';

const SEED = Number(process.env.FUZZ_SEED ?? 20240620);
const REQUESTS = 2000;
const CONCURRENCY = 16;
const MAX_BODY = 256 * 1024;

interface Tally {
  statuses: Map<number, number>;
  unexpected: string[];
  injected5xx: number;
  injectedResets: number;
  got5xx: number;
  dropped: number;
}

/** Sends the cases; a 5xx or a dropped connection is only expected when a fault was armed for it. */
async function run(emu: WeComEmulator, cases: FuzzCase[]): Promise<Tally> {
  const base = new URL(emu.url);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const tally: Tally = { statuses: new Map(), unexpected: [], injected5xx: 0, injectedResets: 0, got5xx: 0, dropped: 0 };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const c = cases[next++] as FuzzCase;
      try {
        const res = await rawRequest(agent, base, c.method, c.path, c.body, c.headers);
        tally.statuses.set(res.status, (tally.statuses.get(res.status) ?? 0) + 1);
        if (res.marker !== '1') tally.unexpected.push(`no X-WeCom-Emulator header: ${c.method} ${c.path.slice(0, 120)} → ${res.status}`);
        if (res.status >= 500) tally.got5xx++;
        if (c.injects && res.status === 200) {
          if (c.injects === 'httpStatus5xx') tally.injected5xx++;
          if (c.injects === 'reset') tally.injectedResets++;
        }
        if (res.status >= 500 && /internal error/.test(res.body)) tally.unexpected.push(`${c.method} ${c.path.slice(0, 120)} → ${res.status} ${res.body.slice(0, 200)}`);
      } catch (err) {
        // An oversized body may be cut off by the 413 + Connection: close before it is fully sent.
        if ((c.body?.length ?? 0) > MAX_BODY) continue;
        tally.dropped++;
        if (process.env.FUZZ_DEBUG) console.log('dropped', c.method, c.path.slice(0, 80), c.body?.length, (err as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return tally;
}

describe(`fuzz: ${REQUESTS} random requests, with faults armed mid-run, across the WeCom routes, login pages and control API (seed ${SEED})`, () => {
  let emu: WeComEmulator;
  let token: string;
  let syncToken: string;

  beforeAll(async () => {
    emu = await startTestEmulator({ maxBodyBytes: MAX_BODY });
    token = await tokenFor(emu);
    syncToken = await tokenFor(emu, CONTACTS.secret);
  });
  afterAll(() => emu.close());

  it('never answers 5xx or drops a connection except where a fault was injected, and keeps answering', async () => {
    const rand = prng(SEED);
    const values = { token, syncToken, corpId: CORP, secret: APP.secret, agentId: APP.agentId, redirectUri: `https://${TRUSTED}/cb` };
    const cases = Array.from({ length: REQUESTS }, () => fuzzCase(rand, values));
    const tally = await run(emu, cases);
    expect(tally.unexpected).toEqual([]);
    expect(tally.got5xx).toBeLessThanOrEqual(tally.injected5xx);
    expect(tally.dropped).toBeLessThanOrEqual(tally.injectedResets);
    // Every 5xx in the call log was injected.
    expect(emu.calls().filter((c) => c.status >= 500 && c.fault === undefined)).toEqual([]);
    // The run exercised the interesting answers, not only 404s.
    for (const status of [200, 302, 400, 404]) expect(tally.statuses.get(status) ?? 0, `HTTP ${status}`).toBeGreaterThan(0);
    emu.reset();
    expect((await getApi(emu, '/cgi-bin/gettoken', { corpid: CORP, corpsecret: APP.secret })).errcode).toBe(0);
  });

  it('the check notices a 5xx it did not inject (the fuzz test can fail)', async () => {
    emu.fault({ path: '/cgi-bin/gettoken', httpStatus: 500, times: 3 });
    const tally = await run(emu, [0, 1, 2].map(() => ({ method: 'GET', path: `/cgi-bin/gettoken?corpid=${CORP}`, headers: {} })));
    expect(tally.got5xx).toBeGreaterThan(tally.injected5xx);
  });

  it('survives malformed HTTP: a bad request line gets a 400 with the marker header, and the server keeps serving', async () => {
    const { connect } = await import('node:net');
    const base = new URL(emu.url);
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(Number(base.port), base.hostname, () => socket.write('GARBAGE \u0001\u0002 HTTP/9\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect(reply).toMatch(/X-WeCom-Emulator: 1/i);
    expect((await getApi(emu, '/cgi-bin/gettoken', { corpid: CORP, corpsecret: APP.secret })).errcode).toBe(0);
  });

  it('caps bodies: more than maxBodyBytes is a 413 on WeCom APIs and on the control API', async () => {
    const big = 'x'.repeat(300 * 1024);
    for (const path of [`/cgi-bin/user/getuserid?access_token=${token}`, '/__emulator/seed']) {
      const response = await fetch(`${emu.url}${path}`, { method: 'POST', body: big });
      expect(response.status, path).toBe(413);
      expect(response.headers.get('x-wecom-emulator')).toBe('1');
    }
  });
});
