// `npm test`: every check the project has, in order, with one summary line at the end.
// A suite that cannot run here (no Chromium, no PostgreSQL/Redis) says so loudly; under CI=true that is a failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { reachable } from './lib/reachable.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const resultsDir = path.join(root, 'test-results');
const inCI = process.env.CI === 'true' || process.env.CI === '1';
const only = process.argv.slice(2); // e.g. `npm test -- unit browser`

fs.rmSync(resultsDir, { recursive: true, force: true });
fs.mkdirSync(resultsDir, { recursive: true });

const steps = [];
const tally = { passed: 0, failed: 0, skipped: 0 };

function banner(lines) {
  const width = Math.max(...lines.map((line) => line.length)) + 4;
  const bar = '!'.repeat(width);
  process.stdout.write(`\n${bar}\n${lines.map((line) => `! ${line.padEnd(width - 4)} !`).join('\n')}\n${bar}\n\n`);
}

function run(name, command, args, env = {}) {
  process.stdout.write(`\n▶ ${name}: ${path.basename(command)} ${args.join(' ')}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  steps.push({ name, ok, seconds });
  return ok;
}

function countVitest(reportFile) {
  if (!fs.existsSync(reportFile)) return;
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  // From each test's own status: vitest 1's totals count an `it.skip` as passed.
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'passed') tally.passed += 1;
      else if (test.status === 'failed') tally.failed += 1;
      else tally.skipped += 1;
    }
  }
  // A file that failed before its tests ran (a syntax error, a failing hook) has no results of its own.
  for (const file of report.testResults ?? []) if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) tally.failed += 1;
}

function vitest(name, configArgs, reportName, env) {
  const reportFile = path.join(resultsDir, reportName);
  const ok = run(name, bin('vitest'), ['run', ...configArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`], env);
  countVitest(reportFile);
  return ok;
}

const wanted = (step) => only.length === 0 || only.includes(step);
const missing = [];

if (wanted('typecheck')) {
  run('typecheck (server, core, emulator, tests)', bin('tsc'), ['-p', 'tsconfig.json']);
  const clientConfig = 'packages/plugins/@nocobase-wecom/plugin-auth-wecom/tsconfig.client.json';
  if (fs.existsSync(path.join(root, clientConfig))) run('typecheck (client lanes)', bin('tsc'), ['-p', clientConfig, '--noEmit']);
}

if (wanted('lint')) run('lint', bin('eslint'), ['.']);

if (wanted('unit')) {
  const services = { postgres: await reachable(5432), redis: await reachable(6379) };
  const absent = Object.entries(services).filter(([, up]) => !up).map(([name]) => name);
  if (absent.length > 0) {
    missing.push(`PostgreSQL/Redis suites: ${absent.join(' and ')} not reachable on 127.0.0.1`);
    banner([
      `${absent.join(' and ')} not reachable on 127.0.0.1: the cluster suites (two NocoBase nodes`,
      'on PostgreSQL + Redis) will report themselves as NOT RUN below.',
      inCI ? 'CI requires them: this run fails.' : 'Start them to run everything (see README, "Tests").',
    ]);
  }
  vitest('emulator, WeCom core and plugin integration (NocoBase on SQLite)', [], 'vitest.json', {
    REQUIRE_SERVICES: inCI ? '1' : process.env.REQUIRE_SERVICES ?? '',
  });
}

if (wanted('browser')) {
  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (fs.existsSync(chromium)) {
    vitest('browser end-to-end (real NocoBase + emulator + Chromium)', ['-c', 'vitest.e2e.config.mts'], 'vitest-e2e.json');
  } else {
    missing.push(`browser suite: no Chromium at ${chromium}`);
    banner([
      `The browser suite did NOT run: no Chromium at ${chromium}.`,
      'Install it with `sudo apt-get install chromium` (or set CHROMIUM_PATH).',
    ]);
    steps.push({ name: 'browser end-to-end', ok: !inCI, seconds: '0.0', note: 'not run: no Chromium' });
  }
}

process.stdout.write('\n──────── summary ────────\n');
for (const step of steps) {
  process.stdout.write(`${step.ok ? '✔' : '✖'} ${step.name} (${step.seconds} s)${step.note ? ` — ${step.note}` : ''}\n`);
}
if (missing.length > 0) {
  process.stdout.write(`\nNot run here: ${missing.join('; ')}${inCI ? ' (required under CI)' : ''}\n`);
}
const failedSteps = steps.filter((step) => !step.ok).length;
process.stdout.write(`\ntests: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped\n`);
process.exit(failedSteps > 0 || tally.failed > 0 || (inCI && missing.length > 0) ? 1 : 0);
