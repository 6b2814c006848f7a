import type { EmulatorCore } from '../core';
import { describe, isRecord } from '../seed/reader';
import { readAgentId } from '../seed/validate-app';
import { Problems } from '../seed/reader';
import { CodeSubject, Scope } from '../state/codes';
import { AppState } from '../state/directory';
import { BadRequest } from './bad-request';

/**
 * What `POST /__emulator/codes` and `emu.issueCode()` take: codes as the login pages would have issued
 * them, without a browser (for tests and the benchmark).
 */
export interface CodeSpec {
  corpId: string;
  /** Omit for a code from an OAuth URL without agentid (bound to the corp only). */
  agentId?: number | string;
  /** A member's userid, or… */
  userid?: string;
  /** …a non-member's openid (as if opened in personal WeChat). */
  openid?: string;
  externalUserId?: string;
  /** Default snsapi_base. */
  scope?: Scope;
  /** Default "oauth". */
  source?: 'oauth' | 'weblogin';
  /** Default: the app's first trusted domain (oauth) or first web-login domain (weblogin). */
  redirectHost?: string;
  /** Default true: the member approved the privateinfo consent page. */
  consented?: boolean;
  /** 1 to 100000; default 1. */
  count?: number;
}

const KEYS = ['corpId', 'agentId', 'userid', 'openid', 'externalUserId', 'scope', 'source', 'redirectHost', 'consented', 'count'];

function str(input: Record<string, unknown>, key: string): string | undefined {
  const value = input[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new BadRequest(`"${key}" must be a non-empty string, got ${describe(value)}`);
  return value;
}

function resolveApp(core: EmulatorCore, corpId: string, agentValue: unknown): AppState | null {
  if (agentValue === undefined) return null;
  const problems = new Problems();
  const agentId = readAgentId(agentValue, 'agentId', problems);
  if (agentId === undefined) throw new BadRequest(problems.list.join('; '));
  const app = core.directory.app(corpId, agentId);
  if (!app) throw new BadRequest(`corp ${corpId} has no app with agentId ${agentId}`);
  return app;
}

function defaultHost(core: EmulatorCore, corpId: string, app: AppState | null, source: 'oauth' | 'weblogin'): string {
  const domains = app ? (source === 'weblogin' ? app.webLoginDomains : app.trustedDomains) : core.directory.corps.get(corpId)?.anyAppTrustedDomains;
  const first = domains?.values().next().value;
  if (first === undefined) throw new BadRequest('the app has no trusted or web-login domain; give "redirectHost"');
  return first;
}

/** Validates a code spec and issues the codes. Throws BadRequest with what is wrong. */
export function mintCodes(core: EmulatorCore, input: unknown): string[] {
  if (!isRecord(input)) throw new BadRequest(`the body must be a JSON object, got ${describe(input)}`);
  const unknown = Object.keys(input).filter((k) => !KEYS.includes(k));
  if (unknown.length > 0) throw new BadRequest(`unknown field(s) ${unknown.join(', ')}; allowed: ${KEYS.join(', ')}`);
  const corpId = str(input, 'corpId');
  if (corpId === undefined) throw new BadRequest('"corpId" is required');
  const corp = core.directory.corps.get(corpId);
  if (!corp) throw new BadRequest(`no corp ${JSON.stringify(corpId)} in the seed`);
  const app = resolveApp(core, corpId, input.agentId);
  const userid = str(input, 'userid');
  const openid = str(input, 'openid');
  if ((userid === undefined) === (openid === undefined)) throw new BadRequest('give exactly one of "userid" or "openid"');
  if (userid !== undefined && !corp.members.has(userid)) throw new BadRequest(`corp ${corpId} has no member ${JSON.stringify(userid)}`);
  const scope = input.scope ?? 'snsapi_base';
  if (scope !== 'snsapi_base' && scope !== 'snsapi_privateinfo') throw new BadRequest('"scope" must be snsapi_base or snsapi_privateinfo');
  const source = input.source ?? 'oauth';
  if (source !== 'oauth' && source !== 'weblogin') throw new BadRequest('"source" must be "oauth" or "weblogin"');
  if (source === 'weblogin' && app === null) throw new BadRequest('web-login codes need "agentId"');
  const consented = input.consented ?? true;
  if (typeof consented !== 'boolean') throw new BadRequest('"consented" must be true or false');
  const count = input.count ?? 1;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 100_000) {
    throw new BadRequest(`"count" must be an integer from 1 to 100000, got ${describe(count)}`);
  }
  const redirectHost = (str(input, 'redirectHost') ?? defaultHost(core, corpId, app, source)).toLowerCase();
  const subject: CodeSubject =
    userid !== undefined ? { kind: 'member', userid } : { kind: 'nonMember', openid: openid ?? '', externalUserId: str(input, 'externalUserId') ?? null };
  const grant = { corpId, agentId: app?.agentId ?? null, subject, scope, redirectHost, source, consented } as const;
  const now = core.clock.now();
  const ttl = core.behaviour.codeTtlSeconds;
  return Array.from({ length: count }, () => core.codes.issue(grant, now, ttl));
}
