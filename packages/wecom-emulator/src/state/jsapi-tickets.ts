import { randomBytes } from 'node:crypto';

interface JsapiTicket {
  readonly ticket: string;
  readonly expiresAt: number;
}

/** JS-SDK tickets (A7): one per corp (`get_jsapi_ticket`) or per app (`ticket/get?type=agent_config`), reused while valid. */
export class JsapiTicketStore {
  private readonly tickets = new Map<string, JsapiTicket>();

  obtain(key: string, now: number, ttlSeconds: number): JsapiTicket {
    const existing = this.tickets.get(key);
    if (existing && existing.expiresAt > now) return existing;
    const fresh = { ticket: randomBytes(48).toString('base64url'), expiresAt: now + ttlSeconds * 1000 };
    this.tickets.set(key, fresh);
    return fresh;
  }

  clear(): void {
    this.tickets.clear();
  }
}
