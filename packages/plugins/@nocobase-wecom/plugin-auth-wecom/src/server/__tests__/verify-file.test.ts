import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveVerificationFile } from '../verify-file';
import { startHarness, wecomOptions, type Harness } from './helpers/harness';

const NAME = 'WW_verify_AbC123xyz.txt';
const CONTENT = 'k3Jd9Qm2ZpX7';

/** WeCom's domain verification file, served at the root from the authenticator's settings. */
describe('the WW_verify_*.txt file', () => {
  let h: Harness;
  let admin: ReturnType<Harness['app']['agent']>;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    h = await startHarness({ acl: true });
    const root = await h.app.db.getRepository('users').findOne({ filter: { email: process.env.INIT_ROOT_EMAIL ?? 'admin@nocobase.com' } });
    admin = await h.app.agent().login(root, 'root');
    // What NocoBase's gateway does with its request handlers: ours first, else the UI (here a 404).
    server = createServer(async (req, res) => {
      if (await serveVerificationFile(req, res, h.app.db)) return;
      res.statusCode = 404;
      res.end('the NocoBase UI');
    }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await h?.close();
  });

  const save = (name: string, wecom: Record<string, unknown>) =>
    admin.resource('authenticators').create({ values: { name, authType: 'WeCom', enabled: true, options: wecomOptions(h.emulator, { wecom }) } });

  it('is served at the root, byte for byte, as text/plain', async () => {
    const saved = await save('wecom', { verifyFileName: NAME, verifyFileContent: CONTENT });
    expect(saved.status, saved.text).toBe(200);
    const response = await fetch(`${base}/${NAME}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(CONTENT))).toBe(true);
    const head = await fetch(`${base}/${NAME}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it.each(['/WW_verify_nothere.txt', `/sub/${NAME}`, `/${NAME}/`, `/${NAME.replace('.txt', '.html')}`, '/WW_verify_../etc/passwd'])('is not served at %s', async (path) => {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('the NocoBase UI');
  });

  it.each([
    ['a name with a space', { verifyFileName: 'WW_verify_a b.txt', verifyFileContent: 'x' }, 'WW_verify_'],
    ['another extension', { verifyFileName: 'WW_verify_abc.html', verifyFileContent: 'x' }, 'WW_verify_'],
    ['a path', { verifyFileName: '../WW_verify_abc.txt', verifyFileContent: 'x' }, 'WW_verify_'],
    ['content over 128 bytes', { verifyFileName: 'WW_verify_abc.txt', verifyFileContent: '验'.repeat(43) }, '128 bytes'],
  ])('refuses %s on save, and stores nothing', async (_, wecom, message) => {
    const response = await save('bad-verify', wecom);
    expect(response.status).toBe(400);
    expect(response.text).toContain(message);
    expect(await h.app.db.getRepository('authenticators').count({ filter: { name: 'bad-verify' } })).toBe(0);
  });

  it('is gone with the authenticator', async () => {
    const row = await h.app.db.getRepository('authenticators').findOne({ filter: { name: 'wecom' } });
    const destroyed = await admin.resource('authenticators').destroy({ filterByTk: row!.get('id') as number });
    expect(destroyed.status).toBe(200);
    expect((await fetch(`${base}/${NAME}`)).status).toBe(404);
  });
});
