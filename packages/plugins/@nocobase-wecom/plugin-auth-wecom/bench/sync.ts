/**
 * `npm run bench:sync`: a full directory sync of a generated corp (10,000 members in 300 departments by default)
 * into NocoBase, then a re-sync with nothing changed, on SQLite and (when reachable) PostgreSQL. Prints the WeCom
 * calls, the wall time of each run split into our part (reading WeCom, planning, the binding resource) and
 * NocoBase's pipeline (plugin-user-data-sync's records and the users and departments resources), and the peak
 * RSS growth. Goals on a 2-core machine: first sync ≤ 120 s, re-sync ≤ 20 s, RSS growth ≤ 300 MB.
 *
 * Env: BENCH_MEMBERS (10000), BENCH_DEPARTMENTS (300), BENCH_DIALECTS (sqlite,postgres).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { reachable } from '../../../../../scripts/lib/reachable.mjs';
import { inProcessBench } from './in-process';
import { POSTGRES } from './seed';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
const DEPARTMENTS = Number(process.env.BENCH_DEPARTMENTS ?? 300);
const DIALECTS = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',');
const CORP_ID = 'wwsyncbench00001';
const AGENT_ID = '1000002';
const SECRET = 'sync-bench-secret-0123456789abcdef';
const CONTACTS_SECRET = 'sync-bench-contacts-0123456789abcdef';
const SOURCE = 'wecom-directory';

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** Root 1; then 3 levels: a tenth of the departments under the root, the rest spread below them. */
function generatedSeed() {
  const departments = [{ id: 1, name: 'Bench Corp', parentid: 0, order: 1 }];
  const top = Math.max(1, Math.floor(DEPARTMENTS / 10));
  for (let id = 2; id <= DEPARTMENTS; id++) {
    const parentid = id <= top + 1 ? 1 : 2 + ((id * 7) % top);
    departments.push({ id, name: `Department ${id}`, parentid, order: id });
  }
  const members = Array.from({ length: MEMBERS }, (_, i) => {
    const first = 1 + (i % DEPARTMENTS);
    const department = i % 5 === 0 && DEPARTMENTS > 1 ? [first, 1 + ((i * 13) % DEPARTMENTS)].filter((d, k, all) => all.indexOf(d) === k) : [first];
    return {
      userid: `member${i}`,
      name: `成员${i}`,
      ...(i % 20 === 0 ? {} : { mobile: `139${String(i).padStart(8, '0')}` }),
      department,
      isLeaderInDept: department.map((_, k) => (k === 0 && i % 37 === 0 ? 1 : 0)) as (0 | 1)[],
    };
  });
  return {
    corps: [
      {
        corpId: CORP_ID,
        contactsSecret: CONTACTS_SECRET,
        apps: [{ agentId: AGENT_ID, secret: SECRET, createdAt: '2023-01-01T00:00:00+08:00', visibleUserIds: 'all' as const }],
        departments,
        members,
      },
    ],
  };
}

/** Peak RSS above the level at `start()`, sampled every 50 ms. */
function rssMeter() {
  let base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return {
    start() {
      base = process.memoryUsage().rss;
      peak = base;
    },
    growthMb: () => (Math.max(peak, process.memoryUsage().rss) - base) / 1024 / 1024,
    stop: () => clearInterval(timer),
  };
}

interface Timed {
  [resource: string]: number;
}

/** Wraps each sync resource so the time NocoBase's resources and ours spend is counted apart. */
function timeResources(resources: { name: string; create: (...args: unknown[]) => Promise<unknown>; update: (...args: unknown[]) => Promise<unknown> }[]): Timed {
  const spent: Timed = {};
  for (const resource of resources) {
    for (const method of ['create', 'update'] as const) {
      const original = resource[method].bind(resource);
      resource[method] = async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await original(...args);
        } finally {
          spent[resource.name] = (spent[resource.name] ?? 0) + performance.now() - started;
        }
      };
    }
  }
  return spent;
}

async function benchDialect(dialect: string) {
  const { storage, createMockServer, startWeComEmulator, PluginAuthWeComServer } = await inProcessBench('sync');
  const { pullSource } = await import('../src/server/sync/pull');
  const { userDataSyncPlugin } = await import('../src/server/sync/register');
  const { takeTally, tallyOf } = await import('../src/server/sync/tally');
  const { applyRecords } = await import('../src/server/sync/apply-records');
  const { bindAppliedMembers } = await import('../src/server/sync/record-bindings');

  const emulator = await startWeComEmulator({ seed: generatedSeed() as never });
  const database = dialect === 'postgres' ? { dialect: 'postgres', ...POSTGRES, tablePrefix: 'wecom_syncbench_' } : { dialect: 'sqlite', storage: path.join(storage, 'bench.sqlite') };
  const app = await createMockServer({
    database,
    plugins: ['error-handler', 'field-sort', 'users', 'auth', 'acl', 'data-source-manager', 'system-settings', 'user-data-sync', 'departments', PluginAuthWeComServer],
  } as never);
  await app.db.getRepository('authenticators').create({
    values: { name: 'wecom', authType: 'WeCom', enabled: true, options: { wecom: { corpId: CORP_ID, agentId: AGENT_ID, secret: SECRET, origin: 'http://localhost', apiBaseUrl: emulator.url } } },
  });
  await app.db.getRepository('userDataSyncSources').create({
    values: { name: SOURCE, sourceType: 'wecom', enabled: true, options: { authenticator: 'wecom', contactsSecret: CONTACTS_SECRET } },
  });
  const plugin = userDataSyncPlugin(app)!;
  const manager = (plugin as unknown as { resourceManager: { resources: { nodes: never[] }; updateOrCreate(data: unknown): Promise<unknown> } }).resourceManager;
  const spent = timeResources(manager.resources.nodes);
  // The bindings are ours, timed around their call below.
  const rss = rssMeter();

  const run = async (label: string) => {
    emulator.clearCalls();
    for (const key of Object.keys(spent)) delete spent[key];
    rss.start();
    const started = performance.now();
    const { data } = await pullSource(app, SOURCE);
    const tally0 = tallyOf(SOURCE);
    const pulled = performance.now();
    // What the source's pull() does after reading: NocoBase's pipeline, in chunks (see src/server/sync/source.ts).
    let binding = 0;
    await applyRecords(app, manager as never, data, {
      afterMembers: async (records) => {
        const started = performance.now();
        await bindAppliedMembers(app, SOURCE, 'wecom', records, tally0);
        binding += performance.now() - started;
      },
    });
    spent.wecomBindings = binding;
    const ended = performance.now();
    const tally = takeTally(SOURCE);
    const calls = emulator.calls().filter((call) => call.path.startsWith('/cgi-bin/') && call.path !== '/cgi-bin/gettoken').length;
    const records = data.reduce((n, item) => n + item.records.length, 0);
    const apply = ended - pulled;
    const ours = pulled - started + (spent.wecomBindings ?? 0);
    const theirs = apply - (spent.wecomBindings ?? 0);
    log(
      `${dialect.padEnd(8)} ${label.padEnd(16)} wall ${((ended - started) / 1000).toFixed(1).padStart(6)} s | ours ${(ours / 1000).toFixed(1).padStart(6)} s (read+plan ${((pulled - started) / 1000).toFixed(1)} s, bindings ${((spent.wecomBindings ?? 0) / 1000).toFixed(1)} s) | NocoBase ${(theirs / 1000).toFixed(1).padStart(6)} s (users ${((spent.users ?? 0) / 1000).toFixed(1)} s, departments ${((spent.departments ?? 0) / 1000).toFixed(1)} s, records ${((theirs - (spent.users ?? 0) - (spent.departments ?? 0)) / 1000).toFixed(1)} s) | WeCom calls ${calls} (limit ${1 + DEPARTMENTS}) | records ${records} | RSS +${rss.growthMb().toFixed(0)} MB | created ${tally?.created} bound ${tally?.bound} unchanged ${tally?.unchanged}`,
    );
    return { wall: (ended - started) / 1000, calls, rss: rss.growthMb() };
  };

  const first = await run('first sync');
  const again = await run('no-change sync');
  rss.stop();
  await app.destroy();
  await emulator.close();
  rmSync(storage, { recursive: true, force: true });
  return { first, again };
}

async function main() {
  log(`bench:sync — ${MEMBERS} members in ${DEPARTMENTS} departments`);
  const results: Record<string, Awaited<ReturnType<typeof benchDialect>>> = {};
  for (const dialect of DIALECTS) {
    if (dialect === 'postgres' && !(await reachable(POSTGRES.port))) {
      log(`postgres: not reachable on 127.0.0.1:${POSTGRES.port}, skipped`);
      continue;
    }
    results[dialect] = await benchDialect(dialect);
  }
  for (const [dialect, { first, again }] of Object.entries(results)) {
    const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
    log(
      `${dialect}: first sync ${first.wall.toFixed(1)} s (goal ≤ 120: ${verdict(first.wall <= 120)}), re-sync ${again.wall.toFixed(1)} s (goal ≤ 20: ${verdict(again.wall <= 20)}), WeCom calls ${first.calls} (≤ ${1 + DEPARTMENTS}: ${verdict(first.calls <= 1 + DEPARTMENTS)}), RSS +${Math.max(first.rss, again.rss).toFixed(0)} MB (goal ≤ 300: ${verdict(Math.max(first.rss, again.rss) <= 300)})`,
    );
  }
  process.exit(0);
}

main().catch((error) => {
  log(String(error?.stack ?? error));
  process.exit(1);
});
