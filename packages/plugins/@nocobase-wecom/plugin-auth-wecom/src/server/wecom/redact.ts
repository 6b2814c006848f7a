/**
 * Removes credentials from text that may end up in an error or a log line.
 *
 * WeCom carries `access_token` in the query string and `corpsecret` in the
 * gettoken query (docs/wecom-protocol.md A0, A1), so any text that could contain a request
 * URL (fetch errors from undici do) passes through here.
 */
const CREDENTIAL_PARAMETER = /\b(access_token|corpsecret|user_ticket)=[^&\s#"'<>]*/gi;

export const REDACTED = '[redacted]';

export function redact(text: string, sensitiveValues: readonly string[] = []): string {
  let result = text;
  for (const value of sensitiveValues) {
    if (value.length > 0) {
      result = result.split(value).join(REDACTED);
      const encoded = encodeURIComponent(value);
      if (encoded !== value) result = result.split(encoded).join(REDACTED);
    }
  }
  return result.replace(CREDENTIAL_PARAMETER, `$1=${REDACTED}`);
}

/**
 * Rebuilds an error chain as plain `Error`s whose messages and stacks are
 * redacted. The originals are dropped: undici errors can hold the request
 * URL in properties other than `message`.
 */
export function sanitizeCause(cause: unknown, sensitiveValues: readonly string[], depth = 0): Error {
  if (!(cause instanceof Error)) {
    return new Error(redact(typeof cause === 'string' ? cause : 'Non-error value thrown', sensitiveValues));
  }
  const nested =
    cause.cause !== undefined && depth < 4 ? sanitizeCause(cause.cause, sensitiveValues, depth + 1) : undefined;
  const copy = new Error(redact(cause.message, sensitiveValues), nested ? { cause: nested } : undefined);
  copy.name = cause.name;
  copy.stack = redact(cause.stack ?? `${cause.name}: ${cause.message}`, sensitiveValues);
  const systemCode: unknown = Reflect.get(cause, 'code');
  if (typeof systemCode === 'string' && /^[A-Z0-9_]{1,64}$/.test(systemCode)) {
    Object.defineProperty(copy, 'code', { value: systemCode, enumerable: true });
  }
  return copy;
}
