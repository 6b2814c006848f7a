import { describe, expect, it } from 'vitest';
import { WeComEmulator } from '../index';
import { postChanges, putReceiver, settledDeliveries, useTestReceiver } from './support/events';
import { Json, control, useTestEmulator } from './support/harness';
import { xmlFields } from './support/receiver';
import { CORP } from './support/test-seed';

let emu: WeComEmulator;
useTestEmulator((started) => {
  emu = started;
});
const receiver = useTestReceiver();

const removeWangwu = { op: 'removeMember', userid: 'wangwu' };
const eventCalls = () => emu.calls('callback').filter((c) => c.callback?.kind === 'event');

describe('C2.2 delivery: 200 within the timeout, else retried (1 + 3 attempts)', () => {
  it('retries after non-200 answers, re-signed each time, until a 200; every attempt is logged', async () => {
    await putReceiver(emu, receiver());
    receiver().eventReplies = [{ status: 500 }, { status: 503 }];
    await postChanges(emu, [removeWangwu]);
    const [delivery] = await settledDeliveries(emu);
    expect(delivery?.state).toBe('delivered');
    expect(delivery?.attempts.map((a) => [a.attempt, a.status, a.error])).toEqual([
      [1, 500, 'HTTP 500'],
      [2, 503, 'HTTP 503'],
      [3, 200, undefined],
    ]);
    const events = receiver().events;
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.signatureOk && e.receiveId === CORP)).toBe(true);
    expect(new Set(events.map((e) => e.query.nonce)).size).toBe(3);
    expect(new Set(events.map((e) => xmlFields(e.body).Encrypt)).size).toBe(1);
    const { body } = await control(emu, 'GET', '/__emulator/calls?path=callback');
    const calls = (body.calls as Json[]).filter((c) => (c.callback as Json).kind === 'event');
    expect(calls.map((c) => [c.method, c.status, (c.callback as Json).deliveryId, (c.callback as Json).attempt, (c.callback as Json).error])).toEqual([
      ['POST', 500, 'd1', 1, 'HTTP 500'],
      ['POST', 503, 'd1', 2, 'HTTP 503'],
      ['POST', 200, 'd1', 3, undefined],
    ]);
    expect(calls[2]).toMatchObject({ path: 'callback', errcode: null, ip: '127.0.0.1', callback: { url: receiver().url, reply: 'success' } });
    expect(Object.keys(calls[2]?.query as Json)).toEqual(['msg_signature', 'timestamp', 'nonce']);
    expect(String(calls[2]?.body)).toMatch(/^<xml><ToUserName>/);
  });

  it('fails after 4 attempts; the next delivery still goes out', async () => {
    await putReceiver(emu, receiver());
    receiver().eventReplies = [{ status: 500 }, { status: 500 }, { status: 502 }, { status: 404 }];
    const res = await postChanges(emu, [removeWangwu, { op: 'removeMember', userid: 'zhaoliu' }]);
    expect(res.body.deliveries).toEqual(['d1', 'd2']);
    const [failed, next] = await settledDeliveries(emu);
    expect(failed?.state).toBe('failed');
    expect(failed?.attempts.map((a) => a.status)).toEqual([500, 500, 502, 404]);
    expect(next?.state).toBe('delivered');
    expect(receiver().events).toHaveLength(5);
    expect(eventCalls().map((c) => `${c.callback?.deliveryId}#${c.callback?.attempt}`)).toEqual(['d1#1', 'd1#2', 'd1#3', 'd1#4', 'd2#1']);
  });

  it('counts a slow answer as a failure (callbackTimeoutMs) and an unexpected body too', async () => {
    await putReceiver(emu, receiver());
    expect((await control(emu, 'POST', '/__emulator/config', { callbackTimeoutMs: 200 })).status).toBe(200);
    receiver().eventReplies = [{ delayMs: 500 }, { body: 'ok' }, { body: '' }];
    await postChanges(emu, [removeWangwu]);
    const [delivery] = await settledDeliveries(emu);
    expect(delivery?.attempts.map((a) => [a.status, a.error])).toEqual([
      [0, 'no answer within 200 ms'],
      [200, 'answered "ok"; expected "success" or an empty body'],
      [200, undefined],
    ]);
    expect(delivery?.state).toBe('delivered');
  });

  it('callbackRetries sets the number of retries', async () => {
    await putReceiver(emu, receiver());
    await control(emu, 'POST', '/__emulator/config', { callbackRetries: 0 });
    receiver().eventReplies = [{ status: 500 }];
    await postChanges(emu, [removeWangwu]);
    const [delivery] = await settledDeliveries(emu);
    expect(delivery).toMatchObject({ state: 'failed', attempts: [{ attempt: 1, status: 500 }] });
    const bad = await control(emu, 'POST', '/__emulator/config', { callbackRetries: -1, callbackTimeoutMs: 0 });
    expect(bad.body.problems).toEqual(['options.callbackRetries: must be an integer ≥ 0, got number -1', 'options.callbackTimeoutMs: must be a positive integer, got number 0']);
  });
});

describe('duplicate: true sends the delivered request twice, byte for byte', () => {
  it('the receiver gets the same query and body again, so it can test its dedupe', async () => {
    await putReceiver(emu, receiver());
    await postChanges(emu, [{ ...removeWangwu, duplicate: true }]);
    const [delivery] = await settledDeliveries(emu);
    expect(delivery).toMatchObject({ state: 'delivered', duplicate: true });
    expect(delivery?.attempts.map((a) => [a.attempt, a.status, a.duplicate])).toEqual([
      [1, 200, undefined],
      [1, 200, true],
    ]);
    const [first, second] = receiver().events;
    expect(receiver().events).toHaveLength(2);
    expect(second?.rawQuery).toBe(first?.rawQuery);
    expect(second?.body).toBe(first?.body);
    expect(eventCalls().map((c) => c.callback?.duplicate)).toEqual([undefined, true]);
  });

  it('is sent after the retries, once delivered', async () => {
    await putReceiver(emu, receiver());
    receiver().eventReplies = [{ status: 500 }];
    await postChanges(emu, [{ ...removeWangwu, duplicate: true }]);
    const [delivery] = await settledDeliveries(emu);
    expect(delivery?.attempts.map((a) => [a.attempt, a.status, a.duplicate ?? false])).toEqual([
      [1, 500, false],
      [2, 200, false],
      [2, 200, true],
    ]);
    const [, second, third] = receiver().events;
    expect(third?.rawQuery).toBe(second?.rawQuery);
  });
});

describe('deliveries and reset', () => {
  it('reset stops deliveries in flight and forgets them', async () => {
    await putReceiver(emu, receiver());
    receiver().eventReplies = [{ delayMs: 300, status: 500 }];
    await postChanges(emu, [removeWangwu]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await control(emu, 'POST', '/__emulator/reset')).status).toBe(200);
    expect((await control(emu, 'GET', '/__emulator/deliveries')).body).toEqual({ deliveries: [] });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(receiver().events).toHaveLength(1);
    expect(emu.calls()).toEqual([]);
  });

  it('in code: changeDirectory, deliveries and deliveriesSettled', async () => {
    await putReceiver(emu, receiver());
    receiver().eventReplies = [{ status: 500 }];
    expect(emu.changeDirectory(CORP, [removeWangwu])).toEqual({ ok: true, applied: 1, deliveries: ['d1'] });
    await emu.deliveriesSettled();
    expect(emu.deliveries(CORP).map((d) => [d.state, d.attempts.length])).toEqual([['delivered', 2]]);
    expect(emu.deliveries('wwothercorp000001')).toEqual([]);
    expect(() => emu.changeDirectory(CORP, [removeWangwu])).toThrow(/no member with userid "wangwu"/);
  });
});
