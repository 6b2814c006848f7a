/**
 * `npm run bench:emulator`: requests per second of the emulator's gettoken and auth/getuserinfo, next to a
 * bare node:http server on the same machine. Each server runs in its own child process (one JS thread, so
 * "one core"); this process generates the load over loopback keep-alive connections.
 */
import { ChildProcess, fork } from 'node:child_process';
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

function row(name: string, r: LoadResult, baseline?: LoadResult): string {
  const rate = Math.round(r.perSecond).toLocaleString('en-US').padStart(8);
  const ratio = baseline ? `${((r.perSecond / baseline.perSecond) * 100).toFixed(0)}% of baseline`.padEnd(18) : 'baseline'.padEnd(18);
  const goal = baseline ? (r.perSecond >= GOAL ? 'goal met' : 'BELOW GOAL') : '';
  return `${name.padEnd(22)} ${rate} req/s  ${ratio} ${String(r.requests).padStart(7)} requests, ${r.failures} failed  ${goal}`;
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`WeCom emulator benchmark: ${SECONDS} s per target, ${CONCURRENCY} keep-alive connections, goal ≥ ${GOAL.toLocaleString('en-US')} req/s`);
  const baselineServer = await startServer('baseline');
  const emulator = await startServer('emulator');
  try {
    const baseline = await runLoad(baselineServer.url, () => '/cgi-bin/gettoken', SECONDS, CONCURRENCY);
    const tokenPath = `/cgi-bin/gettoken?corpid=${BENCH_CORP}&corpsecret=${BENCH_SECRET}`;
    await runLoad(emulator.url, () => tokenPath, 0.5, CONCURRENCY); // warm-up
    const gettoken = await runLoad(emulator.url, () => tokenPath, SECONDS, CONCURRENCY);
    const token = String((await json(`${emulator.url}${tokenPath}`)).access_token);
    const codes = await mintCodes(emulator.url, Math.max(20_000, Math.ceil(gettoken.perSecond * SECONDS * 1.5)));
    let next = 0;
    const getuserinfo = await runLoad(
      emulator.url,
      () => (next < codes.length ? `/cgi-bin/auth/getuserinfo?access_token=${token}&code=${codes[next++]}` : null),
      SECONDS,
      CONCURRENCY,
    );
    console.log(row('bare node:http', baseline));
    console.log(row('gettoken', gettoken, baseline));
    console.log(row('auth/getuserinfo', getuserinfo, baseline));
    if (next >= codes.length) console.log('note: auth/getuserinfo ran out of minted codes before the time was up');
    const met = gettoken.perSecond >= GOAL && getuserinfo.perSecond >= GOAL;
    console.log(`goal ≥ ${GOAL.toLocaleString('en-US')} req/s on one core: ${met ? 'met' : 'NOT met'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
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
