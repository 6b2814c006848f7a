import { isIP } from 'node:net';
import { NormalizedApp, SENSITIVE_FIELDS, SensitiveField } from './types';
import { Problems, describe, readBoolean, readObject, readString, readStringList } from './reader';

const APP_KEYS = [
  'agentId',
  'secret',
  'name',
  'createdAt',
  'enabled',
  'trustedDomains',
  'webLoginDomains',
  'trustedIps',
  'visibleUserIds',
  'sensitiveFields',
] as const;

export const DEFAULT_APP_CREATED_AT = '2024-01-01T00:00:00+08:00';

/** A WeCom trusted domain is a bare host, optionally with a port; no protocol, path or wildcard (A2). */
const DOMAIN = /^(\[[0-9a-f:.]+\]|[a-z0-9-]+(\.[a-z0-9-]+)*)(:\d{1,5})?$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

export function readAgentId(value: unknown, path: string, problems: Problems): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return String(Number(value));
  problems.add(path, `must be a number or a string of digits, got ${describe(value)}`);
  return undefined;
}

function readDomain(item: unknown, path: string, problems: Problems): string | undefined {
  const s = readString(item, path, problems);
  if (s === undefined) return undefined;
  if (s.includes('://')) problems.add(path, `${describe(s)} must not include a protocol; write "host:port"`);
  else if (s.includes('*')) problems.add(path, `${describe(s)}: wildcards are not allowed; WeCom matches host:port exactly`);
  else if (!DOMAIN.test(s)) problems.add(path, `${describe(s)} must be "host" or "host:port" (no path)`);
  else return s.toLowerCase();
  return undefined;
}

function readIp(item: unknown, path: string, problems: Problems): string | undefined {
  const s = readString(item, path, problems);
  if (s === undefined) return undefined;
  if (isIP(s) === 0) {
    problems.add(path, `${describe(s)} is not an IPv4 or IPv6 address`);
    return undefined;
  }
  return s;
}

function readSensitiveField(item: unknown, path: string, problems: Problems): SensitiveField | undefined {
  const found = SENSITIVE_FIELDS.find((f) => f === item);
  if (!found) problems.add(path, `must be one of ${SENSITIVE_FIELDS.join(', ')}, got ${describe(item)}`);
  return found;
}

function readCreatedAt(value: unknown, path: string, problems: Problems): string {
  if (value === undefined) return DEFAULT_APP_CREATED_AT;
  const s = readString(value, path, problems);
  if (s === undefined) return DEFAULT_APP_CREATED_AT;
  if (!ISO_DATE.test(s) || Number.isNaN(Date.parse(s))) {
    problems.add(path, `${describe(s)} is not an ISO 8601 date such as "2024-01-01T00:00:00+08:00"`);
  }
  return s;
}

function readVisible(value: unknown, path: string, problems: Problems): 'all' | string[] {
  if (value === undefined || value === 'all') return 'all';
  if (!Array.isArray(value)) {
    problems.add(path, `must be "all" or an array of userids, got ${describe(value)}`);
    return [];
  }
  return readStringList(value, path, problems, (item, p) => readString(item, p, problems));
}

export function readApp(value: unknown, path: string, problems: Problems): NormalizedApp | undefined {
  const obj = readObject(value, path, problems, APP_KEYS);
  if (!obj) return undefined;
  const agentId = readAgentId(obj.agentId, `${path}.agentId`, problems);
  const secret = readString(obj.secret, `${path}.secret`, problems, { pattern: /^\S+$/, patternHint: 'must not contain spaces' });
  const name = obj.name === undefined ? `App ${agentId ?? ''}`.trim() : readString(obj.name, `${path}.name`, problems);
  const enabled = obj.enabled === undefined ? true : readBoolean(obj.enabled, `${path}.enabled`, problems);
  const list = (key: string, read: (item: unknown, p: string, pr: Problems) => string | undefined): string[] =>
    obj[key] === undefined ? [] : readStringList(obj[key], `${path}.${key}`, problems, (item, p) => read(item, p, problems));
  const app: NormalizedApp = {
    agentId: agentId ?? '',
    secret: secret ?? '',
    name: name ?? '',
    createdAt: readCreatedAt(obj.createdAt, `${path}.createdAt`, problems),
    enabled: enabled ?? true,
    trustedDomains: list('trustedDomains', readDomain),
    webLoginDomains: list('webLoginDomains', readDomain),
    trustedIps: list('trustedIps', readIp),
    visibleUserIds: readVisible(obj.visibleUserIds, `${path}.visibleUserIds`, problems),
    sensitiveFields: [],
  };
  if (obj.sensitiveFields !== undefined) {
    const fields = readStringList(obj.sensitiveFields, `${path}.sensitiveFields`, problems, (item, p) =>
      readSensitiveField(item, p, problems),
    );
    app.sensitiveFields = fields.filter((f): f is SensitiveField => SENSITIVE_FIELDS.some((s) => s === f));
  }
  return app;
}
