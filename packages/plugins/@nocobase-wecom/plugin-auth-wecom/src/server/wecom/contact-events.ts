/**
 * WeCom's encrypted contact-change callback (docs/wecom-protocol.md C2): the URL check, opening an event and
 * reading it. The AES and signature are the official `@wecom/crypto`; what it leaves to callers is here: a
 * timing-safe signature check, the receiveid check, ciphertext that is not WeCom's, and the XML.
 */
import { timingSafeEqual } from 'node:crypto';
import { decrypt, getSignature } from '@wecom/crypto';
import { EventXmlError, parseFlatXml } from './event-xml';

export interface CallbackKeys {
  token: string;
  encodingAESKey: string;
  /** The receiveid every message must carry: the corp id for self-built apps and the contact-sync tool. */
  corpId: string;
}

export interface SignedQuery {
  msgSignature: string;
  timestamp: string;
  nonce: string;
}

export type CallbackProblem = 'missing-parameter' | 'signature' | 'decrypt' | 'receiveid' | 'malformed' | 'stale';

export class CallbackError extends Error {
  constructor(readonly problem: CallbackProblem) {
    super(`WeCom callback refused: ${problem}`);
    this.name = 'CallbackError';
  }
}

/** How far a callback's timestamp may be from our clock: older ones are replays of a captured request. */
export const CALLBACK_MAX_SKEW_SECONDS = 300;

export type ContactChange = 'create_user' | 'update_user' | 'delete_user' | 'create_party' | 'update_party' | 'delete_party';

const CONTACT_CHANGES: readonly string[] = ['create_user', 'update_user', 'delete_user', 'create_party', 'update_party', 'delete_party'];

export type ContactEvent =
  | { kind: 'member'; change: 'create_user' | 'update_user' | 'delete_user'; userId: string; newUserId?: string; createTime: number }
  | { kind: 'department'; change: 'create_party' | 'update_party' | 'delete_party'; departmentId: number; createTime: number }
  /** Another event (tags, batch jobs…): acknowledged, not applied. */
  | { kind: 'other'; type: string; createTime: number };

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function checkSignature(keys: CallbackKeys, query: SignedQuery, encrypted: string): void {
  if (!query.msgSignature || !query.timestamp || !query.nonce || !encrypted) throw new CallbackError('missing-parameter');
  if (!sameText(getSignature(keys.token, query.timestamp, query.nonce, encrypted), query.msgSignature.toLowerCase())) {
    throw new CallbackError('signature');
  }
}

function open(keys: CallbackKeys, encrypted: string): string {
  let opened: { message: string; id: string };
  try {
    opened = decrypt(keys.encodingAESKey, encrypted);
  } catch {
    throw new CallbackError('decrypt');
  }
  if (!sameText(opened.id, keys.corpId)) throw new CallbackError('receiveid');
  return opened.message;
}

/** GET URL verification (C2.1): the plaintext of `echostr`, to be answered as it is. */
export function answerUrlCheck(keys: CallbackKeys, query: SignedQuery & { echostr: string }): string {
  checkSignature(keys, query, query.echostr);
  return open(keys, query.echostr);
}

/**
 * POST event (C2.2): checks the signature over the `Encrypt` text, decrypts it, checks the receiveid and the
 * timestamp's age, and reads the event.
 */
export function openContactEvent(keys: CallbackKeys, query: SignedQuery, body: string, nowSeconds: number): ContactEvent {
  let envelope: Record<string, string>;
  try {
    envelope = parseFlatXml(body);
  } catch (error) {
    if (error instanceof EventXmlError) throw new CallbackError('malformed');
    throw error;
  }
  const encrypted = envelope.Encrypt ?? '';
  checkSignature(keys, query, encrypted);
  const sent = Number(query.timestamp);
  if (!Number.isFinite(sent) || Math.abs(nowSeconds - sent) > CALLBACK_MAX_SKEW_SECONDS) throw new CallbackError('stale');
  let fields: Record<string, string>;
  try {
    fields = parseFlatXml(open(keys, encrypted));
  } catch (error) {
    if (error instanceof EventXmlError) throw new CallbackError('malformed');
    throw error;
  }
  return readContactEvent(fields);
}

/** The decrypted event's fields (C2.5) → what a sync applies. Only ids are read: the rest is re-read from WeCom. */
export function readContactEvent(fields: Record<string, string>): ContactEvent {
  const createTime = Number(fields.CreateTime ?? 0) || 0;
  const type = fields.Event === 'change_contact' ? (fields.ChangeType ?? '') : (fields.Event ?? fields.MsgType ?? '');
  if (!CONTACT_CHANGES.includes(type)) return { kind: 'other', type, createTime };
  if (type.endsWith('_user')) {
    const userId = fields.UserID ?? '';
    if (!/^[0-9A-Za-z_\-@./]{1,128}$/.test(userId)) throw new CallbackError('malformed');
    const newUserId = fields.NewUserID;
    if (newUserId !== undefined && !/^[0-9A-Za-z_\-@.]{1,64}$/.test(newUserId)) throw new CallbackError('malformed');
    const change = type as 'create_user' | 'update_user' | 'delete_user';
    return newUserId ? { kind: 'member', change, userId, newUserId, createTime } : { kind: 'member', change, userId, createTime };
  }
  const departmentId = Number(fields.Id);
  if (!Number.isInteger(departmentId) || departmentId <= 0) throw new CallbackError('malformed');
  return { kind: 'department', change: type as 'create_party' | 'update_party' | 'delete_party', departmentId, createTime };
}

/** Events carry no id: WeCom's retries are recognised by change, subject and time (C2.2). */
export function contactEventKey(event: ContactEvent): string {
  if (event.kind === 'member') return `${event.change}:${event.userId.toLowerCase()}:${event.newUserId ?? ''}:${event.createTime}`;
  if (event.kind === 'department') return `${event.change}:${event.departmentId}:${event.createTime}`;
  return `${event.type}:${event.createTime}`;
}
