import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  failures: number;
  seconds: number;
  perSecond: number;
}

/** One keep-alive GET; resolves with the status and body. */
function get(agent: Agent, url: URL): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Closed-loop load: `concurrency` workers each send the next request as soon as the previous one is
 * answered, over keep-alive connections, for `seconds` (or until `nextPath` returns null).
 * A request counts as a failure unless it is HTTP 200 with `"errcode":0`.
 */
export async function runLoad(base: string, nextPath: () => string | null, seconds: number, concurrency: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const deadline = Date.now() + seconds * 1000;
  let requests = 0;
  let failures = 0;
  const worker = async (): Promise<void> => {
    while (Date.now() < deadline) {
      const path = nextPath();
      if (path === null) return;
      const { status, body } = await get(agent, new URL(path, base));
      requests++;
      if (status !== 200 || !body.includes('"errcode":0,')) failures++;
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return { requests, failures, seconds: elapsed, perSecond: requests / elapsed };
}
