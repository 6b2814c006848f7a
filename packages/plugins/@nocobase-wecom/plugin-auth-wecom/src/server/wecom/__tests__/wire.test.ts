import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WeComApiError, WeComProtocolError, WeComTransportError } from '../errors';
import { callWeCom } from '../wire';
import { sendJson, startRawServer } from './helpers/raw-server';

type Server = Awaited<ReturnType<typeof startRawServer>>;
let server: Server;

beforeAll(async () => {
  server = await startRawServer((request, response) => {
    switch (request.path) {
      case '/prefix/cgi-bin/ok':
      case '/cgi-bin/ok':
        return sendJson(response, { errcode: 0, errmsg: 'ok', userid: 'zhangsan', echo: request.body });
      case '/cgi-bin/no-errcode':
        return sendJson(response, { userid: 'lisi' });
      case '/cgi-bin/string-errcode':
        return sendJson(response, { errcode: '0', userid: 'lisi' });
      case '/cgi-bin/error':
        return sendJson(response, {
          errcode: 60020,
          errmsg: `not allow to access from your ip, access_token=${request.query.access_token} hint: [1], from ip: 10.1.2.3, more info at https://open.work.weixin.qq.com/devtool/query?e=60020`,
        });
      case '/cgi-bin/http-500':
        return sendJson(response, { errcode: 0 }, 500);
      case '/cgi-bin/redirect':
        response.writeHead(302, { location: '/cgi-bin/ok' });
        return response.end();
      case '/cgi-bin/html':
        response.writeHead(200, { 'content-type': 'text/html' });
        return response.end('<html>502 Bad Gateway</html>');
      case '/cgi-bin/array':
        return sendJson(response, [1, 2]);
      case '/cgi-bin/hang':
        return; // never answers
      case '/cgi-bin/reset':
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        response.write('{"errcode":0,');
        setTimeout(() => response.socket?.destroy(), 20);
        return;
      default:
        return sendJson(response, { errcode: 404 }, 404);
    }
  });
});

afterAll(async () => {
  await server.close();
});

function readUserId(path: string, baseUrl = server.url, timeoutMs?: number): Promise<string> {
  return callWeCom(
    { baseUrl, timeoutMs },
    { method: 'GET', path, query: { access_token: 'TOKEN-abc123', userid: 'a b&c' }, parse: (fields) => fields.requiredString('userid') },
  );
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('callWeCom', () => {
  it('sends a GET with the query encoded and returns the parsed value', async () => {
    await expect(readUserId('/cgi-bin/ok')).resolves.toBe('zhangsan');
    const request = server.requests.at(-1);
    expect(request).toMatchObject({ method: 'GET', path: '/cgi-bin/ok', query: { access_token: 'TOKEN-abc123', userid: 'a b&c' }, body: '' });
    expect(request?.headers.accept).toBe('application/json');
  });

  it('sends a POST with a JSON body', async () => {
    const echoed = await callWeCom(
      { baseUrl: server.url },
      { method: 'POST', path: 'cgi-bin/ok', body: { user_ticket: 'T' }, parse: (fields) => fields.requiredString('echo') },
    );
    expect(JSON.parse(echoed)).toEqual({ user_ticket: 'T' });
    expect(server.requests.at(-1)?.headers['content-type']).toBe('application/json');
    expect(server.requests.at(-1)?.method).toBe('POST');
  });

  it('keeps a path prefix of the base URL', async () => {
    await expect(readUserId('/cgi-bin/ok', `${server.url}/prefix/`)).resolves.toBe('zhangsan');
    expect(server.requests.at(-1)?.path).toBe('/prefix/cgi-bin/ok');
  });

  it('treats an absent errcode as success, as WeCom documents', async () => {
    await expect(readUserId('/cgi-bin/no-errcode')).resolves.toBe('lisi');
  });

  it('turns errcode ≠ 0 into a WeComApiError with the path, the code and a redacted errmsg', async () => {
    const error = await rejectionOf(readUserId('/cgi-bin/error'));
    expect(error).toBeInstanceOf(WeComApiError);
    if (!(error instanceof WeComApiError)) return;
    expect(error).toMatchObject({ name: 'WeComApiError', code: 'WECOM_API_ERROR', errcode: 60020, endpoint: '/cgi-bin/error' });
    expect(error.callerIp).toBe('10.1.2.3');
    expect(error.errmsg).toContain('access_token=[redacted]');
    expect(error.errmsg).not.toContain('TOKEN-abc123');
  });

  it('refuses HTTP 500 even with a JSON body', async () => {
    const error = await rejectionOf(readUserId('/cgi-bin/http-500'));
    expect(error).toBeInstanceOf(WeComProtocolError);
    expect(error).toMatchObject({ code: 'WECOM_PROTOCOL_ERROR', problem: 'http-status', httpStatus: 500, endpoint: '/cgi-bin/http-500' });
  });

  it('does not follow redirects (the token would go along)', async () => {
    const before = server.requests.length;
    const error = await rejectionOf(readUserId('/cgi-bin/redirect'));
    expect(error).toMatchObject({ problem: 'http-status', httpStatus: 302 });
    expect(server.requests.length).toBe(before + 1);
  });

  it.each(['/cgi-bin/html', '/cgi-bin/array'])('refuses a body that is not a JSON object (%s)', async (path) => {
    const error = await rejectionOf(readUserId(path));
    expect(error).toBeInstanceOf(WeComProtocolError);
    expect(error).toMatchObject({ problem: 'not-json' });
  });

  it('names a missing or mistyped field', async () => {
    const missing = await rejectionOf(
      callWeCom({ baseUrl: server.url }, { method: 'GET', path: '/cgi-bin/ok', parse: (fields) => fields.requiredString('user_ticket') }),
    );
    expect(missing).toMatchObject({ problem: 'invalid-field', field: 'user_ticket' });
    expect(String(missing)).toContain('field "user_ticket" is missing or is not a non-empty string');
    const mistyped = await rejectionOf(readUserId('/cgi-bin/string-errcode'));
    expect(mistyped).toMatchObject({ problem: 'invalid-field', field: 'errcode' });
  });

  it('reports a refused connection as a transport error that is not a timeout', async () => {
    const closed = await startRawServer(() => undefined);
    await closed.close();
    const error = await rejectionOf(readUserId('/cgi-bin/ok', closed.url));
    expect(error).toBeInstanceOf(WeComTransportError);
    expect(error).toMatchObject({ code: 'WECOM_TRANSPORT_ERROR', isTimeout: false, endpoint: '/cgi-bin/ok' });
  });

  it('gives up after timeoutMs and says it was a timeout', async () => {
    const started = Date.now();
    const error = await rejectionOf(readUserId('/cgi-bin/hang', server.url, 150));
    expect(error).toMatchObject({ name: 'WeComTransportError', isTimeout: true });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports a connection reset in the middle of the body as a transport error', async () => {
    const error = await rejectionOf(readUserId('/cgi-bin/reset'));
    expect(error).toBeInstanceOf(WeComTransportError);
  });
});
