import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What a receiver answered, or why it did not: `status` 0 with `error` when there was no complete answer. */
export interface OutgoingResult {
  status: number;
  /** The answer's body as text (at most MAX_REPLY bytes). */
  body: string;
  error?: string;
  durationMs: number;
}

const MAX_REPLY = 64 * 1024;

/**
 * One request from the emulator to a receiver, on a fresh connection (no keep-alive), given up after
 * `timeoutMs` counted until the whole answer is in, or when `signal` aborts. Never throws.
 */
export function sendOutgoing(url: URL, method: 'GET' | 'POST', body: string | null, timeoutMs: number, signal?: AbortSignal): Promise<OutgoingResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (status: number, text: string, error?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve({ status, body: text, ...(error !== undefined && { error }), durationMs: Date.now() - started });
    };
    const headers: Record<string, string> = {};
    if (body !== null) {
      headers['Content-Type'] = 'text/xml; charset=utf-8';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_REPLY) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => finish(res.statusCode ?? 0, Buffer.concat(chunks).subarray(0, MAX_REPLY).toString('utf8')));
      res.on('error', (err) => finish(0, '', err.message));
    });
    const timer = setTimeout(() => {
      finish(0, '', `no answer within ${timeoutMs} ms`);
      req.destroy();
    }, timeoutMs);
    const onAbort = (): void => {
      finish(0, '', 'stopped (emulator reset or closed)');
      req.destroy();
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort);
    req.on('error', (err: NodeJS.ErrnoException) => finish(0, '', err.code ? `${err.code}: ${err.message}` : err.message));
    req.end(body ?? undefined);
  });
}

/** `url` with WeCom's parameters appended to any query it already has. */
export function withQuery(url: string, params: Record<string, string>): URL {
  const out = new URL(url);
  for (const [key, value] of Object.entries(params)) out.searchParams.append(key, value);
  return out;
}
