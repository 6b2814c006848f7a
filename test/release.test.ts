import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { passSignInPage } from '@nocobase-wecom/wecom-emulator';
// @ts-expect-error plain ESM helpers shared with `npm start`
import { seedNocoBaseDemo } from '../scripts/lib/demo-seed.mjs';
// @ts-expect-error plain ESM helpers shared with `npm start`
import { startGroup, stopGroup } from '../scripts/lib/processes.mjs';
import { scratchDir, StockNocoBase } from './stock-nocobase';
// @ts-expect-error plain ESM helpers shared with `npm start`
import { freePort } from '../scripts/lib/ports.mjs';

const root = path.resolve(__dirname, '..');
const version = (dir: string): string => (JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8')) as { version: string }).version;

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
const out = mkdtempSync(path.join(tmpdir(), 'wecom-release-'));
const pluginTgz = path.join(out, `nocobase-wecom-plugin-auth-wecom-${version('packages/plugins/@nocobase-wecom/plugin-auth-wecom')}.tgz`);
const emulatorTgz = path.join(out, `nocobase-wecom-wecom-emulator-${version('packages/wecom-emulator')}.tgz`);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run release: the tarballs an admin downloads from the GitHub release', () => {
  const listing = (tarball: string): string[] =>
    execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((entry) => entry.replace(/^package\//, ''));

  let stdout = '';

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
    for (const required of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts', 'dist/cli.js', 'dist/cli/run.js', 'dist/demo-seed.json']) {
      expect(files).toContain(required);
    }
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
    const output = printedBy(child);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const match = await output.until(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      expect(output.text()).toContain('also: nocobase.example.com:8443');
      const response = await fetch(`${match[1]}/cgi-bin/gettoken?corpid=wwdemo0000000001&corpsecret=demo-secret-not-for-production`);
      expect(((await response.json()) as { errcode: number }).errcode).toBe(0);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

describe('npm publish --dry-run: both packages are ready for npm', () => {
  for (const [name, tarball] of [
    ['@nocobase-wecom/plugin-auth-wecom', () => pluginTgz],
    ['@nocobase-wecom/wecom-emulator', () => emulatorTgz],
  ] as const) {
    it(`${name}: public, and no warnings beyond not being signed in to npm`, () => {
      expect(existsSync(tarball()), 'the release test above writes the tarball').toBe(true);
      // Outside the workspace, as the release workflow publishes the tarballs.
      const result = spawnSync('npm', ['publish', tarball(), '--dry-run'], { cwd: tmpdir(), encoding: 'utf8' });
      const output = `${result.stdout}${result.stderr}`;
      expect(result.status, output).toBe(0);
      expect(output).toContain(`+ ${name}@`);
      expect(output).toContain('public access (dry-run)');
      const warnings = output.split('\n').filter((line) => /^npm (warn|error)/i.test(line) && !/requires you to be logged in/.test(line));
      expect(warnings).toEqual([]);
    });
  }

  it('the package manifests carry what npm shows: homepage, license, keywords, files', () => {
    for (const dir of ['packages/plugins/@nocobase-wecom/plugin-auth-wecom', 'packages/wecom-emulator']) {
      const manifest = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
      expect(manifest).toMatchObject({ license: 'Apache-2.0', publishConfig: { access: 'public' } });
      expect(manifest.homepage).toMatch(/^https:\/\//);
      expect(manifest.keywords).toContain('WeCom');
      expect(manifest.files.length).toBeGreaterThan(0);
    }
  });
});

/** What a child process prints (stdout and stderr); `until` waits up to 20 s for a pattern and gives its match. */
function printedBy(child: { stdout: NodeJS.ReadableStream | null; stderr: NodeJS.ReadableStream | null }) {
  let text = '';
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return {
    text: () => text,
    async until(pattern: RegExp): Promise<RegExpExecArray> {
      const deadline = Date.now() + 20_000;
      let match: RegExpExecArray | null;
      while (!(match = pattern.exec(text)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(match, text).not.toBeNull();
      return match!;
    },
  };
}

/** A browser with one cookie jar for NocoBase, talking HTTP to NocoBase and the WeCom emulator. */
class HttpBrowser {
  private cookies = new Map<string, string>();

  constructor(
    private readonly appUrl: string,
    private readonly userAgent: string,
  ) {}

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
  }

  async app(pathAndQuery: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const response = await fetch(`${this.appUrl}${pathAndQuery}`, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        'User-Agent': this.userAgent,
        'Content-Type': 'application/json',
        Cookie: [...this.cookies].map(([key, value]) => `${key}=${value}`).join('; '),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    this.remember(response);
    return response;
  }

  /** getAuthUrl → WeCom's page, where `userid` approves (and consents) → the callback, until the app lands; then the token. */
  async signIn(authenticator: string, userid: string): Promise<string> {
    const started = await this.app('/api/wecom:getAuthUrl', { method: 'POST', body: {}, headers: { 'X-Authenticator': authenticator } });
    expect(started.status).toBe(200);
    let next = ((await started.json()) as { data: { url: string } }).data.url;
    for (let round = 0; round < 3; round++) {
      const callback = new URL(await passSignInPage(next, { userid, userAgent: this.userAgent }));
      const landed = await this.app(callback.pathname + callback.search);
      const location = landed.headers.get('location') ?? '';
      if (location.startsWith(new URL(next).origin)) {
        next = location;
        continue;
      }
      const code = new URL(location, this.appUrl).searchParams.get('wecom_handoff');
      expect(code, `landed on ${location}`).toBeTruthy();
      const redeemed = await this.app('/api/wecom:redeem', { method: 'POST', body: { code } });
      expect(redeemed.status).toBe(200);
      return ((await redeemed.json()) as { data: { token: string } }).data.token;
    }
    throw new Error('too many rounds through WeCom');
  }
}

const PHONE_IN_WECOM =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.30 MicroMessenger/7.0.1 Language/zh';
const PC_BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

// After the tarballs above: this describe installs the plugin tarball they wrote.
describe('the plugin tarball installs into a NocoBase made with create-nocobase-app, without this workspace', () => {
  const parent = scratchDir('wecom-stock-');
  let stock: StockNocoBase;
  let emulator: ReturnType<typeof startGroup> | undefined;
  let adminToken = '';

  const api = async <T>(action: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const response = await fetch(`${stock.url}/api/${action}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    expect(response.status, `${action}: ${text}`).toBe(200);
    return (JSON.parse(text) as { data: T }).data;
  };

  afterAll(async () => {
    await stock?.stop();
    await stopGroup(emulator);
    rmSync(parent, { recursive: true, force: true });
  });

  it('pm add the tarball, pm enable, start: the plugin loads from the unpacked tarball and the Plugin Manager calls it compatible', async () => {
    expect(existsSync(pluginTgz), 'the release test above writes the tarball').toBe(true);
    stock = StockNocoBase.create(parent, await freePort());
    stock.nocobase('install');
    stock.nocobase('pm', 'add', pluginTgz);
    stock.nocobase('pm', 'enable', '@nocobase-wecom/plugin-auth-wecom');
    const loadedFrom = realpathSync(path.join(stock.dir, 'node_modules/@nocobase-wecom/plugin-auth-wecom'));
    expect(loadedFrom).toBe(path.join(realpathSync(stock.dir), 'storage/plugins/@nocobase-wecom/plugin-auth-wecom'));
    await stock.start();

    const signedIn = await fetch(`${stock.url}/api/auth:signIn`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Authenticator': 'basic' },
      body: JSON.stringify({ account: 'admin@nocobase.com', password: 'admin123' }),
    });
    adminToken = ((await signedIn.json()) as { data: { token: string } }).data.token;
    const plugins = await api<Array<{ packageName: string; enabled: boolean; isCompatible: boolean; version: string }>>('pm:list');
    expect(plugins.find((plugin) => plugin.packageName === '@nocobase-wecom/plugin-auth-wecom')).toMatchObject({
      enabled: true,
      isCompatible: true,
      version: version('packages/plugins/@nocobase-wecom/plugin-auth-wecom'),
    });
    expect((await api<Array<{ name: string }>>('authenticators:listTypes')).map((type) => type.name)).toContain('WeCom');
  }, 420_000);

  it('signs in through the emulator: first inside WeCom (matched by phone), then on a PC as the same user', async () => {
    expect(adminToken, 'the install above must have passed').toBeTruthy();
    // The emulator as an admin runs it to try the plugin: npx of the packed one, its demo corp trusting this app's port.
    emulator = startGroup('npx', ['--yes', '--package', emulatorTgz, 'wecom-emulator', '--port', '0', '--demo', '--trust', `127.0.0.1:${stock.port}`], {
      cwd: parent,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = printedBy(emulator);
    // Until the whole printout is in (it arrives in chunks): its last line names the emulator's URL again.
    const emulatorUrl = (await output.until(/listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*web-login base URL: \1\n/))[1];
    const printed = output.text();
    // What it says to type in is what the demo seed below types in.
    expect(printed).toContain(`Origin       http://127.0.0.1:${stock.port}`);
    expect(printed).toContain(`web-login base URL: ${emulatorUrl}`);
    await seedNocoBaseDemo({ root, appUrl: stock.url, emulatorUrl, account: 'admin@nocobase.com', password: 'admin123' });
    const [zhangsan] = await api<Array<{ id: number }>>(`users:list?filter=${encodeURIComponent(JSON.stringify({ username: 'zhangsan' }))}`);

    const inWeCom = await new HttpBrowser(stock.url, PHONE_IN_WECOM).signIn('wecom', 'zhangsan');
    const onPc = await new HttpBrowser(stock.url, PC_BROWSER).signIn('wecom', 'zhangsan');
    for (const token of [inWeCom, onPc]) {
      const check = await fetch(`${stock.url}/api/auth:check`, { headers: { Authorization: `Bearer ${token}`, 'X-Authenticator': 'wecom' } });
      expect(((await check.json()) as { data: { id: number } }).data.id).toBe(zhangsan.id);
    }
    const calls = ((await (await fetch(`${emulatorUrl}/__emulator/calls`)).json()) as { calls: Array<{ path: string }> }).calls;
    expect(calls.filter((call) => call.path === '/cgi-bin/auth/getuserdetail')).toHaveLength(1);
  }, 120_000);
});
