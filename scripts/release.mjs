// `npm run release`: build, test, and write the tarballs an admin installs into release/.
//   --skip-tests   skip `npm test` (a quick local run, or CI after the tests already ran)
//   --out <dir>    write the tarballs there instead of release/
// Prints each tarball's path and size; exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORKSPACES = ['@nocobase-wecom/plugin-auth-wecom', '@nocobase-wecom/wecom-emulator'];
const USAGE = 'Usage: npm run release -- [--skip-tests] [--out <dir>]';

function fail(message) {
  process.stderr.write(`\n✖ release: ${message}\n`);
  process.exit(1);
}

let skipTests = false;
let outDir = path.join(root, 'release');
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  if (arg === '--skip-tests') skipTests = true;
  else if (arg === '--out') {
    const value = argv[++i];
    if (!value || value.startsWith('--')) fail(`--out needs a directory\n${USAGE}`);
    outDir = path.resolve(value);
  } else if (arg === '--help' || arg === '-h') {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  } else fail(`unknown argument ${arg}\n${USAGE}`);
}

function npm(args, options = {}) {
  process.stdout.write(`\n▶ npm ${args.join(' ')}\n`);
  const result = spawnSync('npm', args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) fail(`npm ${args[0]}: ${result.error.message}`);
  if (result.status !== 0) fail(`npm ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  return result;
}

npm(['run', 'build']);

if (skipTests) {
  process.stdout.write('\n! --skip-tests: NOT running `npm test`. Release only what has passed `npm test` (CI runs it before releasing).\n');
} else {
  npm(['test']);
}

fs.mkdirSync(outDir, { recursive: true });
const tarballs = [];
for (const workspace of WORKSPACES) {
  // Built just above; --ignore-scripts skips the prepack rebuild.
  const result = npm(['pack', '--workspace', workspace, '--pack-destination', outDir, '--ignore-scripts', '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  let entries;
  try {
    entries = JSON.parse(result.stdout);
  } catch {
    fail(`npm pack ${workspace} printed no JSON:\n${result.stdout}`);
  }
  for (const entry of entries) {
    const file = path.join(outDir, entry.filename);
    if (!fs.existsSync(file)) fail(`npm pack ${workspace} reported ${entry.filename}, which is not in ${outDir}`);
    tarballs.push({ file, size: fs.statSync(file).size, unpacked: entry.unpackedSize, count: entry.entryCount });
  }
}

const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
process.stdout.write(`\nRelease tarballs${skipTests ? ' (tests skipped)' : ''}:\n`);
for (const { file, size, unpacked, count } of tarballs) {
  process.stdout.write(`  ${path.relative(process.cwd(), file) || file}  ${kB(size)} (${count} files, ${kB(unpacked)} unpacked)\n`);
}
