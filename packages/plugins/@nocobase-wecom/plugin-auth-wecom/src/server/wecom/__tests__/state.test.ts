import { describe, expect, it } from 'vitest';
import { generateState, isWellFormedState, STATE_LENGTH } from '../state';

describe('generateState', () => {
  it('is 43 characters of [A-Za-z0-9], within the 32–43 range, and well formed for WeCom', () => {
    const state = generateState();
    expect(STATE_LENGTH).toBe(43);
    expect(state).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(isWellFormedState(state)).toBe(true);
  });

  it('does not repeat, and uses the whole alphabet with no visible bias', () => {
    const states = Array.from({ length: 2000 }, generateState);
    expect(new Set(states).size).toBe(states.length);
    const counts = new Map<string, number>();
    for (const character of states.join('')) counts.set(character, (counts.get(character) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // 86,000 draws over 62 letters: about 1,387 each. A biased generator (e.g. byte % 62) skews
    // the first 8 letters by ~25%; allow ±15% for chance.
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(1387 * 0.85);
      expect(count).toBeLessThan(1387 * 1.15);
    }
  });
});

describe('isWellFormedState', () => {
  it.each(['a', 'Z9', 'x'.repeat(128)])('accepts %j', (state) => {
    expect(isWellFormedState(state)).toBe(true);
  });

  it.each(['', 'x'.repeat(129), 'a-b', 'a_b', 'a b', 'abc=', 'é', '%41', undefined, 42, ['abc']])('refuses %j', (state) => {
    expect(isWellFormedState(state)).toBe(false);
  });
});
