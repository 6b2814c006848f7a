import { randomBytes } from 'node:crypto';

export interface UserTicket {
  readonly ticket: string;
  readonly corpId: string;
  readonly agentId: string;
  readonly userid: string;
  readonly expiresAt: number;
}

/** Expired tickets are kept this long so that they answer 84014 (expired) rather than 84015 (invalid). */
const RETAIN_EXPIRED_MS = 24 * 3600 * 1000;

/** `user_ticket`s from snsapi_privateinfo logins; they live 1,800 s (A4.1). */
export class TicketStore {
  private readonly tickets = new Map<string, UserTicket>();
  private issuedSinceSweep = 0;

  issue(corpId: string, agentId: string, userid: string, now: number, ttlSeconds: number): UserTicket {
    if (++this.issuedSinceSweep >= 1024) this.sweep(now);
    const record: UserTicket = {
      ticket: randomBytes(64).toString('base64url'),
      corpId,
      agentId,
      userid,
      expiresAt: now + ttlSeconds * 1000,
    };
    this.tickets.set(record.ticket, record);
    return record;
  }

  lookup(ticket: string): UserTicket | undefined {
    return this.tickets.get(ticket);
  }

  clear(): void {
    this.tickets.clear();
  }

  private sweep(now: number): void {
    this.issuedSinceSweep = 0;
    for (const [ticket, record] of this.tickets) {
      if (record.expiresAt + RETAIN_EXPIRED_MS > now) break;
      this.tickets.delete(ticket);
    }
  }
}
