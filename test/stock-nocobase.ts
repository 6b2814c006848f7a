import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error plain ESM helpers shared with `npm start`
import { startGroup, stopGroup, waitForHttp } from '../scripts/lib/processes.mjs';

const root = path.resolve(__dirname, '..');

/**
 * A scratch folder on the same file system as this repo's node_modules, which the app hard-links: the system's
 * temp folder when it is, else one under node_modules/.cache.
 */
export function scratchDir(prefix: string): string {
  const modules = path.join(root, 'node_modules');
  const sameDevice = fs.statSync(os.tmpdir()).dev === fs.statSync(modules).dev;
  const base = sameDevice ? os.tmpdir() : path.join(modules, '.cache');
  fs.mkdirSync(base, { recursive: true });
  return fs.mkdtempSync(path.join(base, prefix));
}

/**
 * A NocoBase app as an admin makes one: `create-nocobase-app` (the version this repository pins), SQLite. Its
 * node_modules are hard links to this repository's installed packages (the same NocoBase release, without a
 * second download) minus this workspace: the only copy of the plugin it can load is the one `pm add` unpacks.
 */
export class StockNocoBase {
  readonly dir: string;
  private server?: ReturnType<typeof startGroup>;

  private constructor(
    readonly parent: string,
    readonly port: number,
  ) {
    this.dir = path.join(parent, 'app');
  }

  static create(parent: string, port: number): StockNocoBase {
    const app = new StockNocoBase(parent, port);
    execFileSync(
      process.execPath,
      [path.join(root, 'node_modules/create-nocobase-app/bin/index.js'), 'app', '-d', 'sqlite', '-e', 'APP_ENV=production', '-e', `APP_PORT=${port}`],
      { cwd: parent, stdio: 'pipe' },
    );
    // Everything but this workspace's packages (and .cache, which may hold this very app).
    const modules = path.join(root, 'node_modules');
    const entries = fs.readdirSync(modules).filter((name) => name !== '@nocobase-wecom' && name !== '.cache');
    fs.mkdirSync(path.join(app.dir, 'node_modules'));
    execFileSync('cp', ['-al', ...entries.map((name) => path.join(modules, name)), path.join(app.dir, 'node_modules')]);
    fs.rmSync(path.join(app.dir, 'node_modules/.bin/wecom-emulator'), { force: true });
    // NocoBase writes its page template on start: give the app its own copy rather than a link to ours.
    for (const dir of ['dist/client', 'dist/client/v']) {
      for (const name of ['index.html', 'index.html.tpl']) {
        const file = path.join(app.dir, 'node_modules/@nocobase/app', dir, name);
        if (!fs.existsSync(file)) continue;
        fs.copyFileSync(file, `${file}.copy`);
        fs.renameSync(`${file}.copy`, file);
      }
    }
    return app;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Only the app's own .env and node_modules/.bin, as in the admin's shell: nothing from this test process. */
  private env(): NodeJS.ProcessEnv {
    return { PATH: `${path.join(this.dir, 'node_modules/.bin')}:${process.env.PATH}`, HOME: process.env.HOME, LANG: 'C.UTF-8' };
  }

  /** `yarn nocobase <args>` as the README says; fails with the command's output. */
  nocobase(...args: string[]): string {
    const result = spawnSync(path.join(this.dir, 'node_modules/.bin/nocobase-v1'), args, {
      cwd: this.dir,
      env: this.env(),
      encoding: 'utf8',
      timeout: 180_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    if (result.status !== 0) {
      throw new Error(`nocobase ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${output.split('\n').slice(-30).join('\n')}`);
    }
    return output;
  }

  async start(): Promise<void> {
    const log = fs.openSync(path.join(this.parent, 'nocobase.log'), 'a');
    this.server = startGroup(path.join(this.dir, 'node_modules/.bin/nocobase-v1'), ['start', '--launch-mode', 'node'], {
      cwd: this.dir,
      env: this.env(),
      stdio: ['ignore', log, log],
    });
    try {
      await waitForHttp(`${this.url}/api/__health_check`, { expect: 'ok', child: this.server, timeoutMs: 180_000 });
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${this.logTail()}`);
    }
  }

  logTail(lines = 30): string {
    const file = path.join(this.parent, 'nocobase.log');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '';
  }

  async stop(): Promise<void> {
    await stopGroup(this.server);
  }
}
