import { encrypt, signature } from '../callback/crypto';
import type { EmulatorCore } from '../core';
import { NormalizedEventReceiver } from '../seed/types';
import { logAttempt } from './attempt-log';
import { ContactEvent } from './contact-events';
import { Delivery, DeliveryAttempt } from './deliveries';
import { OutgoingResult, sendOutgoing, withQuery } from './http-out';
import { randomDigits } from './receiver';
import { contactEventXml, envelopeXml } from './xml';

export interface EventToSend {
  event: ContactEvent;
  /** Send the delivered request a second time, byte for byte, as WeCom's retries do. */
  duplicate: boolean;
}

/** C2.2: HTTP 200 with `success` or an empty body. */
function judge(result: OutgoingResult): string | undefined {
  if (result.error !== undefined) return result.error;
  if (result.status !== 200) return `HTTP ${result.status}`;
  const body = result.body.trim();
  if (body !== '' && body !== 'success') return `answered ${JSON.stringify(body.slice(0, 80))}; expected "success" or an empty body`;
  return undefined;
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/**
 * Sends one delivery: POST `url?msg_signature&timestamp&nonce` with the encrypted envelope (receiveid = corp id),
 * a fresh timestamp, nonce and signature per attempt; 1 + `callbackRetries` attempts, each given
 * `callbackTimeoutMs`. Every attempt goes into the delivery and the call log.
 */
async function run(core: EmulatorCore, delivery: Delivery, receiver: NormalizedEventReceiver): Promise<void> {
  const signal = core.deliveries.signal;
  const encrypted = encrypt(receiver.encodingAESKey, delivery.event, delivery.corpId);
  const body = envelopeXml(delivery.corpId, encrypted);
  const attempts = 1 + core.behaviour.callbackRetries;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await wait(core.behaviour.callbackRetryDelayMs, signal);
    if (signal.aborted) return;
    const at = core.clock.now();
    const timestamp = String(Math.floor(at / 1000));
    const nonce = randomDigits(10);
    const url = withQuery(receiver.url, { msg_signature: signature(receiver.token, timestamp, nonce, encrypted), timestamp, nonce });
    const send = async (duplicate: boolean): Promise<string | undefined> => {
      const sentAt = duplicate ? core.clock.now() : at;
      const result = await sendOutgoing(url, 'POST', body, core.behaviour.callbackTimeoutMs, signal);
      if (signal.aborted) return 'stopped';
      const error = judge(result);
      const record: DeliveryAttempt = { attempt, time: new Date(sentAt).toISOString(), status: result.status, durationMs: result.durationMs };
      if (error !== undefined) record.error = error;
      if (duplicate) record.duplicate = true;
      delivery.attempts.push(record);
      logAttempt(core, { method: 'POST', url, body, at: sentAt }, result, { kind: 'event', deliveryId: delivery.id, attempt, ...(duplicate && { duplicate }), ...(error !== undefined && { error }) });
      return error;
    };
    if ((await send(false)) !== undefined) continue;
    delivery.state = 'delivered';
    if (delivery.duplicate) await send(true);
    return;
  }
  if (!signal.aborted) delivery.state = 'failed';
}

/** Queues one delivery per event to the corp's receiver; returns their ids. Sending happens in the background. */
export function scheduleDeliveries(core: EmulatorCore, corpId: string, receiver: NormalizedEventReceiver, events: readonly EventToSend[]): string[] {
  const createTime = Math.floor(core.clock.now() / 1000);
  return events.map(({ event, duplicate }) => {
    const delivery = core.deliveries.add({
      corpId,
      changeType: event.changeType,
      ids: event.ids,
      url: receiver.url,
      idsOnly: receiver.idsOnly,
      duplicate,
      event: contactEventXml(corpId, createTime, event.changeType, event.fields),
    });
    core.deliveries.enqueue(corpId, () =>
      run(core, delivery, receiver).catch((err: unknown) => {
        delivery.state = 'failed';
        delivery.attempts.push({ attempt: delivery.attempts.length + 1, time: new Date(core.clock.now()).toISOString(), status: 0, error: `emulator internal error: ${String(err)}`, durationMs: 0 });
      }),
    );
    return delivery.id;
  });
}
