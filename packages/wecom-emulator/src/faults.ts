import { BadRequest } from './control/bad-request';
import { describe, isRecord } from './seed/reader';

export type FaultKind = 'errcode' | 'httpStatus' | 'delay' | 'reset';

/**
 * One injected failure, as posted to `POST /__emulator/faults`:
 * - `{ path, errcode, errmsg?, delayMs?, times? }`: HTTP 200 with that errcode and a WeCom-shaped errmsg
 *   (`errmsg`, if given, replaces the English text before ", hint: …").
 * - `{ path, httpStatus, delayMs?, times? }`: that HTTP status with a short text body.
 * - `{ path, delayMs, times? }`: wait, then answer normally.
 * - `{ path, reset: true, delayMs?, times? }`: destroy the connection with a TCP reset, no answer.
 * - `{ reset: true }` without `path`: remove every pending fault.
 * `times` (default 1) is how many of the next calls to `path` are hit. Faults for one path queue up in order.
 * An errcode / httpStatus / reset fault replaces the call entirely: no code is consumed, nothing is counted.
 */
export interface FaultSpec {
  path?: string;
  errcode?: number;
  errmsg?: string;
  httpStatus?: number;
  delayMs?: number;
  reset?: boolean;
  times?: number;
}

export interface Fault {
  readonly path: string;
  readonly kind: FaultKind;
  readonly errcode?: number;
  readonly errmsg?: string;
  readonly httpStatus?: number;
  readonly delayMs: number;
  remaining: number;
}

const FAULT_KEYS = ['path', 'errcode', 'errmsg', 'httpStatus', 'delayMs', 'reset', 'times'];
const MAX_DELAY_MS = 120_000;

function int(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new BadRequest(`"${name}" must be an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

/** Parses an untrusted fault spec. Returns 'clear-all' for `{ reset: true }` without a path. */
export function parseFault(input: unknown): Fault | 'clear-all' {
  if (!isRecord(input)) throw new BadRequest(`the body must be a JSON object, got ${describe(input)}`);
  const unknown = Object.keys(input).filter((k) => !FAULT_KEYS.includes(k));
  if (unknown.length > 0) throw new BadRequest(`unknown field(s) ${unknown.join(', ')}; allowed: ${FAULT_KEYS.join(', ')}`);
  if (input.reset !== undefined && input.reset !== true) throw new BadRequest('"reset" can only be true');
  if (input.path === undefined) {
    if (input.reset === true && Object.keys(input).length === 1) return 'clear-all';
    throw new BadRequest('"path" is required (e.g. "/cgi-bin/gettoken"); only { "reset": true } alone clears all faults');
  }
  const path = input.path;
  if (typeof path !== 'string' || !path.startsWith('/') || path.includes('?') || path.startsWith('/__emulator')) {
    throw new BadRequest(`"path" must be a WeCom path such as "/cgi-bin/gettoken" (no query), got ${describe(path)}`);
  }
  const errcode = int(input.errcode, 'errcode', -1_000_000, 1_000_000);
  if (errcode === 0) throw new BadRequest('"errcode" 0 is success, not a fault');
  const httpStatus = int(input.httpStatus, 'httpStatus', 200, 599);
  const delayMs = int(input.delayMs, 'delayMs', 0, MAX_DELAY_MS) ?? 0;
  const times = int(input.times, 'times', 1, 1_000_000) ?? 1;
  if (input.errmsg !== undefined && (typeof input.errmsg !== 'string' || errcode === undefined)) {
    throw new BadRequest('"errmsg" must be a string and needs "errcode"');
  }
  const kinds = [errcode !== undefined, httpStatus !== undefined, input.reset === true].filter(Boolean).length;
  if (kinds > 1) throw new BadRequest('give only one of "errcode", "httpStatus" or "reset"');
  if (kinds === 0 && input.delayMs === undefined) {
    throw new BadRequest('say what should happen: "errcode", "httpStatus", "delayMs" or "reset": true');
  }
  const kind: FaultKind =
    errcode !== undefined ? 'errcode' : httpStatus !== undefined ? 'httpStatus' : input.reset === true ? 'reset' : 'delay';
  const fault: Fault = { path, kind, delayMs, remaining: times };
  return {
    ...fault,
    ...(errcode !== undefined && { errcode }),
    ...(typeof input.errmsg === 'string' && { errmsg: input.errmsg }),
    ...(httpStatus !== undefined && { httpStatus }),
  };
}

export class FaultTable {
  private readonly byPath = new Map<string, Fault[]>();

  add(fault: Fault): void {
    const queue = this.byPath.get(fault.path);
    if (queue) queue.push(fault);
    else this.byPath.set(fault.path, [fault]);
  }

  /** The fault for this call, if any; counts it down. O(1) when no fault is armed. */
  take(path: string): Fault | undefined {
    if (this.byPath.size === 0) return undefined;
    const queue = this.byPath.get(path);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.remaining--;
    if (head.remaining <= 0) queue.shift();
    if (queue.length === 0) this.byPath.delete(path);
    return head;
  }

  list(): Fault[] {
    return [...this.byPath.values()].flat().map((f) => ({ ...f }));
  }

  clear(): void {
    this.byPath.clear();
  }
}
