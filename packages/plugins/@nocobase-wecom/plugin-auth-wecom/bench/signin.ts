/**
 * `npm run bench:signin`: what a returning member's WeCom sign-in costs NocoBase, next to NocoBase's own password
 * sign-in, on SQLite and (when reachable) PostgreSQL; then a burst of 500 concurrent WeCom callbacks.
 *
 * Three processes: this one drives the load over HTTP (node's fetch), `server.ts` runs NocoBase (createMockServer,
 * listening on a real port) and reports its own CPU time, and the WeCom emulator runs from its CLI. So the CPU
 * counted is NocoBase's alone: neither the load generator's nor WeCom's (the emulator's login page and APIs).
 *
 * Env: BENCH_SIGNINS (200 per kind), BENCH_WARMUP (20), BENCH_BATCH (20), BENCH_BURST (500).
 */
import { ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { reachable } from '../../../../../scripts/lib/reachable.mjs';
import { AUTHENTICATOR, EMULATOR_SEED, MEMBER, ORIGIN, PC_UA, POSTGRES } from './seed';

const SIGNINS = Number(process.env.BENCH_SIGNINS ?? 200);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20);
const BATCH = Number(process.env.BENCH_BATCH ?? 20);
const BURST = Number(process.env.BENCH_BURST ?? 500);
/** WeCom sign-ins sampled request by request for the per-request split. */
const BREAKDOWN = 20;
/** Concurrency while preparing the burst's pending sign-ins (getAuthUrl + WeCom page); not measured. */
const PREPARE_CONCURRENCY = 25;
const BENCH_DATABASE = 'wecom_signin_bench';
const ROOT = path.resolve(__dirname, '../../../../..');
const ROOT_ACCOUNT = process.env.INIT_ROOT_EMAIL ?? 'admin@nocobase.com';
const ROOT_PASSWORD = process.env.INIT_ROOT_PASSWORD ?? 'admin123';

const log = (line: string): void => void process.stderr.write(`${line}\n`);

// ───────────────────────────── processes ─────────────────────────────

interface Emulator {
  url: string;
  child: ChildProcess;
}

/** The emulator's own CLI in a child process, with the bench seed written to a temp file. */
function startEmulator(seedDir: string): Promise<Emulator> {
  const seedPath = path.join(seedDir, 'wecom-seed.json');
  writeFileSync(seedPath, JSON.stringify(EMULATOR_SEED));
  const child = fork(path.join(ROOT, 'packages/wecom-emulator/src/cli.ts'), ['--port', '0', '--seed', seedPath], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the WeCom emulator did not start within 30 s')), 30_000);
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], child });
      }
    });
    child.once('exit', (code) => reject(new Error(`the WeCom emulator exited with code ${code}: ${out}`)));
  });
}

interface NocoBase {
  url: string;
  database: string;
  child: ChildProcess;
  /** NocoBase's CPU time so far (user + system), in microseconds. */
  cpu(): Promise<number>;
  stop(): Promise<void>;
}

function startNocoBase(dialect: 'sqlite' | 'postgres', emulatorUrl: string, pgDatabase?: string): Promise<NocoBase> {
  const child = fork(path.join(__dirname, 'server.ts'), [dialect, emulatorUrl, ...(pgDatabase ? [pgDatabase] : [])], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const cpu = (): Promise<number> =>
    new Promise((resolve) => {
      const onMessage = (message: { cpu?: NodeJS.CpuUsage }): void => {
        if (!message.cpu) return;
        child.off('message', onMessage);
        resolve(message.cpu.user + message.cpu.system);
      };
      child.on('message', onMessage);
      child.send('cpu');
    });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.send('stop');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`NocoBase (${dialect}) did not start within 150 s`)), 150_000);
    child.on('message', (message: { ready?: { url: string; database: string } }) => {
      if (!message.ready) return;
      clearTimeout(timer);
      resolve({ ...message.ready, child, cpu, stop });
    });
    child.once('exit', (code) => reject(new Error(`NocoBase (${dialect}) exited with code ${code} while starting`)));
  });
}

// ───────────────────────────── PostgreSQL ─────────────────────────────

async function adminQuery(sql: string): Promise<void> {
  const { Sequelize } = await import('sequelize');
  const sequelize = new Sequelize(POSTGRES.database, POSTGRES.username, POSTGRES.password, {
    host: POSTGRES.host,
    port: POSTGRES.port,
    dialect: 'postgres',
    logging: false,
  });
  try {
    await sequelize.query(sql);
  } finally {
    await sequelize.close();
  }
}

/**
 * NocoBase's install drops every table of the database it installs into, so the bench uses a database of its own
 * (created through `test`, dropped afterwards) rather than `test`, which the cluster tests install into. Where it
 * may not create one, it falls back to `test`.
 */
async function preparePostgres(): Promise<{ database: string; created: boolean } | string> {
  if (!(await reachable(POSTGRES.port))) return 'nothing listens on 127.0.0.1:5432';
  try {
    await adminQuery('SELECT 1');
  } catch (error) {
    return `cannot connect to database "${POSTGRES.database}" as ${POSTGRES.username}: ${(error as Error).message}`;
  }
  try {
    await adminQuery(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${BENCH_DATABASE}`);
    return { database: BENCH_DATABASE, created: true };
  } catch (error) {
    log(`  (cannot create database ${BENCH_DATABASE}: ${(error as Error).message}; using "${POSTGRES.database}")`);
    return { database: POSTGRES.database, created: false };
  }
}

// ───────────────────────────── the browser side ─────────────────────────────

/** One browser's cookies for NocoBase. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  absorb(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';', 1)[0];
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

class SignInFailure extends Error {}

async function expectOk(response: Response, what: string): Promise<Record<string, unknown>> {
  const text = await response.text();
  if (response.status !== 200) throw new SignInFailure(`${what}: HTTP ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** `POST wecom:getAuthUrl` → the WeCom page's URL; the flow cookie goes into the jar. */
async function getAuthUrl(nb: string, jar: CookieJar): Promise<string> {
  const response = await fetch(`${nb}/wecom:getAuthUrl`, {
    method: 'POST',
    headers: { 'X-Authenticator': AUTHENTICATOR, 'User-Agent': PC_UA, 'Content-Type': 'application/json', Cookie: jar.header() },
    body: '{}',
  });
  jar.absorb(response);
  const body = await expectOk(response, 'wecom:getAuthUrl');
  return String((body.data as { url: string }).url);
}

/** The WeCom side: the emulator's web-login page, "scanned" as MEMBER → NocoBase's callback path and query. */
async function passWeCom(wecomUrl: string): Promise<string> {
  const url = new URL(wecomUrl);
  url.searchParams.set('emulator_userid', MEMBER);
  const response = await fetch(url, { redirect: 'manual', headers: { 'User-Agent': PC_UA } });
  await response.arrayBuffer();
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new SignInFailure(`WeCom page: HTTP ${response.status}, no redirect`);
  const back = new URL(location);
  if (back.origin !== ORIGIN) throw new SignInFailure(`WeCom page redirected to ${location}`);
  return `${back.pathname.replace(/^\/api/, '')}${back.search}`;
}

/** `GET wecom:callback?code&state` → the hand-off code from its 302. */
async function callback(nb: string, jar: CookieJar, callbackPath: string): Promise<string> {
  const response = await fetch(`${nb}${callbackPath}`, { redirect: 'manual', headers: { 'User-Agent': PC_UA, Cookie: jar.header() } });
  jar.absorb(response);
  await response.arrayBuffer();
  const location = response.headers.get('location') ?? '';
  const landed = new URL(location, ORIGIN);
  const code = landed.searchParams.get('wecom_handoff');
  if (response.status !== 302 || !code || landed.searchParams.get('authenticator') !== AUTHENTICATOR || landed.searchParams.has('error')) {
    throw new SignInFailure(`wecom:callback: HTTP ${response.status} → ${location.slice(0, 200)}`);
  }
  return code;
}

/** `POST wecom:redeem { code }` → NocoBase's token. */
async function redeem(nb: string, jar: CookieJar, code: string): Promise<string> {
  const response = await fetch(`${nb}/wecom:redeem`, {
    method: 'POST',
    headers: { 'User-Agent': PC_UA, 'Content-Type': 'application/json', Cookie: jar.header() },
    body: JSON.stringify({ code }),
  });
  jar.absorb(response);
  const body = await expectOk(response, 'wecom:redeem');
  const token = (body.data as { token?: unknown } | undefined)?.token;
  if (typeof token !== 'string' || token === '') throw new SignInFailure('wecom:redeem: no token');
  return token;
}

interface Timed {
  token: string;
  /** Time spent in NocoBase's requests (the WeCom page excluded), ms. */
  serverMs: number;
  /** From the first request to the token, WeCom page included, ms. */
  totalMs: number;
}

async function wecomSignIn(nb: string): Promise<Timed> {
  const jar = new CookieJar();
  const t0 = performance.now();
  const wecomUrl = await getAuthUrl(nb, jar);
  const t1 = performance.now();
  const callbackPath = await passWeCom(wecomUrl);
  const t2 = performance.now();
  const token = await redeem(nb, jar, await callback(nb, jar, callbackPath));
  const t3 = performance.now();
  return { token, serverMs: t1 - t0 + (t3 - t2), totalMs: t3 - t0 };
}

async function passwordSignIn(nb: string): Promise<Timed> {
  const t0 = performance.now();
  const response = await fetch(`${nb}/auth:signIn`, {
    method: 'POST',
    headers: { 'X-Authenticator': 'basic', 'User-Agent': PC_UA, 'Content-Type': 'application/json' },
    body: JSON.stringify({ account: ROOT_ACCOUNT, password: ROOT_PASSWORD }),
  });
  const body = await expectOk(response, 'auth:signIn');
  const token = (body.data as { token?: unknown } | undefined)?.token;
  if (typeof token !== 'string' || token === '') throw new SignInFailure('auth:signIn: no token');
  const ms = performance.now() - t0;
  return { token, serverMs: ms, totalMs: ms };
}

/** Whose token it is, as NocoBase sees it. */
async function whoAmI(nb: string, token: string, authenticator: string): Promise<string> {
  const response = await fetch(`${nb}/auth:check`, { headers: { Authorization: `Bearer ${token}`, 'X-Authenticator': authenticator } });
  const body = await expectOk(response, 'auth:check');
  const user = body.data as { nickname?: string; email?: string } | undefined;
  return String(user?.nickname ?? user?.email ?? '(nobody)');
}

// ───────────────────────────── emulator call log ─────────────────────────────

async function clearCalls(emulator: string): Promise<void> {
  await (await fetch(`${emulator}/__emulator/calls`, { method: 'DELETE' })).arrayBuffer();
}

async function apiCalls(emulator: string): Promise<string[]> {
  const body = (await (await fetch(`${emulator}/__emulator/calls`)).json()) as { calls: Array<{ path: string }> };
  return body.calls.map((call) => call.path).filter((p) => p.startsWith('/cgi-bin/'));
}

// ───────────────────────────── measurements ─────────────────────────────

type Kind = 'wecom' | 'password';

interface Series {
  cpuMicros: number;
  count: number;
  serverMs: number[];
  totalMs: number[];
}

function percentile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

interface Burst {
  succeeded: number;
  failures: string[];
  seconds: number;
  perSecond: number;
  cpuMsPerSignIn: number;
  apiCalls: number;
  gettoken: number;
  calls: Record<string, number>;
}

interface DatabaseResult {
  database: string;
  wecom: Series;
  password: Series;
  idleCpuMsPerSecond: number;
  breakdown: { getAuthUrl: number; callback: number; redeem: number };
  burst: Burst;
  gettokenWholeRun: number;
}

/**
 * NocoBase's CPU while nobody calls it (timers, pools, background compilation), in ms per wall-clock second: the
 * median of a few short windows, so one GC pause does not decide it.
 */
async function idleCpuRate(nb: NocoBase): Promise<number> {
  const rates: number[] = [];
  for (let i = 0; i < 5; i++) {
    const before = await nb.cpu();
    const t0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 300));
    rates.push(((await nb.cpu()) - before) / 1000 / ((performance.now() - t0) / 1000));
  }
  return percentile(rates, 0.5);
}

async function runBatch(nb: NocoBase, kind: Kind, count: number, series: Series, idleMsPerSecond: number): Promise<void> {
  const signIn = kind === 'wecom' ? wecomSignIn : passwordSignIn;
  const before = await nb.cpu();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const timed = await signIn(nb.url);
    series.serverMs.push(timed.serverMs);
    series.totalMs.push(timed.totalMs);
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  // The idle share (NocoBase's timers) would otherwise be billed to whichever kind takes longer in wall time.
  series.cpuMicros += Math.max(0, (await nb.cpu()) - before - idleMsPerSecond * 1000 * wallSeconds);
  series.count += count;
}

/** NocoBase's CPU per request of a WeCom sign-in, sampled around each request (not part of the main figures). */
async function wecomBreakdown(nb: NocoBase, count: number): Promise<{ getAuthUrl: number; callback: number; redeem: number }> {
  let getAuthUrlMicros = 0;
  let callbackMicros = 0;
  let redeemMicros = 0;
  for (let i = 0; i < count; i++) {
    const jar = new CookieJar();
    const c0 = await nb.cpu();
    const wecomUrl = await getAuthUrl(nb.url, jar);
    const c1 = await nb.cpu();
    const callbackPath = await passWeCom(wecomUrl);
    const c2 = await nb.cpu();
    const code = await callback(nb.url, jar, callbackPath);
    const c3 = await nb.cpu();
    await redeem(nb.url, jar, code);
    const c4 = await nb.cpu();
    getAuthUrlMicros += c1 - c0 + (c2 - c1); // what NocoBase does while the browser is at WeCom belongs to getAuthUrl
    callbackMicros += c3 - c2;
    redeemMicros += c4 - c3;
  }
  return { getAuthUrl: getAuthUrlMicros / 1000 / count, callback: callbackMicros / 1000 / count, redeem: redeemMicros / 1000 / count };
}

async function inPool<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await task(index);
      }
    }),
  );
  return results;
}

async function runBurst(nb: NocoBase, emulator: string): Promise<Burst> {
  // Each pending sign-in: its own browser (cookie jar) that has been to WeCom and now holds the callback URL.
  const pending = await inPool(BURST, PREPARE_CONCURRENCY, async () => {
    const jar = new CookieJar();
    return { jar, callbackPath: await passWeCom(await getAuthUrl(nb.url, jar)) };
  });
  await clearCalls(emulator);
  const cpuBefore = await nb.cpu();
  const t0 = performance.now();
  const outcomes = await Promise.all(
    pending.map(async ({ jar, callbackPath }) => {
      try {
        await redeem(nb.url, jar, await callback(nb.url, jar, callbackPath));
        return undefined;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpuMicros = (await nb.cpu()) - cpuBefore;
  const calls = await apiCalls(emulator);
  const failures = outcomes.filter((outcome): outcome is string => outcome !== undefined);
  const succeeded = BURST - failures.length;
  const byPath: Record<string, number> = {};
  for (const call of calls) byPath[call] = (byPath[call] ?? 0) + 1;
  return {
    succeeded,
    failures,
    seconds,
    perSecond: succeeded / seconds,
    cpuMsPerSignIn: cpuMicros / 1000 / BURST,
    apiCalls: calls.length,
    gettoken: byPath['/cgi-bin/gettoken'] ?? 0,
    calls: byPath,
  };
}

async function runDatabase(dialect: 'sqlite' | 'postgres', emulator: string, pgDatabase?: string): Promise<DatabaseResult> {
  const started = performance.now();
  const nb = await startNocoBase(dialect, emulator, pgDatabase);
  log(`  ${nb.database}: NocoBase up in ${((performance.now() - started) / 1000).toFixed(1)} s at ${nb.url}`);
  try {
    await clearCalls(emulator);
    // Warm-up (not counted): JIT, caches, the access token. Also checks each sign-in yields the right user.
    const wecomUser = await whoAmI(nb.url, (await wecomSignIn(nb.url)).token, AUTHENTICATOR);
    const passwordUser = await whoAmI(nb.url, (await passwordSignIn(nb.url)).token, 'basic');
    if (wecomUser !== '张三') throw new Error(`a WeCom sign-in as ${MEMBER} gave a token for ${wecomUser}`);
    log(`  warm-up: WeCom sign-in → ${wecomUser}, password sign-in → ${passwordUser}`);
    for (let i = 1; i < WARMUP; i++) {
      await wecomSignIn(nb.url);
      await passwordSignIn(nb.url);
    }

    const idle = await idleCpuRate(nb);
    const wecom: Series = { cpuMicros: 0, count: 0, serverMs: [], totalMs: [] };
    const password: Series = { cpuMicros: 0, count: 0, serverMs: [], totalMs: [] };
    // Alternating batches, the order flipped every round, so machine noise and GC hit both kinds alike.
    const t0 = performance.now();
    for (let round = 0; wecom.count < SIGNINS || password.count < SIGNINS; round++) {
      const order: Kind[] = round % 2 === 0 ? ['wecom', 'password'] : ['password', 'wecom'];
      for (const kind of order) {
        const series = kind === 'wecom' ? wecom : password;
        const count = Math.min(BATCH, SIGNINS - series.count);
        if (count > 0) await runBatch(nb, kind, count, series, idle);
      }
    }
    log(`  ${SIGNINS} + ${SIGNINS} sign-ins in ${((performance.now() - t0) / 1000).toFixed(1)} s; idle NocoBase CPU ${idle.toFixed(2)} ms/s (subtracted)`);
    const breakdown = await wecomBreakdown(nb, BREAKDOWN);
    const gettokenSoFar = (await apiCalls(emulator)).filter((p) => p === '/cgi-bin/gettoken').length;

    const b0 = performance.now();
    const burst = await runBurst(nb, emulator);
    log(`  burst of ${BURST}: ${burst.succeeded} succeeded in ${burst.seconds.toFixed(2)} s (prepared and fired in ${((performance.now() - b0) / 1000).toFixed(1)} s)`);
    for (const failure of burst.failures.slice(0, 5)) log(`    failed: ${failure}`);
    return { database: nb.database, wecom, password, idleCpuMsPerSecond: idle, breakdown, burst, gettokenWholeRun: gettokenSoFar + burst.gettoken };
  } finally {
    await nb.stop();
  }
}

// ───────────────────────────── report ─────────────────────────────

const cpuMs = (series: Series): number => series.cpuMicros / 1000 / series.count;
const f = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : '–');

function table(results: DatabaseResult[]): string {
  const rows: Array<[string, ...string[]]> = [
    ['', ...results.map((r) => r.database)],
    ['WeCom sign-in, CPU ms/sign-in', ...results.map((r) => f(cpuMs(r.wecom)))],
    ['  split: getAuthUrl / callback / redeem †', ...results.map((r) => `${f(r.breakdown.getAuthUrl, 1)} / ${f(r.breakdown.callback, 1)} / ${f(r.breakdown.redeem, 1)}`)],
    ['password sign-in, CPU ms/sign-in', ...results.map((r) => f(cpuMs(r.password)))],
    ['ratio WeCom / password (CPU)', ...results.map((r) => `${f(cpuMs(r.wecom) / cpuMs(r.password))}×`)],
    ['WeCom sign-in p50 / p95 ms *', ...results.map((r) => `${f(percentile(r.wecom.serverMs, 0.5), 1)} / ${f(percentile(r.wecom.serverMs, 0.95), 1)}`)],
    ['password sign-in p50 / p95 ms', ...results.map((r) => `${f(percentile(r.password.serverMs, 0.5), 1)} / ${f(percentile(r.password.serverMs, 0.95), 1)}`)],
    ['WeCom end-to-end p50 / p95 ms **', ...results.map((r) => `${f(percentile(r.wecom.totalMs, 0.5), 1)} / ${f(percentile(r.wecom.totalMs, 0.95), 1)}`)],
    [`burst: succeeded / ${BURST}`, ...results.map((r) => `${r.burst.succeeded} / ${BURST}`)],
    ['burst: sign-ins/s (callback + redeem)', ...results.map((r) => f(r.burst.perSecond, 0))],
    ['burst: NocoBase CPU ms/sign-in', ...results.map((r) => f(r.burst.cpuMsPerSignIn))],
    ['burst: WeCom API calls/sign-in', ...results.map((r) => f(r.burst.apiCalls / BURST))],
    ['burst: gettoken calls (whole run)', ...results.map((r) => `${r.burst.gettoken} (${r.gettokenWholeRun})`)],
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]): string => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[0]) : cell.padStart(widths[column]))).join('   ');
  const rule = '─'.repeat(widths.reduce((sum, width) => sum + width, 0) + 3 * (widths.length - 1));
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `WeCom sign-in benchmark: a returning (bound) member's PC sign-in (getAuthUrl → WeCom page → callback → redeem) ` +
      `vs NocoBase's password sign-in (auth:signIn); ${SIGNINS} of each after ${WARMUP} warm-up, in alternating batches of ${BATCH}; ` +
      `then ${BURST} concurrent callbacks + redeems.`,
  );
  const scratch = mkdtempSync(path.join(tmpdir(), 'wecom-signin-bench-'));
  const emulator = await startEmulator(scratch);
  const results: DatabaseResult[] = [];
  let postgresNote: string;
  try {
    log('SQLite:');
    results.push(await runDatabase('sqlite', emulator.url));
    const pg = await preparePostgres();
    if (typeof pg === 'string') {
      postgresNote = `PostgreSQL not reachable: skipped (${pg}).`;
      log(postgresNote);
    } else {
      log('PostgreSQL:');
      try {
        results.push(await runDatabase('postgres', emulator.url, pg.database));
      } finally {
        if (pg.created) await adminQuery(`DROP DATABASE IF EXISTS ${pg.database} WITH (FORCE)`).catch(() => undefined);
      }
      postgresNote = `PostgreSQL: ran on 127.0.0.1:5432 (database ${pg.database}${pg.created ? `, created through "${POSTGRES.database}" for the run and dropped afterwards` : ''}).`;
    }
  } finally {
    emulator.child.kill('SIGTERM');
    rmSync(scratch, { recursive: true, force: true });
  }

  console.log('');
  console.log(table(results));
  console.log('  * time in NocoBase\'s requests (getAuthUrl + callback + redeem; the callback includes NocoBase\'s call to WeCom\'s auth/getuserinfo), sequential, one at a time');
  console.log('  ** the same plus the browser\'s visit to the WeCom page (the emulator)');
  console.log(`  † NocoBase CPU ms per request, from a separate pass of ${BREAKDOWN} WeCom sign-ins sampled request by request`);
  console.log(postgresNote);
  for (const r of results) {
    const ratio = cpuMs(r.wecom) / cpuMs(r.password);
    console.log(
      `${r.database}: "the hand-off makes a WeCom sign-in cost no more than a password sign-in" ${ratio <= 1 ? 'HELD' : 'DID NOT HOLD'}: ` +
        `${f(cpuMs(r.wecom))} vs ${f(cpuMs(r.password))} CPU ms per sign-in, ratio ${f(ratio)} (${ratio <= 1 ? '≤' : '>'} 1.0).`,
    );
  }
  const lost = results.reduce((sum, r) => sum + (BURST - r.burst.succeeded), 0);
  for (const r of results) {
    const other = Object.entries(r.burst.calls).filter(([p]) => p !== '/cgi-bin/auth/getuserinfo' && p !== '/cgi-bin/gettoken');
    if (other.length > 0) console.log(`${r.database}: burst WeCom calls besides getuserinfo/gettoken: ${other.map(([p, n]) => `${p} ×${n}`).join(', ')}`);
  }
  console.log(
    `burst: ${lost === 0 ? `no sign-in lost (${results.length} × ${BURST})` : `${lost} sign-ins LOST`}. ` +
      `NocoBase: createMockServer with ACL, plugins error-handler, field-sort, users, auth, acl, data-source-manager, system-settings, auth-wecom. ` +
      `${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)}; ${((performance.now() - started) / 1000).toFixed(0)} s in all.`,
  );
  if (lost > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
