import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WeComEmulator } from '../index';
import { postChanges, putReceiver, settledDeliveries, useTestReceiver } from './support/events';
import { Json, control, startTestEmulator, useTestEmulator } from './support/harness';
import { CORP, testSeed } from './support/test-seed';

let emu: WeComEmulator;
useTestEmulator((started) => {
  emu = started;
});
const receiver = useTestReceiver();

const getReceiver = async (corpId = CORP) => (await control(emu, 'GET', `/__emulator/receiver?corpId=${corpId}`)).body;

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('C2.1 PUT /__emulator/receiver: saved only after the URL verification', () => {
  it('sends GET url?msg_signature&timestamp&nonce&echostr; a 200 with the plaintext saves it', async () => {
    const res = await putReceiver(emu, receiver());
    expect(res).toEqual({ status: 200, body: { ok: true, corpId: CORP, receiver: { url: receiver().url, idsOnly: true, tokenSet: true, encodingAESKeySet: true } } });
    const [verification] = receiver().verifications;
    expect(receiver().verifications).toHaveLength(1);
    expect(verification?.path).toBe('/wecom/contacts');
    expect(Object.keys(verification?.query ?? {})).toEqual(['msg_signature', 'timestamp', 'nonce', 'echostr']);
    expect(verification?.signatureOk).toBe(true);
    expect(verification?.receiveId).toBe(CORP);
    expect(verification?.plaintext).toMatch(/^\d{19}$/);
    expect(Math.abs(Number(verification?.query.timestamp) - Date.now() / 1000)).toBeLessThan(5);
    // echostr is base64 sent percent-encoded: no raw + / = in the query string (C2.1).
    const rawEchostr = /(?:^|&)echostr=([^&]*)/.exec(verification?.rawQuery ?? '')?.[1] ?? '';
    expect(rawEchostr).toMatch(/^[A-Za-z0-9%]+$/);
    expect(decodeURIComponent(rawEchostr)).toBe(verification?.query.echostr);
    expect(await getReceiver()).toEqual({ corpId: CORP, receiver: { url: receiver().url, idsOnly: true, tokenSet: true, encodingAESKeySet: true } });
  });

  it('logs the handshake in the call log under path "callback"', async () => {
    await putReceiver(emu, receiver(), { idsOnly: false });
    const [call] = emu.calls('callback');
    expect(call).toMatchObject({ method: 'GET', path: 'callback', status: 200, errcode: null, ip: '127.0.0.1', callback: { kind: 'verify', url: receiver().url } });
    expect(Object.keys(call?.query ?? {})).toEqual(['msg_signature', 'timestamp', 'nonce', 'echostr']);
    expect((await getReceiver()).receiver).toMatchObject({ idsOnly: false });
  });

  it('refuses a reply that is not exactly the plaintext (a trailing newline, quotes), and keeps no receiver', async () => {
    for (const body of [(p: string) => `${p}\n`, (p: string) => JSON.stringify(p), () => 'success']) {
      receiver().verifyReply = { body };
      const res = await putReceiver(emu, receiver());
      expect(res.status).toBe(400);
      expect(String(res.body.error)).toMatch(/^receiver not saved: the URL verification failed: the receiver answered .*; it must answer exactly the decrypted echostr "\d{19}"/);
    }
    expect(await getReceiver()).toEqual({ corpId: CORP, receiver: null });
    expect(emu.calls('callback').map((c) => c.callback?.error !== undefined)).toEqual([true, true, true]);
  });

  it('refuses a reply that comes after 1 s', async () => {
    receiver().verifyReply = { body: (p) => p, delayMs: 1300 };
    const started = Date.now();
    const res = await putReceiver(emu, receiver());
    expect(Date.now() - started).toBeLessThan(1250);
    expect(res).toEqual({ status: 400, body: { error: 'receiver not saved: the URL verification failed: the receiver did not answer within 1000 ms' } });
    expect((await getReceiver()).receiver).toBeNull();
  });

  it('refuses a non-200 answer, even with the right body', async () => {
    receiver().verifyReply = { status: 500, body: (p) => p };
    const res = await putReceiver(emu, receiver());
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('receiver not saved: the URL verification failed: the receiver answered HTTP 500; it must answer 200 with the decrypted echostr');
  });

  it('refuses a URL nobody answers on', async () => {
    const res = await control(emu, 'PUT', '/__emulator/receiver', { corpId: CORP, url: `http://127.0.0.1:${await closedPort()}/cb`, token: 'abc', encodingAESKey: receiver().key });
    expect(res.status).toBe(400);
    expect(String(res.body.error)).toMatch(/^receiver not saved: the URL verification failed: could not reach the receiver: ECONNREFUSED/);
  });

  it('checks the body first: every bad field named, no request sent', async () => {
    const res = await control(emu, 'PUT', '/__emulator/receiver', { corpId: CORP, url: 'ftp://x', token: 'a b', encodingAESKey: 'short', idsOnly: 'yes', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([
      'body.extra: unknown field (allowed: corpId, url, token, encodingAESKey, idsOnly)',
      'body.url: must be an http or https URL, got "ftp:"',
      'body.token: the string "a b" must be 1–32 letters or digits',
      'body.encodingAESKey: must be 43 characters of base64 (A–Z, a–z, 0–9, +, /)',
      'body.idsOnly: must be true or false, got the string "yes"',
    ]);
    expect((await control(emu, 'PUT', '/__emulator/receiver', { corpId: 'nope', url: receiver().url })).body).toEqual({ error: 'no corp "nope" in the seed' });
    expect((await control(emu, 'GET', '/__emulator/receiver')).body).toEqual({ error: '"corpId" is required' });
    expect(receiver().received).toEqual([]);
  });

  it('DELETE removes it: no more events', async () => {
    await putReceiver(emu, receiver());
    expect((await control(emu, 'DELETE', `/__emulator/receiver?corpId=${CORP}`)).body).toEqual({ ok: true, corpId: CORP, removed: true });
    expect((await getReceiver()).receiver).toBeNull();
    const res = await postChanges(emu, [{ op: 'removeMember', userid: 'wangwu' }]);
    expect(res.body).toEqual({ ok: true, applied: 1, deliveries: [] });
    expect(receiver().events).toEqual([]);
  });
});

describe('a receiver in the seed', () => {
  it('is used without a handshake; reset restores it and clears the deliveries', async () => {
    const seed = testSeed();
    const corp = seed.corps[0];
    if (!corp) throw new Error('no corp');
    corp.eventReceiver = { url: receiver().url, token: receiver().token, encodingAESKey: receiver().key, idsOnly: false };
    const own = await startTestEmulator({ seed });
    try {
      expect(receiver().verifications).toEqual([]);
      expect((await control(own, 'GET', `/__emulator/receiver?corpId=${CORP}`)).body.receiver).toEqual({ url: receiver().url, idsOnly: false, tokenSet: true, encodingAESKeySet: true });
      expect((await postChanges(own, [{ op: 'removeMember', userid: 'wangwu' }])).body.deliveries).toEqual(['d1']);
      expect(await settledDeliveries(own)).toHaveLength(1);
      await control(own, 'DELETE', `/__emulator/receiver?corpId=${CORP}`);
      expect((await control(own, 'POST', '/__emulator/reset')).status).toBe(200);
      expect((await control(own, 'GET', `/__emulator/receiver?corpId=${CORP}`)).body.receiver).toMatchObject({ url: receiver().url });
      expect((await control(own, 'GET', '/__emulator/deliveries')).body).toEqual({ deliveries: [] });
      expect(receiver().verifications).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('is validated with the seed', async () => {
    const seed = testSeed();
    const corp = seed.corps[0];
    if (!corp) throw new Error('no corp');
    corp.eventReceiver = { url: 'not a url', token: '', encodingAESKey: receiver().key } as never;
    const res = await control(emu, 'POST', '/__emulator/seed', seed);
    expect(res.status).toBe(400);
    expect(res.body.problems as Json).toEqual([
      'corps[0].eventReceiver.url: the string "not a url" is not a URL',
      'corps[0].eventReceiver.token: must not be empty',
    ]);
  });
});
