import type { IncomingMessage, ServerResponse } from 'node:http';
import { CallRecord, redactBody, redactQuery } from './calls';
import { handleControl } from './control/dispatch';
import type { EmulatorCore } from './core';
import { Fault } from './faults';
import { BodyTooLarge, parseAnyJson, parseJsonObject, readBody } from './http/body';
import { ApiReply, PageReply } from './http/reply';
import { HTML_TYPE, JSON_TYPE, headerSafe, send, sendJson } from './http/send';
import { indexPage } from './pages/index-page';
import { CGI_PREFIX, ROUTES } from './router';

/** The caller's IP as WeCom reports it in "from ip:": the socket address without the IPv4-mapped prefix. */
export function callerIp(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function splitUrl(rawUrl: string): { path: string; search: string } {
  let url = rawUrl;
  if (!url.startsWith('/')) {
    try {
      const parsed = new URL(url);
      url = parsed.pathname + parsed.search;
    } catch {
      url = '/';
    }
  }
  const q = url.indexOf('?');
  return q === -1 ? { path: url, search: '' } : { path: url.slice(0, q), search: url.slice(q + 1) };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type Logged = Omit<CallRecord, 'seq' | 'status' | 'errcode'>;

function writeApi(core: EmulatorCore, res: ServerResponse, reply: ApiReply, log: Logged): void {
  const extra: Record<string, string> = {};
  if (reply.errcode !== 0 && core.behaviour.errorHeaders) {
    extra['Error-Code'] = String(reply.errcode);
    extra['Error-Msg'] = headerSafe(String(reply.body.errmsg));
  }
  sendJson(res, 200, reply.body, extra);
  core.calls.add({ ...log, status: 200, errcode: reply.errcode, ...reply.logExtra });
}

function writePage(core: EmulatorCore, res: ServerResponse, reply: PageReply, log: Logged): void {
  const extra: Record<string, string> = { 'Cache-Control': 'no-store' };
  if (reply.location !== undefined) extra.Location = reply.location;
  if (reply.setCookie !== undefined) extra['Set-Cookie'] = reply.setCookie;
  send(res, reply.status, HTML_TYPE, reply.html ?? '', extra);
  core.calls.add({ ...log, status: reply.status, errcode: null, ...(reply.location !== undefined && { location: reply.location }) });
}

/** Answers a call hit by an errcode / httpStatus / reset fault. */
function writeFault(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, fault: Fault, log: Logged): void {
  const logged = { ...log, fault: fault.kind };
  if (fault.kind === 'reset') {
    core.calls.add({ ...logged, status: 0, errcode: null });
    req.socket.resetAndDestroy();
  } else if (fault.kind === 'httpStatus' && fault.httpStatus !== undefined) {
    send(res, fault.httpStatus, 'text/plain; charset=utf-8', `emulated HTTP ${fault.httpStatus}`);
    core.calls.add({ ...logged, status: fault.httpStatus, errcode: null });
  } else if (fault.errcode !== undefined) {
    const errcode = fault.errcode;
    const body = { errcode, errmsg: core.errmsg(errcode, log.ip, fault.errmsg) };
    writeApi(core, res, { kind: 'api', errcode, body }, logged);
  }
}

async function handleWeCom(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, path: string, search: string): Promise<void> {
  const query = new URLSearchParams(search);
  const ip = callerIp(req);
  const method = req.method ?? 'GET';
  const route = ROUTES.get(path);
  const readsBody = route?.kind === 'api' && route.readsBody;
  let raw = '';
  if (readsBody) raw = await readBody(req, core.behaviour.maxBodyBytes);
  const now = core.clock.now();
  const log: Logged = { time: new Date(now).toISOString(), method, path, query: redactQuery(query), ip };
  if (raw !== '') log.body = redactBody(parseAnyJson(raw), raw);
  const fault = core.faults.take(path);
  if (fault) {
    if (fault.delayMs > 0) await sleep(fault.delayMs);
    if (fault.kind !== 'delay') return writeFault(core, req, res, fault, log);
    log.fault = 'delay';
  }
  const at = fault ? core.clock.now() : now;
  if (route?.kind === 'api') {
    const body = readsBody ? parseJsonObject(raw) : undefined;
    return writeApi(core, res, route.handler({ core, method, path, query, body, ip, now: at }), log);
  }
  if (route?.kind === 'page') {
    const ctx = { core, path, query, userAgent: req.headers['user-agent'] ?? '', cookieHeader: req.headers.cookie ?? '', now: at };
    return writePage(core, res, route.handler(ctx), log);
  }
  if (path.startsWith(CGI_PREFIX)) {
    const errcode = core.behaviour.unknownApiErrcode;
    return writeApi(core, res, { kind: 'api', errcode, body: { errcode, errmsg: core.errmsg(errcode, ip) } }, log);
  }
  if (path === '/') return writePage(core, res, { kind: 'page', status: 200, html: indexPage(core.directory, [...ROUTES.keys()]) }, log);
  sendJson(res, 404, { error: `no such path: ${path}` });
  core.calls.add({ ...log, status: 404, errcode: null });
}

function onError(res: ServerResponse, err: unknown): void {
  if (err instanceof BodyTooLarge) {
    sendJson(res, 413, { error: `request body too large (limit ${err.limit} bytes)` }, { Connection: 'close' });
    return;
  }
  // A bug in the emulator: answer 500 so that tests notice, and keep serving.
  const message = err instanceof Error ? err.message : String(err);
  send(res, 500, JSON_TYPE, JSON.stringify({ error: `emulator internal error: ${message}` }));
}

/** The node:http request listener: control API under /__emulator/, everything else is WeCom. */
export function createRequestListener(core: EmulatorCore): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    const { path, search } = splitUrl(req.url ?? '/');
    const work = path === '/__emulator' || path.startsWith('/__emulator/') ? handleControl(core, req, res, path, search) : handleWeCom(core, req, res, path, search);
    work.catch((err: unknown) => onError(res, err));
  };
}
