/**
 * `GET|POST /api/wecom:contactEvents?source=<name>`: WeCom's event receiver for a WeCom sync source
 * (docs/wecom-protocol.md C2). GET answers the URL check; POST checks and opens the event, answers `success`
 * at once and queues the event in NocoBase's event queue, applied once however often WeCom delivers it.
 */
import type { Context } from '@nocobase/actions';
import type { Application } from '@nocobase/server';
import { answerUrlCheck, CallbackError, contactEventKey, openContactEvent, type CallbackKeys, type ContactEvent } from '../wecom';
import { param } from '../actions/params';
import { loadSyncSource } from './settings';

export const CONTACT_EVENTS_CHANNEL = 'wecom.contact-events';

/** WeCom's callback bodies are a few hundred bytes; anything far larger is not WeCom. */
const MAX_BODY_BYTES = 64 * 1024;

/** WeCom retries within minutes; a delivery seen within a day is a duplicate. */
const SEEN_TTL_MS = 24 * 60 * 60 * 1000;

export interface QueuedContactEvent {
  source: string;
  event: ContactEvent;
}

async function rawBody(ctx: Context): Promise<string> {
  const parsed = (ctx.request as { body?: unknown }).body;
  if (typeof parsed === 'string') return parsed;
  if (ctx.req.readableEnded) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) ctx.throw(413, 'body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function text(ctx: Context, status: number, body: string) {
  ctx.withoutDataWrapping = true;
  ctx.status = status;
  ctx.type = 'text/plain';
  ctx.body = body;
}

/** The source's keys, when it is an enabled WeCom source with a Token and an EncodingAESKey. */
async function keysOf(app: Application, name: unknown): Promise<CallbackKeys | undefined> {
  if (typeof name !== 'string' || name === '' || name.length > 255) return undefined;
  try {
    const source = await loadSyncSource(app, name);
    const { eventToken, eventAESKey } = source?.settings ?? {};
    if (!source?.enabled || !eventToken || !eventAESKey) return undefined;
    return { token: eventToken, encodingAESKey: eventAESKey, corpId: source.authenticator.settings.corpId };
  } catch {
    return undefined;
  }
}

function signedQuery(ctx: Context) {
  const value = (name: string) => {
    const raw = ctx.query?.[name];
    return typeof raw === 'string' ? raw : '';
  };
  return { msgSignature: value('msg_signature'), timestamp: value('timestamp'), nonce: value('nonce'), echostr: value('echostr') };
}

/** Whether this event was not seen before; marks it seen. Serialised per event across nodes. */
async function firstDelivery(app: Application, source: string, event: ContactEvent): Promise<boolean> {
  const key = `wecom:contact-event:${source}:${contactEventKey(event)}`;
  return app.lockManager.runExclusive(`wecom:contact-event:${source}`, async () => {
    if (await app.cache.get(key)) return false;
    await app.cache.set(key, 1, SEEN_TTL_MS);
    return true;
  }, 10_000);
}

export async function contactEvents(ctx: Context, next: () => Promise<void>) {
  const app = ctx.app as Application;
  const named = param(ctx, 'source');
  const keys = await keysOf(app, named);
  const source = String(named);
  const logger = ctx.logger ?? app.logger;
  if (!keys) {
    logger?.warn?.('WeCom contact event for an unknown or unready source', { method: 'wecom:contactEvents' });
    return text(ctx, 404, 'unknown source');
  }
  const query = signedQuery(ctx);
  try {
    if (ctx.method === 'GET') {
      text(ctx, 200, answerUrlCheck(keys, query));
      return next();
    }
    const event = openContactEvent(keys, query, await rawBody(ctx), Math.floor(Date.now() / 1000));
    if (await firstDelivery(app, source, event)) {
      await app.eventQueue.publish(CONTACT_EVENTS_CHANNEL, { source, event } satisfies QueuedContactEvent);
    } else {
      logger?.info?.('WeCom contact event delivered again, ignored', { method: 'wecom:contactEvents', source, change: event.kind === 'other' ? event.type : event.change });
    }
    text(ctx, 200, 'success');
  } catch (error) {
    if (!(error instanceof CallbackError)) throw error;
    logger?.warn?.('WeCom contact event refused', { method: 'wecom:contactEvents', source, problem: error.problem });
    text(ctx, error.problem === 'signature' || error.problem === 'receiveid' ? 403 : 400, error.problem);
  }
  return next();
}
