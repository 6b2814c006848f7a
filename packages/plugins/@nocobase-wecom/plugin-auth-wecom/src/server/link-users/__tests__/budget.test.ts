import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowedFailures, chinaDay, nextChinaMidnight } from '../budget';
import { usableEmail } from '../candidates';
import { LINK_MESSAGES } from '../messages';

describe('the lookup budget', () => {
  it('keeps one failed lookup in reserve below 20% of the seats', () => {
    expect(allowedFailures(200)).toBe(39);
    expect(allowedFailures(20)).toBe(3);
    expect(allowedFailures(9)).toBe(0);
    expect(allowedFailures(1)).toBe(0);
  });

  it('counts days and midnights in China time', () => {
    // 2026-12-03 15:59 UTC is 23:59 in Shanghai; one minute later it is the next day there.
    const lateEvening = Date.parse('2026-12-03T15:59:00Z');
    expect(chinaDay(lateEvening)).toBe('2026-12-03');
    expect(chinaDay(lateEvening + 60_000)).toBe('2026-12-04');
    expect(new Date(nextChinaMidnight(lateEvening)).toISOString()).toBe('2026-12-03T16:00:00.000Z');
    expect(new Date(nextChinaMidnight(Date.parse('2026-12-03T16:00:00Z'))).toISOString()).toBe('2026-12-04T16:00:00.000Z');
  });
});

describe('emails', () => {
  it('are looked up lowercased, and only when WeCom would take them', () => {
    expect(usableEmail(' LiSi@Example.com ')).toBe('lisi@example.com');
    expect(usableEmail('no-at-sign')).toBeUndefined();
    expect(usableEmail(`${'a'.repeat(60)}@example.com`)).toBeUndefined();
  });
});

describe('messages', () => {
  it('are in all five locale files', () => {
    const dir = path.resolve(__dirname, '../../../locale');
    for (const lang of ['en-US', 'zh-CN', 'ja-JP', 'ko-KR', 'id-ID']) {
      const file = JSON.parse(fs.readFileSync(path.join(dir, `${lang}.json`), 'utf8'));
      expect(Object.values(LINK_MESSAGES).filter((key) => !(key in file)), lang).toEqual([]);
    }
  });
});
