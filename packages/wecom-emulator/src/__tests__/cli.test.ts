import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../../..');
const CLI = join(ROOT, 'packages/wecom-emulator/src/cli.ts');
const DEMO_SEED = join(ROOT, 'demo/wecom-seed.json');
const dir = mkdtempSync(join(tmpdir(), 'wecom-emulator-cli-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

function runCli(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(pattern: RegExp, output: () => string, timeoutMs = 20_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(output());
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output so far:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.concurrent('CLI (src/cli.ts)', () => {
  it('serves the seed on the given port, prints its URL, and exits 0 on SIGTERM', async () => {
    const run = runCli(['--port', '0', '--seed', DEMO_SEED]);
    const [, url] = await waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, run.output);
    const response = await fetch(`${url}/cgi-bin/gettoken?corpid=wwdemo0000000001&corpsecret=demo-secret-not-for-production`);
    expect(response.headers.get('x-wecom-emulator')).toBe('1');
    expect(((await response.json()) as { errcode: number }).errcode).toBe(0);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('exits 1 naming the bad field of an invalid seed', async () => {
    const file = join(dir, 'bad-seed.json');
    writeFileSync(file, JSON.stringify({ corps: [{ corpId: 'ww1', apps: [{ agentId: 'x', secret: 's' }] }] }));
    const run = runCli(['--port', '0', '--seed', file]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('corps[0].apps[0].agentId: must be a number or a string of digits');
  });

  it('exits 1 for a seed file that is missing or not JSON', async () => {
    const missing = runCli(['--seed', join(dir, 'nope.json')]);
    expect(await missing.exited).toBe(1);
    expect(missing.output()).toContain('cannot read seed file');
    const file = join(dir, 'not-json.json');
    writeFileSync(file, '{ corps: ');
    const broken = runCli(['--port', '0', '--seed', file]);
    expect(await broken.exited).toBe(1);
    expect(broken.output()).toContain('is not valid JSON');
  });

  it('exits 1 with a clear message when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const run = runCli(['--port', String(port)]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('the port is already in use');
    blocker.close();
  });

  it('exits 1 for a bad argument', async () => {
    const run = runCli(['--port', 'eighty']);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('--port must be 0–65535');
  });
});
