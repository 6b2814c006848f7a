import { randomBytes } from 'node:crypto';

export interface TokenRecord {
  readonly token: string;
  readonly corpId: string;
  readonly agentId: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  revoked: boolean;
}

export interface RevokeFilter {
  corpId?: string;
  agentId?: string;
}

function appKey(corpId: string, agentId: string): string {
  return `${corpId}\u0000${agentId}`;
}

/**
 * Access tokens. One current token per app; gettoken returns it again while it is valid (A1).
 * Expired and revoked tokens are kept so that callers get 42001 / 40014 rather than "unknown".
 */
export class TokenStore {
  private readonly byToken = new Map<string, TokenRecord>();
  private readonly current = new Map<string, TokenRecord>();

  /** The app's valid token, or a new one. */
  obtain(corpId: string, agentId: string, now: number, ttlSeconds: number): TokenRecord {
    const key = appKey(corpId, agentId);
    const existing = this.current.get(key);
    if (existing && !existing.revoked && existing.expiresAt > now) return existing;
    if (existing && this.byToken.size > 100_000) this.byToken.delete(existing.token);
    const record: TokenRecord = {
      token: randomBytes(96).toString('base64url'),
      corpId,
      agentId,
      issuedAt: now,
      expiresAt: now + ttlSeconds * 1000,
      revoked: false,
    };
    this.byToken.set(record.token, record);
    this.current.set(key, record);
    return record;
  }

  lookup(token: string): TokenRecord | undefined {
    return this.byToken.get(token);
  }

  /** Revokes the apps' valid tokens (expired ones stay expired, so they still answer 42001). */
  revoke(now: number, filter: RevokeFilter = {}): number {
    let count = 0;
    for (const record of this.current.values()) {
      if (record.revoked || record.expiresAt <= now) continue;
      if (filter.corpId !== undefined && record.corpId !== filter.corpId) continue;
      if (filter.agentId !== undefined && record.agentId !== filter.agentId) continue;
      record.revoked = true;
      count++;
    }
    return count;
  }

  clear(): void {
    this.byToken.clear();
    this.current.clear();
  }
}
