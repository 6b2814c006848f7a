import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** WeCom accepts only `a-zA-Z0-9`, at most 128 bytes (reference A2; 84025 otherwise). */
const WELL_FORMED_STATE = /^[A-Za-z0-9]{1,128}$/;

/** 43 characters of a 62-letter alphabet carry 256 bits. */
export const STATE_LENGTH = 43;

/**
 * A fresh, unguessable `state` in WeCom's alphabet. `randomInt` draws each
 * character without modulo bias.
 */
export function generateState(): string {
  let state = '';
  for (let index = 0; index < STATE_LENGTH; index += 1) state += ALPHABET[randomInt(ALPHABET.length)];
  return state;
}

/** Whether `value` is shaped like a state WeCom would carry back unchanged. */
export function isWellFormedState(value: unknown): value is string {
  return typeof value === 'string' && WELL_FORMED_STATE.test(value);
}
