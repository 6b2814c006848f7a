import { describe, expect, it } from 'vitest';
import { isSameMobile, normalizeMobile } from '../phone';

describe('normalizeMobile', () => {
  it.each([
    ['13800000000', '13800000000'],
    [' 138 0000 0000 ', '13800000000'],
    ['138-0000-0000', '13800000000'],
    ['(138) 0000-0000', '13800000000'],
    ['+8613800000000', '13800000000'],
    ['+86 138 0000 0000', '13800000000'],
    ['+86-13800000000', '13800000000'],
    ['008613800000000', '13800000000'],
    ['0086 13800000000', '13800000000'],
    ['8613800000000', '13800000000'],
    ['＋８６ １３８００００００００', '13800000000'],
    ['+852 6123 4567', '+85261234567'],
    ['00852-61234567', '+85261234567'],
    ['+1 (415) 555-0100', '+14155550100'],
    ['+86 010 1234 5678', '+8601012345678'],
    ['61234567', '61234567'],
    ['010-12345678', '01012345678'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeMobile(raw)).toBe(expected);
  });

  it.each(['', '   ', '+', 'abc', '138000000O0', '+86 138 0000 0000 ext 1', '+1234567890123456', undefined, null, 13800000000])(
    'gives undefined for %j',
    (raw) => {
      expect(normalizeMobile(raw)).toBeUndefined();
    },
  );

  it('keeps 86-prefixed numbers that are not Chinese mobiles as they are', () => {
    expect(normalizeMobile('86123')).toBe('86123');
    expect(normalizeMobile('8623800000000')).toBe('8623800000000');
  });
});

describe('isSameMobile', () => {
  it('matches different spellings of one number and nothing else', () => {
    expect(isSameMobile('+86 138-0000-0000', '13800000000')).toBe(true);
    expect(isSameMobile('13800000000', '13800000001')).toBe(false);
    expect(isSameMobile('', '')).toBe(false);
    expect(isSameMobile(undefined, undefined)).toBe(false);
  });
});

