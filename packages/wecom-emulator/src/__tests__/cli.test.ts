import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run';

const ROOT = join(__dirname, '../../../..');
const DEMO_SEED = join(ROOT, 'demo/wecom-seed.json');
const dir = mkdtempSync(join(tmpdir(), 'wecom-emulator-cli-'));

async function run(args: string[]): Promise<{ result: Awaited<ReturnType<typeof runCli>>; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const result = await runCli(args, { log: (l) => out.push(l), error: (l) => err.push(l) });
  return { result, out, err };
}

describe('CLI (src/cli.ts, src/cli/run.ts)', () => {
  it('serves the seed, prints its URL and exits 0 on SIGTERM (a real process)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'packages/wecom-emulator/src/cli.ts'), '--port', '0', '--seed', DEMO_SEED], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      let match: RegExpExecArray | null = null;
      while (!(match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(match, output).not.toBeNull();
      const response = await fetch(`${match?.[1]}/cgi-bin/gettoken?corpid=wwdemo0000000001&corpsecret=demo-secret-not-for-production`);
      expect(((await response.json()) as { errcode: number }).errcode).toBe(0);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('SIGTERM: shutting down');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('starts in process with --host, --seed and --no-rate-limits', async () => {
    const { result, out } = await run(['--port', '0', '--host', '127.0.0.1', '--seed', DEMO_SEED, '--no-rate-limits']);
    if (typeof result === 'number') throw new Error(`did not start: ${result}`);
    expect(out[0]).toBe(`WeCom emulator listening on ${result.url}`);
    expect(result.behaviour.rateLimits.perCorpPerApiPerMinute).toBeNull();
    expect(result.behaviour.rateLimits).toMatchObject({ messagesPerMemberPerMinute: null, messagesPerMemberPerHour: null, messageRecipientsPerSeatPerDay: null });
    await result.close();
  });

  it('exits 1 naming the bad field of an invalid seed', async () => {
    const file = join(dir, 'bad-seed.json');
    writeFileSync(file, JSON.stringify({ corps: [{ corpId: 'ww1', apps: [{ agentId: 'x', secret: 's' }] }] }));
    const { result, err } = await run(['--port', '0', '--seed', file]);
    expect(result).toBe(1);
    expect(err.join('\n')).toContain('corps[0].apps[0].agentId: must be a number or a string of digits');
  });

  it('exits 1 for a seed file that is missing or not JSON', async () => {
    expect(await run(['--seed', join(dir, 'nope.json')])).toMatchObject({ result: 1, err: [expect.stringContaining('cannot read seed file')] });
    const file = join(dir, 'not-json.json');
    writeFileSync(file, '{ corps: ');
    expect(await run(['--port', '0', '--seed', file])).toMatchObject({ result: 1, err: [expect.stringContaining('is not valid JSON')] });
  });

  it('exits 1 with a clear message when the port is taken (EADDRINUSE)', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const { result, err } = await run(['--port', String(port)]);
    blocker.close();
    expect(result).toBe(1);
    expect(err).toEqual([`wecom-emulator: port ${port}: the port is already in use; pick another with --port`]);
  });

  it('exits 1 for bad arguments and prints usage for --help', async () => {
    expect(await run(['--port', 'eighty'])).toMatchObject({ result: 1, err: ['wecom-emulator: --port must be 0–65535, got eighty'] });
    expect((await run(['--verbose'])).err[0]).toMatch(/^wecom-emulator: unknown argument --verbose/);
    expect(await run(['--seed'])).toMatchObject({ result: 1, err: ['wecom-emulator: --seed needs a value'] });
    expect(await run(['--help'])).toMatchObject({ result: 0, out: [expect.stringMatching(/^Usage: wecom-emulator/)] });
  });
});
