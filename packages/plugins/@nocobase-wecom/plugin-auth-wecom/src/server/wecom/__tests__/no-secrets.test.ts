import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WeComClient } from '../client';
import { describeError, describeErrorForUser } from '../describe-error';
import { WeComApiError, WeComProtocolError, WeComTransportError } from '../errors';
import { redact, sanitizeCause } from '../redact';
import { callWeCom, type FetchFunction } from '../wire';
import { sendJson, startRawServer } from './helpers/raw-server';

const SECRET = 'S3cr3t-app-secret-0123456789abcdef';
const TOKEN = 'accesstoken-XYZ-0123456789';

type Server = Awaited<ReturnType<typeof startRawServer>>;
let server: Server;

beforeAll(async () => {
  // A hostile WeCom that echoes every credential it receives into its errmsg.
  server = await startRawServer((request, response) => {
    if (request.path === '/cgi-bin/gettoken') {
      return sendJson(response, { errcode: 40001, errmsg: `invalid credential, corpsecret=${request.query.corpsecret} (${request.query.corpsecret})` });
    }
    if (request.path === '/cgi-bin/hang') return;
    return sendJson(response, {
      errcode: 40014,
      errmsg: `invalid access_token: ${request.query.access_token}, url=/x?access_token=${request.query.access_token}&a=1 ticket ${request.body}`,
    });
  });
});

afterAll(async () => {
  await server.close();
});

/** Every way an error commonly reaches a log line. */
function renderings(error: unknown): string[] {
  const asError = error instanceof Error ? error : new Error('not an error');
  return [
    String(error),
    asError.message,
    asError.stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    JSON.stringify(describeError(error)),
    JSON.stringify(describeErrorForUser(error)),
  ];
}

function expectNoCredentials(error: unknown, ...credentials: string[]): void {
  for (const text of renderings(error)) {
    for (const credential of credentials) expect(text).not.toContain(credential);
  }
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('no secret or token in errors', () => {
  it('WeComApiError from gettoken does not carry the secret, even when WeCom echoes it', async () => {
    const client = new WeComClient({ corpId: 'ww1', agentId: '1000002', secret: SECRET, apiBaseUrl: server.url });
    const error = await rejectionOf(client.getUser('zhangsan'));
    expect(error).toBeInstanceOf(WeComApiError);
    expectNoCredentials(error, SECRET);
  });

  it('WeComApiError from a data call does not carry the token or the user_ticket', async () => {
    const error = await rejectionOf(
      callWeCom(
        { baseUrl: server.url },
        { method: 'POST', path: '/cgi-bin/auth/getuserdetail', query: { access_token: TOKEN }, body: { user_ticket: 'TICKET-987654321' }, parse: () => 1 },
      ),
    );
    expect(error).toBeInstanceOf(WeComApiError);
    expectNoCredentials(error, TOKEN, 'TICKET-987654321');
  });

  it('a real undici error that quotes the whole URL is sanitised before it becomes the cause', async () => {
    // fetch refuses URLs with credentials and puts the full URL, token included, in its message.
    const fetchWithUserInfo: FetchFunction = (input, init) => fetch(String(input).replace('http://', 'http://user:pw@'), init);
    const error = await rejectionOf(
      callWeCom({ baseUrl: server.url, fetch: fetchWithUserInfo }, { method: 'GET', path: '/cgi-bin/user/get', query: { access_token: TOKEN }, parse: () => 1 }),
    );
    expect(error).toBeInstanceOf(WeComTransportError);
    if (!(error instanceof WeComTransportError)) return;
    expect(inspect(error.cause)).toContain('access_token=[redacted]'); // proves the URL was there
    expectNoCredentials(error, TOKEN);
  });

  it('a timeout while gettoken is pending does not carry the secret', async () => {
    const error = await rejectionOf(
      callWeCom(
        { baseUrl: server.url, timeoutMs: 50 },
        { method: 'GET', path: '/cgi-bin/hang', query: { corpid: 'ww1', corpsecret: SECRET }, parse: () => 1 },
      ),
    );
    expect(error).toMatchObject({ isTimeout: true });
    expectNoCredentials(error, SECRET);
  });

  it('sanitizeCause keeps the shape of a chain but not the credentials, nor the original objects', () => {
    const inner = Object.assign(new Error(`connect ECONNREFUSED for https://q/?corpsecret=${SECRET}`), { code: 'ECONNREFUSED', url: `https://q/?corpsecret=${SECRET}` });
    const outer = new TypeError('fetch failed', { cause: inner });
    const sanitized = sanitizeCause(outer, [SECRET]);
    expect(sanitized.name).toBe('TypeError');
    expect(sanitized.cause).toBeInstanceOf(Error);
    expect(sanitized.cause).toMatchObject({ code: 'ECONNREFUSED' });
    expect(sanitized.cause).not.toHaveProperty('url');
    expect(inspect(sanitized, { depth: 10, showHidden: true })).not.toContain(SECRET);
  });

  it('redact removes credential parameters and literal values, encoded or not', () => {
    expect(redact('a?access_token=abc&corpsecret=def&user_ticket=ghi&x=1')).toBe(
      'a?access_token=[redacted]&corpsecret=[redacted]&user_ticket=[redacted]&x=1',
    );
    expect(redact('value a+b/c= and a%2Bb%2Fc%3D', ['a+b/c='])).toBe('value [redacted] and [redacted]');
  });

  it('protocol errors name fields, never values', () => {
    const error = new WeComProtocolError('/cgi-bin/gettoken', { problem: 'invalid-field', field: 'access_token', expected: 'a string' });
    expect(error.message).toBe('WeCom /cgi-bin/gettoken sent an unexpected response: field "access_token" is missing or is not a string');
  });

  it('the client itself does not reveal its secret when inspected or serialised', () => {
    const client = new WeComClient({ corpId: 'ww1', agentId: 1000002, secret: SECRET });
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(SECRET);
    expect(JSON.stringify(client)).not.toContain(SECRET);
    expect(client.agentId).toBe('1000002');
  });
});
