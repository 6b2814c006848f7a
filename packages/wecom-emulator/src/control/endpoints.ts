import type { EmulatorCore } from '../core';
import { parseFault } from '../faults';
import { describe, isRecord } from '../seed/reader';
import { parseSeed } from '../seed/validate';
import { MAX_ADVANCE_SECONDS } from '../state/clock';
import { RevokeFilter } from '../state/tokens';
import { BadRequest } from './bad-request';
import { postDirectoryChanges } from './directory-changes';
import { inboxJson } from './inbox';
import { mintCodes } from './mint-codes';
import { deleteReceiver, getReceiver, putReceiver } from './receiver';

export interface ControlRequest {
  readonly core: EmulatorCore;
  readonly query: URLSearchParams;
  /** Parsed JSON body; undefined when empty. */
  readonly body: unknown;
}

export type ControlHandler = (req: ControlRequest) => unknown;

function clockState(core: EmulatorCore): Record<string, unknown> {
  return { now: new Date(core.clock.now()).toISOString(), offsetSeconds: core.clock.offsetSeconds };
}

function optionalString(obj: Record<string, unknown>, key: string): string | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value !== '') return value;
  if (key === 'agentId' && typeof value === 'number' && Number.isInteger(value)) return String(value);
  throw new BadRequest(`"${key}" must be a non-empty string, got ${describe(value)}`);
}

function parseRevokeFilter(body: unknown): RevokeFilter {
  if (body === undefined) return {};
  if (!isRecord(body)) throw new BadRequest(`the body must be empty or a JSON object, got ${describe(body)}`);
  const unknown = Object.keys(body).filter((k) => k !== 'corpId' && k !== 'agentId');
  if (unknown.length > 0) throw new BadRequest(`unknown field(s) ${unknown.join(', ')}; allowed: corpId, agentId`);
  const filter: RevokeFilter = {};
  const corpId = optionalString(body, 'corpId');
  const agentId = optionalString(body, 'agentId');
  if (corpId !== undefined) filter.corpId = corpId;
  if (agentId !== undefined) filter.agentId = agentId;
  return filter;
}

function callFilter(query: URLSearchParams): { path?: string; method?: string; errcode?: number } {
  const filter: { path?: string; method?: string; errcode?: number } = {};
  const path = query.get('path');
  const method = query.get('method');
  const errcode = query.get('errcode');
  if (path) filter.path = path;
  if (method) filter.method = method;
  if (errcode) {
    if (!/^-?\d+$/.test(errcode)) throw new BadRequest(`"errcode" must be an integer, got ${JSON.stringify(errcode)}`);
    filter.errcode = Number(errcode);
  }
  return filter;
}

function requireBody(body: unknown, what: string): unknown {
  if (body === undefined) throw new BadRequest(`the body must be ${what}`);
  return body;
}

/** `METHOD /__emulator/...` → handler. Documented in the README ("Control API"). */
export const CONTROL_ENDPOINTS: ReadonlyMap<string, ControlHandler> = new Map<string, ControlHandler>([
  ['GET /__emulator/health', () => ({ ok: true })],
  ['GET /__emulator/seed', ({ core }) => core.directory.seed],
  [
    'POST /__emulator/seed',
    ({ core, query, body }) => {
      const seed = parseSeed(requireBody(body, 'a seed object'));
      core.setSeed(seed, query.get('keepSessions') === '1' || query.get('keepSessions') === 'true');
      return { ok: true, corps: seed.corps.length, apps: seed.corps.reduce((n, c) => n + c.apps.length, 0), members: seed.corps.reduce((n, c) => n + c.members.length, 0) };
    },
  ],
  ['GET /__emulator/calls', ({ core, query }) => ({ calls: core.calls.list(callFilter(query)) })],
  [
    'DELETE /__emulator/calls',
    ({ core }) => {
      core.calls.clear();
      return { ok: true };
    },
  ],
  ['GET /__emulator/faults', ({ core }) => ({ faults: core.faults.list() })],
  [
    'POST /__emulator/faults',
    ({ core, body }) => {
      const fault = parseFault(requireBody(body, 'a fault object such as {"path":"/cgi-bin/gettoken","errcode":-1}'));
      if (fault === 'clear-all') core.faults.clear();
      else core.faults.add(fault);
      return { ok: true, faults: core.faults.list() };
    },
  ],
  [
    'DELETE /__emulator/faults',
    ({ core }) => {
      core.faults.clear();
      return { ok: true, faults: [] };
    },
  ],
  ['GET /__emulator/clock', ({ core }) => clockState(core)],
  [
    'POST /__emulator/clock',
    ({ core, body }) => {
      const seconds = isRecord(body) ? body.advanceSeconds : undefined;
      if (!isRecord(body) || Object.keys(body).some((k) => k !== 'advanceSeconds')) throw new BadRequest('the body must be {"advanceSeconds": <number ≥ 0>}');
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_ADVANCE_SECONDS) {
        throw new BadRequest(`"advanceSeconds" must be a number from 0 to ${MAX_ADVANCE_SECONDS}, got ${describe(seconds)}`);
      }
      try {
        core.clock.advance(seconds);
      } catch (err) {
        throw new BadRequest(err instanceof Error ? err.message : String(err));
      }
      return clockState(core);
    },
  ],
  ['POST /__emulator/tokens/revoke', ({ core, body }) => ({ revoked: core.tokens.revoke(core.clock.now(), parseRevokeFilter(body)) })],
  ['POST /__emulator/codes', ({ core, body }) => ({ codes: mintCodes(core, requireBody(body, 'a code spec such as {"corpId":"…","agentId":1000002,"userid":"zhangsan"}')) })],
  ['GET /__emulator/messages', ({ core, query }) => inboxJson(core, query)],
  ['GET /__emulator/receiver', ({ core, query }) => getReceiver(core, query)],
  ['PUT /__emulator/receiver', ({ core, body }) => putReceiver(core, body)],
  ['DELETE /__emulator/receiver', ({ core, query }) => deleteReceiver(core, query)],
  ['POST /__emulator/directory/changes', ({ core, body }) => postDirectoryChanges(core, body)],
  ['GET /__emulator/deliveries', ({ core, query }) => ({ deliveries: core.deliveries.list(query.get('corpId') || undefined) })],
  ['GET /__emulator/config', ({ core }) => core.behaviour],
  [
    'POST /__emulator/config',
    ({ core, body }) => {
      core.configure(requireBody(body, 'an options object such as {"repeatTokenExpiresIn":"remaining"}'));
      return core.behaviour;
    },
  ],
  [
    'POST /__emulator/reset',
    ({ core }) => {
      core.reset();
      return { ok: true };
    },
  ],
]);
