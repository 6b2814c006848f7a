import { isEncodingAESKey } from '../callback/crypto';
import { NormalizedEventReceiver } from './types';
import { Problems, readBoolean, readObject, readString } from './reader';

export const RECEIVER_KEYS = ['url', 'token', 'encodingAESKey', 'idsOnly'] as const;

/** WeCom's callback Token: letters and digits, at most 32 (the admin page generates 3–32). */
const TOKEN = /^[A-Za-z0-9]{1,32}$/;

function readUrl(value: unknown, path: string, problems: Problems): string | undefined {
  const text = readString(value, path, problems, { maxLength: 2048 });
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.add(path, `the string ${JSON.stringify(text)} is not a URL`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.add(path, `must be an http or https URL, got ${JSON.stringify(url.protocol)}`);
  else if (url.hash !== '') problems.add(path, 'must not have a #fragment');
  else return text;
  return undefined;
}

/** `eventReceiver` of a corp, or the body of `PUT /__emulator/receiver` (without its corpId). */
export function readEventReceiver(
  value: unknown,
  path: string,
  problems: Problems,
  allowedKeys: readonly string[] = RECEIVER_KEYS,
): NormalizedEventReceiver | undefined {
  const obj = readObject(value, path, problems, allowedKeys);
  if (!obj) return undefined;
  const url = readUrl(obj.url, `${path}.url`, problems);
  const token = readString(obj.token, `${path}.token`, problems, { pattern: TOKEN, patternHint: 'must be 1–32 letters or digits' });
  const key = readString(obj.encodingAESKey, `${path}.encodingAESKey`, problems);
  if (key !== undefined && !isEncodingAESKey(key)) problems.add(`${path}.encodingAESKey`, 'must be 43 characters of base64 (A–Z, a–z, 0–9, +, /)');
  const idsOnly = obj.idsOnly === undefined ? true : readBoolean(obj.idsOnly, `${path}.idsOnly`, problems);
  if (url === undefined || token === undefined || key === undefined || !isEncodingAESKey(key) || idsOnly === undefined) return undefined;
  return { url, token, encodingAESKey: key, idsOnly };
}
