// `npm start`: builds the workspace, then runs NocoBase (with the plugin) and the WeCom emulator together.
// One Ctrl-C stops both.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedNocoBaseDemo } from './lib/demo-seed.mjs';
import { loadDotEnv } from './lib/dotenv-file.mjs';
import { assertPortFree } from './lib/ports.mjs';
import { forwardOutput, startGroup, stopGroup, waitForHttp } from './lib/processes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const { created } = loadDotEnv(root);
const appPort = Number(process.env.APP_PORT || 13000);
const emulatorPort = Number(process.env.WECOM_EMULATOR_PORT || 13001);
const appUrl = `http://127.0.0.1:${appPort}`;
const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
const children = [];
let stopping = false;

function fail(message) {
  process.stderr.write(`\n✖ ${message}\n`);
  return shutdown(1);
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  await Promise.all(children.map((child) => stopGroup(child)));
  process.exit(code);
}

process.on('SIGINT', () => {
  process.stdout.write('\nStopping NocoBase and the WeCom emulator…\n');
  void shutdown(0);
});
process.on('SIGTERM', () => void shutdown(0));

try {
  await assertPortFree(appPort, 'NocoBase, APP_PORT');
  await assertPortFree(emulatorPort, 'WeCom emulator, WECOM_EMULATOR_PORT');
} catch (error) {
  process.stderr.write(`✖ ${error.message}\n`);
  process.exit(1);
}

if (created) process.stdout.write('Created .env from .env.example (with a fresh APP_KEY).\n');
process.stdout.write('Building the plugin…\n');
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });

// The demo corp trusts the app's host:port; follow APP_PORT when it is not the default.
const seedFile = path.join(root, 'storage', 'wecom-emulator-seed.json');
fs.mkdirSync(path.dirname(seedFile), { recursive: true });
fs.writeFileSync(
  seedFile,
  fs.readFileSync(path.join(root, 'demo', 'wecom-seed.json'), 'utf8').replace(/(127\.0\.0\.1|localhost):13000/g, `$1:${appPort}`),
);

const emulator = startGroup(bin('tsx'), [path.join(root, 'packages/wecom-emulator/src/cli.ts'), '--port', String(emulatorPort), '--seed', seedFile], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
});
children.push(emulator);

const nocobase = startGroup(bin('nocobase-v1'), ['start', '--quickstart', '--launch-mode', 'node'], {
  cwd: root,
  env: { ...process.env, APP_PORT: String(appPort) },
  stdio: ['ignore', 'pipe', 'pipe'],
});
children.push(nocobase);
// While NocoBase boots it answers (and logs) 503 "APP_COMMANDING" to our health checks; that is expected.
forwardOutput(nocobase, [/"code":"APP_COMMANDING"/, /Removing intrinsics|Removing unpermitted intrinsics/, /PubSubManager\] adapter is not exist/]);

for (const [child, name] of [
  [emulator, 'The WeCom emulator'],
  [nocobase, 'NocoBase'],
]) {
  void child.exited.then(({ code, signal }) => {
    if (!stopping) void fail(`${name} stopped unexpectedly (${signal ?? `exit code ${code}`}).`);
  });
}

try {
  await waitForHttp(`${emulatorUrl}/__emulator/calls`, { child: emulator, timeoutMs: 30_000 });
  await waitForHttp(`${appUrl}/api/__health_check`, { expect: 'ok', child: nocobase });
} catch (error) {
  await fail(`Could not start: ${error.message}`);
}

const account = process.env.INIT_ROOT_EMAIL || 'admin@nocobase.com';
const password = process.env.INIT_ROOT_PASSWORD || 'admin123';
try {
  const changes = await seedNocoBaseDemo({ root, appUrl, emulatorUrl, account, password });
  for (const change of changes) process.stdout.write(`Demo: ${change}\n`);
} catch (error) {
  process.stdout.write(`Demo set-up skipped: ${error.message}\n`);
}

process.stdout.write(`
────────────────────────────────────────────────────────────────────────
 NocoBase        ${appUrl}/signin   (${account} / ${password === 'admin123' ? 'admin123' : '…'})
 WeCom emulator  ${emulatorUrl}

 Try it:
  • Inside WeCom (first sign-in): open ${appUrl}/admin with a WeCom User-Agent, e.g.
    chromium --user-agent="Mozilla/5.0 (iPhone) Mobile wxwork/4.1.30 MicroMessenger/7.0.1" ${appUrl}/admin
    pick 张三, consent once — signed in as the NocoBase user zhangsan (matched by phone).
    李四 has no account yet (auto sign-up); 王五 is disabled in WeCom;
    赵六 is outside the app's visible range.
  • PC browser: open ${appUrl}/signin, click "Sign in with WeCom" and "scan" as 张三:
    works once 张三 has signed in inside WeCom (WeCom's web login gives no phone number).
  • Settings: Settings → Authentication → "wecom".

 Ctrl-C stops both.
────────────────────────────────────────────────────────────────────────
`);
