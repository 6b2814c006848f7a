import { applyChanges } from '../changes/apply';
import type { EmulatorCore } from '../core';
import { contactEvent } from '../events/contact-events';
import { EventToSend, scheduleDeliveries } from '../events/deliver';
import { Problems, describe, isRecord } from '../seed/reader';
import { BadRequest } from './bad-request';
import { corpOf } from './receiver';

export interface ChangesResult {
  ok: true;
  applied: number;
  /** Ids of the deliveries queued for the corp's receiver (none without one). */
  deliveries: string[];
}

/**
 * `POST /__emulator/directory/changes {corpId, changes: [...]}`: validates every change first (400 with each
 * problem, nothing applied), applies them to the live directory (tokens and sessions stay), then queues one
 * change_contact event per change for the corp's receiver, if it has one. Answers before the events are sent.
 */
export function postDirectoryChanges(core: EmulatorCore, body: unknown): ChangesResult {
  if (!isRecord(body)) throw new BadRequest(`the body must be {"corpId": "…", "changes": [...]}, got ${describe(body)}`);
  const unknown = Object.keys(body).filter((k) => k !== 'corpId' && k !== 'changes');
  if (unknown.length > 0) throw new BadRequest(`unknown field(s) ${unknown.join(', ')}; allowed: corpId, changes`);
  const corp = corpOf(core, body.corpId);
  if (!Array.isArray(body.changes) || body.changes.length === 0) throw new BadRequest(`"changes" must be a non-empty array, got ${describe(body.changes)}`);
  const problems = new Problems();
  const { corp: changed, applied } = applyChanges(corp, body.changes, problems);
  if (problems.list.length > 0) throw new BadRequest(`no change applied:\n  - ${problems.list.join('\n  - ')}`, problems.list);
  core.replaceCorp(changed);
  const receiver = changed.eventReceiver;
  if (!receiver) return { ok: true, applied: applied.length, deliveries: [] };
  const events: EventToSend[] = [];
  for (const { change, duplicate } of applied) {
    const event = contactEvent(change, receiver.idsOnly);
    if (event) events.push({ event, duplicate });
  }
  return { ok: true, applied: applied.length, deliveries: scheduleDeliveries(core, changed.corpId, receiver, events) };
}
