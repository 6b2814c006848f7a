import { randomBytes } from 'node:crypto';

export type Scope = 'snsapi_base' | 'snsapi_privateinfo';

/** Who the code stands for: a corp member, or a non-member seen through personal WeChat (A2). */
export type CodeSubject =
  | { readonly kind: 'member'; readonly userid: string }
  | { readonly kind: 'nonMember'; readonly openid: string; readonly externalUserId: string | null };

export interface CodeGrant {
  readonly corpId: string;
  /** null when the OAuth URL had no agentid: any app of the corp whose trusted domains hold the redirect host may redeem it. */
  readonly agentId: string | null;
  readonly subject: CodeSubject;
  readonly scope: Scope;
  /** `host[:port]` of the redirect_uri, exactly as written. */
  readonly redirectHost: string;
  /** oauth = in-client OAuth page; weblogin = `/wwlogin/sso/login` or `/wwopen/sso/qrConnect`. */
  readonly source: 'oauth' | 'weblogin';
  readonly consented: boolean;
}

export interface CodeRecord extends CodeGrant {
  readonly code: string;
  readonly issuedAt: number;
}

/** OAuth codes: single use, short-lived (A2: "code只能使用一次，5分钟未被使用自动过期"). */
export class CodeStore {
  private readonly codes = new Map<string, CodeRecord>();
  private issuedSinceSweep = 0;

  issue(grant: CodeGrant, now: number, ttlSeconds: number): string {
    if (++this.issuedSinceSweep >= 1024) this.sweep(now, ttlSeconds);
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { ...grant, code, issuedAt: now });
    return code;
  }

  /** The record if the code exists and has not expired; does not consume it. */
  peek(code: string, now: number, ttlSeconds: number): CodeRecord | undefined {
    const record = this.codes.get(code);
    if (!record) return undefined;
    if (now - record.issuedAt > ttlSeconds * 1000) {
      this.codes.delete(code);
      return undefined;
    }
    return record;
  }

  consume(code: string): void {
    this.codes.delete(code);
  }

  get size(): number {
    return this.codes.size;
  }

  clear(): void {
    this.codes.clear();
  }

  /** Codes are stored in issue order and the clock never goes back, so expired ones sit at the front. */
  private sweep(now: number, ttlSeconds: number): void {
    this.issuedSinceSweep = 0;
    for (const [code, record] of this.codes) {
      if (now - record.issuedAt <= ttlSeconds * 1000) break;
      this.codes.delete(code);
    }
  }
}
