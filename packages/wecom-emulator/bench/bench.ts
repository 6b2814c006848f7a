/**
 * `npm run bench:emulator`: requests per second of the emulator's gettoken and auth/getuserinfo, next to a
 * bare node:http server on the same machine. Each server runs in its own child process (one JS thread, so
 * "one core"); this process generates the load over loopback keep-alive connections.
 */
import { ChildProcess, fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { BENCH_AGENT, BENCH_CORP, BENCH_SECRET } from './seed';
import { LoadResult, runLoad } from './load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const GOAL = 5000;

interface Server {
  url: string;
  child: ChildProcess;
}

function startServer(mode: 'emulator' | 'baseline'): Promise<Server> {
  const child = fork(join(__dirname, 'serve.ts'), [mode], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${mode} server did not start within 15 s`)), 15_000);
    child.once('message', (msg: { url: string }) => {
      clearTimeout(timer);
      resolve({ url: msg.url, child });
    });
    child.once('exit', (code) => reject(new Error(`${mode} server exited with code ${code}`)));
  });
}

/** The child's CPU time (user + system), in microseconds. */
function cpuMicros(server: Server): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (msg: { cpu?: NodeJS.CpuUsage }): void => {
      if (!msg.cpu) return;
      server.child.off('message', onMessage);
      resolve(msg.cpu.user + msg.cpu.system);
    };
    server.child.on('message', onMessage);
    server.child.send('cpu');
  });
}

interface Measured extends LoadResult {
  /** Requests per second one fully busy core could serve, from the server's CPU time per request. */
  perCoreSecond: number;
}

async function measure(server: Server, nextPath: () => string | null): Promise<Measured> {
  const before = await cpuMicros(server);
  const result = await runLoad(server.url, nextPath, SECONDS, CONCURRENCY);
  const used = (await cpuMicros(server)) - before;
  return { ...result, perCoreSecond: used > 0 ? (result.requests * 1e6) / used : 0 };
}

async function json(url: string, init?: RequestInit): Promise<Record<string, unknown>> {
  const response = await fetch(url, init);
  return (await response.json()) as Record<string, unknown>;
}

/** Codes minted through the control API, enough for the whole run (each is single use). */
async function mintCodes(base: string, count: number): Promise<string[]> {
  const codes: string[] = [];
  while (codes.length < count) {
    const batch = Math.min(100_000, count - codes.length);
    const body = await json(`${base}/__emulator/codes`, {
      method: 'POST',
      body: JSON.stringify({ corpId: BENCH_CORP, agentId: BENCH_AGENT, userid: 'zhangsan', count: batch }),
    });
    if (!Array.isArray(body.codes)) throw new Error(`minting codes failed: ${JSON.stringify(body)}`);
    codes.push(...(body.codes as string[]));
  }
  return codes;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(8);

function row(name: string, r: Measured, baseline?: Measured): string {
  const ratio = baseline ? `${((r.perSecond / baseline.perSecond) * 100).toFixed(0)}% of baseline`.padEnd(18) : 'baseline'.padEnd(18);
  const cost = baseline && r.perCoreSecond > 0 ? `${(baseline.perCoreSecond / r.perCoreSecond).toFixed(2)}× its CPU per request` : '';
  return `${name.padEnd(18)} ${fmt(r.perSecond)} req/s ${ratio} ${fmt(r.perCoreSecond)} req/s per CPU-second ${cost.padEnd(26)} ${r.requests} requests, ${r.failures} failed`;
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`WeCom emulator benchmark: ${SECONDS} s per target, ${CONCURRENCY} keep-alive connections, goal ≥ ${GOAL.toLocaleString('en-US')} req/s`);
  const baselineServer = await startServer('baseline');
  const emulator = await startServer('emulator');
  try {
    const baseline = await measure(baselineServer, () => '/cgi-bin/gettoken');
    const tokenPath = `/cgi-bin/gettoken?corpid=${BENCH_CORP}&corpsecret=${BENCH_SECRET}`;
    await runLoad(emulator.url, () => tokenPath, 0.5, CONCURRENCY); // warm-up
    const gettoken = await measure(emulator, () => tokenPath);
    const token = String((await json(`${emulator.url}${tokenPath}`)).access_token);
    const codes = await mintCodes(emulator.url, Math.max(20_000, Math.ceil(gettoken.perSecond * SECONDS * 1.5)));
    let next = 0;
    const getuserinfo = await measure(emulator, () => (next < codes.length ? `/cgi-bin/auth/getuserinfo?access_token=${token}&code=${codes[next++]}` : null));
    console.log(row('bare node:http', baseline));
    console.log(row('gettoken', gettoken, baseline));
    console.log(row('auth/getuserinfo', getuserinfo, baseline));
    if (next >= codes.length) console.log('note: auth/getuserinfo ran out of minted codes before the time was up');
    const met = gettoken.perSecond >= GOAL && getuserinfo.perSecond >= GOAL;
    const perCore = gettoken.perCoreSecond >= GOAL && getuserinfo.perCoreSecond >= GOAL;
    console.log(`goal ≥ ${GOAL.toLocaleString('en-US')} req/s: ${met ? 'met' : 'NOT met'} as measured; ${perCore ? 'met' : 'NOT met'} per CPU-second of the emulator process`);
    console.log(`(load generator shares this machine: ${cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(1)}; ${((Date.now() - started) / 1000).toFixed(1)} s in all)`);
    if (gettoken.failures + getuserinfo.failures > 0) process.exitCode = 1;
  } finally {
    baselineServer.child.kill();
    emulator.child.kill();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
