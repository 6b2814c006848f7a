import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WeComEmulator } from '../index';
import { expectWeComError, getApi, postApi, startTestEmulator, tokenFor } from './support/harness';


let emu: WeComEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ maxBodyBytes: 64 * 1024 });
});
afterAll(() => emu.close());

/** Sends raw bytes so that invalid encodings reach the server unchanged. */
function raw(method: string, path: string, body?: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(emu.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('robustness', () => {
  it('answers 413 for a body over the limit and keeps serving', async () => {
    const big = Buffer.alloc(200 * 1024, 'a');
    const res = await raw('POST', '/cgi-bin/auth/getuserdetail?access_token=x', big);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toEqual({ error: 'request body too large (limit 65536 bytes)' });
    expect((await raw('POST', '/__emulator/seed', big)).status).toBe(413);
    expect((await getApi(emu, '/cgi-bin/gettoken', {})).errcode).toBe(41002);
  });

  it('treats invalid UTF-8 and odd percent-encodings as plain bad input', async () => {
    const token = await tokenFor(emu);
    const invalid = await raw('POST', `/cgi-bin/user/getuserid?access_token=${token}`, Buffer.concat([Buffer.from('{"mobile":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]));
    expect(invalid.status).toBe(200);
    expect(JSON.parse(invalid.text).errcode).toBe(40058);
    expectWeComError(await getApi(emu, '/cgi-bin/user/get', { access_token: token, userid: '\uFFFD\u0000' }), 60111);
    const res = await raw('GET', `/cgi-bin/user/get?access_token=${token}&userid=%ZZ%`);
    expect(JSON.parse(res.text).errcode).toBe(60111);
    expectWeComError(await postApi(emu, '/cgi-bin/user/getuserid', { access_token: token }, '\u0000\u0001'), 47001);
  });

  it('message/send: invalid UTF-8 becomes U+FFFD (truncation stays on a character boundary); odd ids are just invalid', async () => {
    const token = await tokenFor(emu);
    const content = Buffer.concat([Buffer.from('{"touser":"zhangsan|\\u0000|%ZZ|<x>","toparty":"1.5|-1|99999999999","agentid":1000002,"msgtype":"text","text":{"content":"'), Buffer.alloc(3000, 0xff), Buffer.from('"}}')]);
    const res = await raw('POST', `/cgi-bin/message/send?access_token=${token}`, content);
    const body = JSON.parse(res.text);
    expect(body).toMatchObject({ errcode: 0, invaliduser: '\u0000|%zz|<x>', invalidparty: '1.5|-1|99999999999' });
    const delivered = String((emu.messages('zhangsan').at(-1)?.text as { content: string }).content);
    expect(Buffer.byteLength(delivered)).toBe(2046);
    expect(delivered).toBe('\uFFFD'.repeat(682));
  });

  it('ignores inherited keys in option patches (found by the fuzz run)', async () => {
    const res = await fetch(`${emu.url}/__emulator/config`, { method: 'POST', body: '{"constructor":{"prototype":{"a":1}},"toString":1}' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { problems: string[] };
    expect(body.problems).toEqual([expect.stringMatching(/^options\.constructor: unknown option/), expect.stringMatching(/^options\.toString: unknown option/)]);
    expect((await getApi(emu, '/cgi-bin/gettoken', {})).errcode).toBe(41002);
  });

  it('counts only injected 5xx as 5xx', async () => {
    emu.fault({ path: '/cgi-bin/department/list', httpStatus: 503 });
    expect((await raw('GET', '/cgi-bin/department/list')).status).toBe(503);
    expect((await raw('GET', '/cgi-bin/department/list')).status).toBe(200);
  });

  it('answers a malformed request line with 400 and keeps serving', async () => {
    const { hostname, port } = new URL(emu.url);
    const net = await import('node:net');
    const reply = await new Promise<string>((resolve) => {
      const socket = net.connect(Number(port), hostname, () => socket.write('GARBAGE\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await getApi(emu, '/cgi-bin/gettoken', {})).errcode).toBe(41002);
  });
});
