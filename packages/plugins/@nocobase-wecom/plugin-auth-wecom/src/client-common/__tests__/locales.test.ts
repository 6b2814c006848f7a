import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUTHENTICATOR_FIELDS, FORM_LABELS } from '../../common/settings/authenticator';
import { CHECK_MESSAGES } from '../../common/settings/checks';
import { CHOICE_MESSAGE, NUMBER_MESSAGE, REQUIRED_MESSAGE } from '../../common/settings/model';
import { checkEncodingAESKey, checkEventToken, SYNC_FORM_LABELS, SYNC_SOURCE_FIELDS } from '../../common/settings/sync-source';
import { SYNC_SETUP_MESSAGES } from '../../server/sync/settings';
import { PROGRESS_MESSAGE } from '../../server/sync/apply-records';
import { SUMMARY_MESSAGE } from '../../server/sync/tally';
import { SYNC_VALIDATION_MESSAGES } from '../../server/validation/sync-source-save';

const LANGUAGES = ['en-US', 'zh-CN', 'ja-JP', 'ko-KR', 'id-ID'];
const root = path.resolve(__dirname, '../..');
const localeDir = path.join(root, 'locale');

function load(lang: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(localeDir, `${lang}.json`), 'utf8'));
}

/** Every `t('…')` literal in the client lanes and the shared client code. */
function clientKeys(): string[] {
  const fieldTexts = AUTHENTICATOR_FIELDS.flatMap((field) => ('help' in field ? [field.label, field.help] : [field.label]));
  const keys = new Set<string>([...fieldTexts, ...Object.values(FORM_LABELS), ...Object.values(CHECK_MESSAGES), REQUIRED_MESSAGE]);
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '__tests__') walk(full);
      } else if (/\.tsx?$/.test(entry.name)) {
        const source = fs.readFileSync(full, 'utf8');
        for (const match of source.matchAll(/\bt\(\s*'((?:[^'\\]|\\.)+)'/g)) keys.add(match[1].replace(/\\'/g, "'"));
      }
    }
  };
  for (const lane of ['client', 'client-v2', 'client-common']) walk(path.join(root, lane));
  return [...keys];
}

describe('locales', () => {
  const files = Object.fromEntries(LANGUAGES.map((lang) => [lang, load(lang)]));

  it('has every key in all five languages, with a non-empty text', () => {
    const all = new Set(LANGUAGES.flatMap((lang) => Object.keys(files[lang])));
    const missing: string[] = [];
    for (const key of all) {
      for (const lang of LANGUAGES) {
        const value = files[lang][key];
        if (typeof value !== 'string' || value.trim() === '') missing.push(`${lang}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('keeps the {{placeholders}} of the English text in every translation', () => {
    const wrong: string[] = [];
    for (const [key, english] of Object.entries(files['en-US'])) {
      const wanted = [...english.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
      for (const lang of LANGUAGES) {
        const value = files[lang][key];
        if (typeof value !== 'string') continue;
        const got = [...value.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
        if (got.join() !== wanted.join()) wrong.push(`${lang}: ${key}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('translates every string the client shows', () => {
    const keys = clientKeys();
    expect(keys.length).toBeGreaterThan(30);
    expect(keys.filter((key) => !(key in files['en-US']))).toEqual([]);
  });
});

/** The directory-sync source: its form (both UIs) and what the server says about it. */
function syncKeys(): string[] {
  const fields = SYNC_SOURCE_FIELDS.flatMap((field) => [
    field.label,
    ...('help' in field ? [field.help] : []),
    ...('choices' in field ? field.choices.map((choice) => choice.label) : []),
  ]);
  return [
    ...fields,
    ...Object.values(SYNC_FORM_LABELS),
    CHOICE_MESSAGE,
    NUMBER_MESSAGE,
    checkEncodingAESKey('x') ?? '',
    checkEventToken(' ') ?? '',
    SUMMARY_MESSAGE,
    PROGRESS_MESSAGE,
    ...Object.values(SYNC_SETUP_MESSAGES),
    ...Object.values(SYNC_VALIDATION_MESSAGES),
  ];
}

describe('sync source locales', () => {
  it('translates the sync source form and its messages', () => {
    const en = load('en-US');
    expect(syncKeys().filter((key) => !(key in en))).toEqual([]);
  });
});

describe('client sources', () => {
  it('use no require(): the host page loads the lanes as AMD modules', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== '__tests__') walk(full);
        } else if (/\.tsx?$/.test(entry.name) && /\brequire\s*\(/.test(fs.readFileSync(full, 'utf8'))) {
          offenders.push(path.relative(root, full));
        }
      }
    };
    for (const lane of ['client', 'client-v2', 'client-common']) walk(path.join(root, lane));
    expect(offenders).toEqual([]);
  });
});
