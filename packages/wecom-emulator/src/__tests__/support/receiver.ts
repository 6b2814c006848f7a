import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decrypt, signature, verifySignature } from '../../callback/crypto';

export const RECEIVER_TOKEN = 'QDG6eK';
export const RECEIVER_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';

/** How the receiver answers one request; `body` may use the decrypted echostr. */
export interface Reply {
  status?: number;
  body?: string | ((plaintext: string) => string);
  delayMs?: number;
}

/** A request the receiver got, checked and decrypted as a WeCom SDK would. */
export interface Received {
  method: string;
  path: string;
  /** The raw query string, as sent. */
  rawQuery: string;
  query: Record<string, string>;
  body: string;
  signatureOk: boolean;
  receiveId: string;
  /** The decrypted echostr (GET) or event XML (POST). */
  plaintext: string;
}

/** Top-level elements of a flat XML document, CDATA or plain; repeated names keep the first. */
export function xmlFields(xml: string): Record<string, string> {
  const inner = /^<xml>([\s\S]*)<\/xml>$/.exec(xml)?.[1] ?? '';
  const out: Record<string, string> = {};
  for (const m of inner.matchAll(/<(\w+)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g)) {
    const name = m[1] ?? '';
    if (!(name in out)) out[name] = m[2] ?? m[3] ?? '';
  }
  return out;
}

/** The element names of a flat XML document, in order. */
export function xmlNames(xml: string): string[] {
  const inner = /^<xml>([\s\S]*)<\/xml>$/.exec(xml)?.[1] ?? '';
  return [...inner.matchAll(/<(\w+)>(?:<!\[CDATA\[[\s\S]*?\]\]>|[^<]*)<\/\1>/g)].map((m) => m[1] ?? '');
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/**
 * A contact-change receiver on 127.0.0.1 that checks and decrypts what the emulator sends with
 * src/callback/crypto.ts. It answers the handshake correctly and events with 200 `success`, unless told
 * otherwise: `verifyReply` for GETs, `eventReplies` (consumed in order) for POSTs.
 */
export class TestReceiver {
  readonly received: Received[] = [];
  verifyReply: Reply = { body: (plaintext) => plaintext };
  eventReplies: Reply[] = [];
  token = RECEIVER_TOKEN;
  key = RECEIVER_KEY;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(path = '/wecom/contacts'): Promise<TestReceiver> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const receiver = new TestReceiver(server, `http://127.0.0.1:${port}${path}`);
    server.on('request', (req, res) => void receiver.handle(req, res));
    return receiver;
  }

  /** Decrypted event XML of the POSTs, in arrival order. */
  get events(): Received[] {
    return this.received.filter((r) => r.method === 'POST');
  }

  get verifications(): Received[] {
    return this.received.filter((r) => r.method === 'GET');
  }

  clear(): void {
    this.received.length = 0;
    this.eventReplies = [];
    this.verifyReply = { body: (plaintext) => plaintext };
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => undefined);
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const rawQuery = q === -1 ? '' : raw.slice(q + 1);
    const query = Object.fromEntries(new URLSearchParams(rawQuery));
    const body = await readAll(req);
    const encrypted = req.method === 'GET' ? (query.echostr ?? '') : (xmlFields(body).Encrypt ?? '');
    const expected = signature(this.token, query.timestamp ?? '', query.nonce ?? '', encrypted);
    let plaintext = '';
    let receiveId = '';
    try {
      const d = decrypt(this.key, encrypted);
      plaintext = d.message;
      receiveId = d.receiveId;
    } catch {
      // left empty: the test sees it
    }
    this.received.push({ method: req.method ?? '', path: raw.slice(0, q === -1 ? undefined : q), rawQuery, query, body, signatureOk: verifySignature(expected, query.msg_signature ?? ''), receiveId, plaintext });
    const reply = req.method === 'GET' ? this.verifyReply : (this.eventReplies.shift() ?? {});
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    const text = typeof reply.body === 'function' ? reply.body(plaintext) : (reply.body ?? 'success');
    res.writeHead(reply.status ?? 200, { 'Content-Type': 'text/plain' });
    res.end(text);
  }
}
