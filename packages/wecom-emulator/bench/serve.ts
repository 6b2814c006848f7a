/**
 * The benchmark's server process: either the emulator (rate limits off, so 45009 does not cut the run short)
 * or a bare node:http server answering a fixed JSON body, as the baseline. Reports its URL over IPC.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startWeComEmulator } from '../src';
import { BENCH_SEED } from './seed';

const NO_LIMITS = {
  perCorpPerApiPerMinute: null,
  perCorpPerApiPerHour: null,
  perIpPerApiPerMinute: null,
  perIpPerApiPerHour: null,
};

async function startBaseline(): Promise<string> {
  const body = JSON.stringify({ errcode: 0, errmsg: 'ok', userid: 'zhangsan' });
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': Buffer.byteLength(body), 'X-WeCom-Emulator': '1' });
    res.end(body);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  const url =
    mode === 'baseline' ? await startBaseline() : (await startWeComEmulator({ port: 0, seed: BENCH_SEED, rateLimits: NO_LIMITS })).url;
  process.send?.({ url });
  // CPU time used so far, so the parent can work out the cost per request independently of machine load.
  process.on('message', (msg) => {
    if (msg === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  });
  process.on('disconnect', () => process.exit(0));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
