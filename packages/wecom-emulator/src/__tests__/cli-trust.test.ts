import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs, runCli, trustDomains, trustedDomain } from '../cli/run';
import type { WeComEmulator } from '../index';
import { DESKTOP_UA, openPage } from './support/harness';

const DEMO_SEED = join(__dirname, '../../../../demo/wecom-seed.json');
const DEMO = { appid: 'wwdemo0000000001', agentid: '1000002' };
const started: WeComEmulator[] = [];
afterAll(async () => {
  await Promise.all(started.map((emu) => emu.close()));
});

async function start(args: string[]): Promise<{ emu: WeComEmulator; out: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const result = await runCli(['--port', '0', '--seed', DEMO_SEED, ...args], { log: (l) => out.push(l), error: (l) => err.push(l) });
  if (typeof result === 'number') throw new Error(`did not start (${result}): ${err.join('\n')}`);
  started.push(result);
  return { emu: result, out };
}

/** WeCom's web login (A11 B2) for the demo app, "scanned" as zhangsan: 302 back to a trusted redirect_uri, else its error page. */
const webLogin = (emu: WeComEmulator, redirectUri: string) =>
  openPage(emu, '/wwlogin/sso/login', { login_type: 'CorpApp', ...DEMO, redirect_uri: redirectUri, state: 'S1', emulator_userid: 'zhangsan' }, DESKTOP_UA);

describe('CLI --trust: the demo seed pointed at your own NocoBase host', () => {
  it('trusts the given host:port for web login and in-client OAuth, besides the seed’s own domains', async () => {
    const { emu, out } = await start(['--trust', 'nocobase.example.com:8443']);
    expect(out).toContain('trusted domain and web-login domain of every app, also: nocobase.example.com:8443');

    const page = await webLogin(emu, 'https://nocobase.example.com:8443/api/wecom:callback');
    expect(page.status).toBe(302);
    expect(page.location).toMatch(/^https:\/\/nocobase\.example\.com:8443\/api\/wecom:callback\?code=/);

    const oauth = await openPage(emu, '/connect/oauth2/authorize', {
      ...DEMO,
      redirect_uri: 'https://nocobase.example.com:8443/api/wecom:callback',
      response_type: 'code',
      scope: 'snsapi_base',
      state: 'S2',
      emulator_userid: 'zhangsan',
    });
    expect(oauth.status).toBe(302);

    expect((await webLogin(emu, 'http://127.0.0.1:13000/api/wecom:callback')).status).toBe(302);
    const other = await webLogin(emu, 'https://other.example.com:8443/api/wecom:callback');
    expect(other.status).toBe(200);
    expect(other.html).toContain('该链接无法访问');
  });

  it('without --trust the same host is refused (the seed is used as written)', async () => {
    const { emu } = await start([]);
    const page = await webLogin(emu, 'https://nocobase.example.com:8443/api/wecom:callback');
    expect(page.status).toBe(200);
    expect(page.html).toContain('该链接无法访问');
  });

  it('takes an origin as well as host:port, repeats, and refuses what is neither', () => {
    expect(trustedDomain('https://NocoBase.example.com:8443/admin')).toBe('nocobase.example.com:8443');
    expect(trustedDomain('http://10.0.0.5:13000')).toBe('10.0.0.5:13000');
    expect(trustedDomain('nocobase.example.com')).toBe('nocobase.example.com');
    expect(parseArgs(['--seed', 's.json', '--trust', 'a.example.com', '--trust', 'b.example.com:81'])).toMatchObject({ trust: ['a.example.com', 'b.example.com:81'] });
    expect(() => trustedDomain('nocobase.example.com/admin')).toThrow('--trust must be host or host:port');
    expect(() => trustedDomain('*.example.com')).toThrow('--trust must be host or host:port');
    expect(() => parseArgs(['--trust', 'a.example.com'])).toThrow('--trust needs --demo or --seed');
    expect(() => parseArgs(['--demo', '--seed', 's.json'])).toThrow('--demo and --seed: choose one');
  });

  it('adds each domain once to every app, keeping what the seed has', () => {
    const seed = { corps: [{ corpId: 'ww1', apps: [{ agentId: 1, secret: 's', trustedDomains: ['a:1'] }, { agentId: 2, secret: 't', webLoginDomains: ['b:2'] }] }] };
    expect(trustDomains(seed, ['a:1', 'c:3'])).toEqual({
      corps: [
        {
          corpId: 'ww1',
          apps: [
            { agentId: 1, secret: 's', trustedDomains: ['a:1', 'c:3'], webLoginDomains: ['a:1', 'c:3'] },
            { agentId: 2, secret: 't', trustedDomains: ['a:1', 'c:3'], webLoginDomains: ['b:2', 'a:1', 'c:3'] },
          ],
        },
      ],
    });
    expect(trustDomains('not a seed', ['a:1'])).toBe('not a seed');
  });

  it('--demo: the bundled demo corp, trusted for your NocoBase, and what to type into its WeCom authenticator', async () => {
    const out: string[] = [];
    const result = await runCli(['--port', '0', '--demo', '--trust', '127.0.0.1:24000'], { log: (l) => out.push(l), error: (l) => out.push(l) });
    if (typeof result === 'number') throw new Error(`did not start (${result}): ${out.join('\n')}`);
    started.push(result);
    expect((await webLogin(result, 'http://127.0.0.1:24000/api/wecom:callback')).status).toBe(302);
    const printed = out.join('\n');
    expect(printed).toMatch(/Company ID\s+wwdemo0000000001/);
    expect(printed).toMatch(/AgentId\s+1000002/);
    expect(printed).toMatch(/Secret\s+demo-secret-not-for-production/);
    expect(printed).toMatch(/sign in as\s+zhangsan \(张三\)/);
    expect(printed).toContain('Origin       http://127.0.0.1:24000');
    expect(printed).toContain(`web-login base URL: ${result.url}`);
  });

  it('with an own seed, the Secret is not printed: the admin is pointed at the file', async () => {
    const { out } = await start([]);
    const printed = out.join('\n');
    expect(printed).toMatch(/Company ID\s+wwdemo0000000001/);
    expect(printed).not.toContain('demo-secret-not-for-production');
    expect(printed).toContain(`the app's "secret" in ${DEMO_SEED}`);
  });
});
