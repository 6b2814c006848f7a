import type { EmulatorCore } from '../core';
import { ReceiverView, receiverView, verifyReceiver } from '../events/receiver';
import { Problems, describe, isRecord } from '../seed/reader';
import { NormalizedCorp } from '../seed/types';
import { RECEIVER_KEYS, readEventReceiver } from '../seed/validate-receiver';
import { BadRequest } from './bad-request';

/** The corp named by `corpId` (query or body); 400 when missing or unknown. */
export function corpOf(core: EmulatorCore, corpId: unknown): NormalizedCorp {
  if (corpId === null || corpId === undefined || corpId === '') throw new BadRequest('"corpId" is required');
  if (typeof corpId !== 'string') throw new BadRequest(`"corpId" must be a string, got ${describe(corpId)}`);
  const corp = core.directory.seed.corps.find((c) => c.corpId === corpId);
  if (!corp) throw new BadRequest(`no corp ${JSON.stringify(corpId)} in the seed`);
  return corp;
}

function answer(corp: NormalizedCorp): { corpId: string; receiver: ReceiverView | null } {
  return { corpId: corp.corpId, receiver: corp.eventReceiver ? receiverView(corp.eventReceiver) : null };
}

/** `GET /__emulator/receiver?corpId=`: the URL and mode, not the token or key. */
export function getReceiver(core: EmulatorCore, query: URLSearchParams): ReturnType<typeof answer> {
  return answer(corpOf(core, query.get('corpId')));
}

/**
 * `PUT /__emulator/receiver {corpId, url, token, encodingAESKey, idsOnly?}`: as WeCom's admin page does, saves
 * only after the URL handshake (C2.1) passed; otherwise 400 with the reason and the old receiver kept.
 */
export async function putReceiver(core: EmulatorCore, body: unknown): Promise<ReturnType<typeof answer> & { ok: true }> {
  if (!isRecord(body)) throw new BadRequest(`the body must be {"corpId","url","token","encodingAESKey","idsOnly"?}, got ${describe(body)}`);
  const corp = corpOf(core, body.corpId);
  const problems = new Problems();
  const receiver = readEventReceiver(body, 'body', problems, ['corpId', ...RECEIVER_KEYS]);
  if (!receiver || problems.list.length > 0) throw new BadRequest(`invalid receiver:\n  - ${problems.list.join('\n  - ')}`, problems.list);
  const failure = await verifyReceiver(core, corp.corpId, receiver);
  if (failure !== null) throw new BadRequest(`receiver not saved: the URL verification failed: ${failure}`);
  const current = corpOf(core, corp.corpId);
  core.replaceCorp({ ...current, eventReceiver: receiver });
  return { ok: true, ...answer({ ...current, eventReceiver: receiver }) };
}

/** `DELETE /__emulator/receiver?corpId=`: no receiver, so no events. */
export function deleteReceiver(core: EmulatorCore, query: URLSearchParams): { ok: true; corpId: string; removed: boolean } {
  const corp = corpOf(core, query.get('corpId'));
  core.replaceCorp({ ...corp, eventReceiver: null });
  return { ok: true, corpId: corp.corpId, removed: corp.eventReceiver !== null };
}
