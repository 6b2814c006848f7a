import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

interface AppWithSecret {
  authManager?: { jwt?: { secret?: () => unknown } };
}

const keys = new WeakMap<object, Buffer>();

/**
 * A key of our own for the flow cookie and the state's signature, derived from the app's JWT secret
 * (`APP_KEY`), so every node of a cluster agrees without sharing anything else.
 */
function signingKey(app: AppWithSecret): Buffer {
  let key = keys.get(app);
  if (!key) {
    const secret = app.authManager?.jwt?.secret?.() ?? process.env.APP_KEY;
    if (typeof secret !== 'string' || secret === '') throw new Error('APP_KEY is not set');
    key = createHmac('sha256', secret).update('nocobase-wecom/sign-in/v1').digest();
    keys.set(app, key);
  }
  return key;
}

/** HMAC-SHA256 of `value`, as hex, cut to `bytes`. */
export function sign(app: AppWithSecret, value: string, bytes = 32): string {
  return createHmac('sha256', signingKey(app)).update(value).digest().subarray(0, bytes).toString('hex');
}

/** Constant-time comparison of a signature we made with one that came in. */
export function sameSignature(expected: string, received: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
