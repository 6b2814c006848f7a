import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore } from '../core';
import { BodyTooLarge, readBody } from '../http/body';
import { sendJson } from '../http/send';
import { OptionsError } from '../options';
import { SeedValidationError } from '../seed/reader';
import { BadRequest } from './bad-request';
import { CONTROL_ENDPOINTS } from './endpoints';
import { INBOX_PAGE_ENDPOINT, INBOX_PAGE_PREFIX, serveInboxPage } from './inbox';
import { controlRefusal } from './origin-guard';

function endpointList(): string[] {
  return [...CONTROL_ENDPOINTS.keys(), INBOX_PAGE_ENDPOINT];
}

/**
 * Control requests are not logged and not subject to faults. Bad input → 400 `{ error, problems? }`;
 * a foreign Origin or a non-loopback Host → 403 `{ error }` before anything else (see origin-guard).
 */
export async function handleControl(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, path: string, search: string): Promise<void> {
  const refusal = controlRefusal(req.headers);
  if (refusal !== null) return sendJson(res, 403, { error: refusal });
  const method = req.method ?? 'GET';
  if (path.startsWith(INBOX_PAGE_PREFIX)) {
    if (method === 'GET') return serveInboxPage(core, res, path, search);
    return sendJson(res, 405, { error: `${method} is not supported on ${path}`, allowed: [INBOX_PAGE_ENDPOINT] });
  }
  const handler = CONTROL_ENDPOINTS.get(`${method} ${path}`);
  if (!handler) {
    const allowed = endpointList().filter((e) => e.endsWith(` ${path}`));
    if (allowed.length > 0) return sendJson(res, 405, { error: `${method} is not supported on ${path}`, allowed });
    return sendJson(res, 404, { error: `unknown control endpoint ${method} ${path}`, endpoints: endpointList() });
  }
  let raw: string;
  try {
    raw = await readBody(req, core.behaviour.maxBodyBytes);
  } catch (err) {
    if (err instanceof BodyTooLarge) return sendJson(res, 413, { error: err.message }, { Connection: 'close' });
    throw err;
  }
  let body: unknown;
  if (raw.trim() !== '') {
    try {
      body = JSON.parse(raw);
    } catch (err) {
      return sendJson(res, 400, { error: `the body is not valid JSON: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  try {
    sendJson(res, 200, await handler({ core, query: new URLSearchParams(search), body }));
  } catch (err) {
    if (err instanceof SeedValidationError || err instanceof OptionsError) {
      return sendJson(res, 400, { error: err.message, problems: err.problems });
    }
    if (err instanceof BadRequest) return sendJson(res, 400, { error: err.message, ...(err.problems && { problems: err.problems }) });
    throw err;
  }
}
