import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { Delivery, WeComEmulator } from '../../index';
import { Json, control } from './harness';
import { TestReceiver } from './receiver';
import { CORP } from './test-seed';

/** One receiver for the test file, emptied and answering normally again before each test. */
export function useTestReceiver(): () => TestReceiver {
  let receiver: TestReceiver | undefined;
  beforeAll(async () => {
    receiver = await TestReceiver.start();
  });
  afterAll(() => receiver?.close());
  beforeEach(() => receiver?.clear());
  return () => {
    if (!receiver) throw new Error('the receiver is not started');
    return receiver;
  };
}

export async function putReceiver(emu: WeComEmulator, receiver: TestReceiver, extra: Json = {}): Promise<{ status: number; body: Json }> {
  return control(emu, 'PUT', '/__emulator/receiver', { corpId: CORP, url: receiver.url, token: receiver.token, encodingAESKey: receiver.key, ...extra });
}

export async function postChanges(emu: WeComEmulator, changes: unknown[], corpId = CORP): Promise<{ status: number; body: Json }> {
  return control(emu, 'POST', '/__emulator/directory/changes', { corpId, changes });
}

/** Polls `GET /__emulator/deliveries` until none is pending. */
export async function settledDeliveries(emu: WeComEmulator, corpId = CORP, timeoutMs = 15_000): Promise<Delivery[]> {
  const started = Date.now();
  for (;;) {
    const { status, body } = await control(emu, 'GET', `/__emulator/deliveries?corpId=${corpId}`);
    expect(status).toBe(200);
    const deliveries = body.deliveries as Delivery[];
    if (deliveries.every((d) => d.state !== 'pending')) return deliveries;
    if (Date.now() - started > timeoutMs) throw new Error(`deliveries still pending after ${timeoutMs} ms: ${JSON.stringify(deliveries)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
