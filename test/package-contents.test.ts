import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** What an admin's NocoBase needs from the plugin's package. */
const PLUGIN_FILES = [
  'package.json',
  'server.js',
  'client.js',
  'client-v2.js',
  'dist/server/index.js',
  'dist/client/index.js',
  'dist/client-v2/index.js',
  'dist/externalVersion.js',
  'dist/locale/en-US.json',
  'dist/locale/zh-CN.json',
  'README.md',
  'LICENSE',
];

const pluginDir = path.resolve(__dirname, '../packages/plugins/@nocobase-wecom/plugin-auth-wecom');

interface PackEntry {
  files: { path: string }[];
}

describe('the tarball an admin uploads in the Plugin Manager', () => {
  // `npm pack` runs the `prepack` build first, so this checks what a release would really contain.
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: pluginDir, encoding: 'utf8' })) as PackEntry[];
  const files = pack.files.map((file) => file.path);

  it('ships the built server, both client lanes, the shims, locales, README and license', () => {
    for (const required of PLUGIN_FILES) expect(files).toContain(required);
  });

  it('ships no sources, tests, emulator or source maps', () => {
    const unwanted = files.filter(
      (file) => file.startsWith('src/') || file.includes('__tests__') || file.includes('emulator') || file.endsWith('.map') || file.endsWith('.test.js'),
    );
    expect(unwanted).toEqual([]);
  });
});

// In this file, not a file of its own: the release builds the plugin (which empties its dist/ first), and so does
// `npm pack --dry-run` above; vitest runs files in parallel, tests in one file one after another.
describe('npm run release: the tarballs an admin downloads from the GitHub release', () => {
  const root = path.resolve(__dirname, '..');
  const version = (dir: string): string => (JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8')) as { version: string }).version;
  const listing = (tarball: string): string[] =>
    execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((entry) => entry.replace(/^package\//, ''));

  const out = mkdtempSync(path.join(tmpdir(), 'wecom-release-'));
  const pluginTgz = path.join(out, `nocobase-wecom-plugin-auth-wecom-${version('packages/plugins/@nocobase-wecom/plugin-auth-wecom')}.tgz`);
  const emulatorTgz = path.join(out, `nocobase-wecom-wecom-emulator-${version('packages/wecom-emulator')}.tgz`);
  let stdout = '';
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes both tarballs to --out, says the tests were skipped, and prints their paths and sizes', () => {
    stdout = execFileSync(process.execPath, ['scripts/release.mjs', '--skip-tests', '--out', out], { cwd: root, encoding: 'utf8' });
    expect(stdout).toContain('NOT running `npm test`');
    expect(readdirSync(out).sort()).toEqual([path.basename(emulatorTgz), path.basename(pluginTgz)].sort());
    for (const tgz of [pluginTgz, emulatorTgz]) expect(stdout).toMatch(new RegExp(`${path.basename(tgz).replace(/\./g, '\\.')}\\s+\\d+\\.\\d kB`));
  });

  it('the plugin tarball has what NocoBase loads, and no sources or tests', () => {
    const files = listing(pluginTgz);
    for (const required of PLUGIN_FILES) expect(files).toContain(required);
    const unwanted = files.filter(
      (file) => file.startsWith('src/') || file.includes('__tests__') || (file.endsWith('.ts') && !file.endsWith('.d.ts')) || file.endsWith('.map') || file.endsWith('.test.js'),
    );
    expect(unwanted).toEqual([]);
  });

  it('the emulator tarball is a runnable package: built JavaScript with a wecom-emulator bin, no sources or tests', () => {
    const files = listing(emulatorTgz);
    for (const required of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts', 'dist/cli.js', 'dist/cli/run.js']) expect(files).toContain(required);
    expect(files.filter((file) => file.startsWith('src/') || file.includes('__tests__') || (file.endsWith('.ts') && !file.endsWith('.d.ts')))).toEqual([]);
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', emulatorTgz, 'package/package.json'], { encoding: 'utf8' }));
    expect(manifest).toMatchObject({ main: 'dist/index.js', types: 'dist/index.d.ts', bin: { 'wecom-emulator': 'dist/cli.js' } });
    expect(manifest.private).toBeUndefined();
    expect(manifest.dependencies ?? {}).toEqual({});
  });

  it('the unpacked emulator runs with plain node (no tsx, no node_modules) and takes --trust', async () => {
    const dir = mkdtempSync(path.join(out, 'emulator-'));
    execFileSync('tar', ['-xzf', emulatorTgz, '-C', dir]);
    const child = spawn(
      process.execPath,
      [path.join(dir, 'package/dist/cli.js'), '--port', '0', '--seed', path.join(root, 'demo/wecom-seed.json'), '--trust', 'nocobase.example.com:8443'],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 20_000;
      let match: RegExpExecArray | null = null;
      while (!(match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(match, output).not.toBeNull();
      expect(output).toContain('also: nocobase.example.com:8443');
      const response = await fetch(`${match?.[1]}/cgi-bin/gettoken?corpid=wwdemo0000000001&corpsecret=demo-secret-not-for-production`);
      expect(((await response.json()) as { errcode: number }).errcode).toBe(0);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
