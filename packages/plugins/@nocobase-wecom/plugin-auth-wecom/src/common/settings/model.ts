/**
 * A settings form described once. Each field says where it is stored under `options`, what it holds, its
 * default, whether the browser may see it, its label and help (translation keys) and its check. From that
 * list come the server's reading, the public options, the save validation, the classic UI's Formily schema
 * and the modern UI's `Form.Item`s. Pure: no NocoBase, no React.
 */
import type { CheckEnv } from './checks';

export interface SettingsField {
  /** The name code uses, e.g. `corpId`. */
  readonly name: string;
  /** Where it is stored, below `options`, e.g. `['wecom', 'corpId']`. */
  readonly path: readonly string[];
  /**
   * `text` is trimmed ('' counts as unset); `secret` is text shown as a password; `flag` is a boolean;
   * `authenticator` is text, the name of a WeCom authenticator, chosen from a list; `choice` is one of
   * `choices`; `number` is a whole number from `min` to `max`.
   */
  readonly kind: 'text' | 'secret' | 'flag' | 'authenticator' | 'choice' | 'number';
  /** The value when none is stored (flags, choices and numbers). */
  readonly default?: boolean | string | number;
  /** A choice's values and their labels (translation keys). */
  readonly choices?: readonly { readonly value: string; readonly label: string }[];
  readonly min?: number;
  readonly max?: number;
  readonly required?: boolean;
  /** Sent to every visitor with `authenticators:publicList` (flattened to `options.<name>`). */
  readonly public?: boolean;
  readonly label: string;
  readonly help?: string;
  /** Returns a message key when the (non-empty) value is not acceptable. */
  readonly check?: (value: string, env: CheckEnv) => string | undefined;
  /** Folded under "Advanced" in the forms. */
  readonly advanced?: boolean;
}

type ValueOf<F extends SettingsField> = F['kind'] extends 'flag'
  ? boolean
  : F['kind'] extends 'number'
    ? number
    : F['kind'] extends 'choice'
      ? F extends { choices: readonly { value: infer V }[] }
        ? V
        : string
      : F extends { required: true }
        ? string
        : string | undefined;

/** The values a field list reads to, by field name. */
export type SettingsValues<Fields extends readonly SettingsField[]> = { [F in Fields[number] as F['name']]: ValueOf<F> };

export interface SettingsProblem {
  field: SettingsField;
  /** A message key; `{{field}}` in it stands for the field's label. */
  message: string;
}

export const REQUIRED_MESSAGE = '{{field}} is required.';
export const CHOICE_MESSAGE = 'Choose one of the listed values.';
export const NUMBER_MESSAGE = 'Enter a whole number from {{min}} to {{max}}.';

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function at(options: unknown, path: readonly string[]): unknown {
  let value: unknown = options;
  for (const key of path) value = record(value)[key];
  return value;
}

function wholeNumber(field: SettingsField, value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(number)) return undefined;
  if ((field.min !== undefined && number < field.min) || (field.max !== undefined && number > field.max)) return undefined;
  return number;
}

/** One stored value as code sees it. Numbers are text (an agent id typed as a number), except in `number` fields. */
export function coerce(field: SettingsField, value: unknown): string | boolean | number | undefined {
  if (field.kind === 'flag') return typeof value === 'boolean' ? value : ((field.default as boolean | undefined) ?? false);
  if (field.kind === 'choice') {
    return typeof value === 'string' && field.choices?.some((choice) => choice.value === value) ? value : (field.default as string | undefined);
  }
  if (field.kind === 'number') return wholeNumber(field, value) ?? (field.default as number | undefined);
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (text !== '') return text;
  return field.required ? '' : undefined;
}

/** `authenticators.options` (nested, as stored) → values by field name. */
export function readSettings<Fields extends readonly SettingsField[]>(fields: Fields, options: unknown): SettingsValues<Fields> {
  const values: Record<string, unknown> = {};
  for (const field of fields) values[field.name] = coerce(field, at(options, field.path));
  return values as SettingsValues<Fields>;
}

/** The public fields, flattened by name: what the server lets the browser see. */
export function publicSettings(fields: readonly SettingsField[], options: unknown): Record<string, string | boolean | number> {
  const result: Record<string, string | boolean | number> = {};
  for (const field of fields) {
    if (!field.public) continue;
    const value = coerce(field, at(options, field.path));
    if (value !== undefined) result[field.name] = value;
  }
  return result;
}

/** The public fields as the sign-in page receives them (already flattened), read by the same rules. */
export function readPublicSettings(fields: readonly SettingsField[], flat: unknown): Record<string, string | boolean | number | undefined> {
  const source = record(flat);
  const result: Record<string, string | boolean | number | undefined> = {};
  for (const field of fields) if (field.public) result[field.name] = coerce(field, source[field.name]);
  return result;
}

/** One field's problem with a value as the form holds it (the client's check and the server's are this one). */
export function checkField(field: SettingsField, value: unknown, env: CheckEnv): string | undefined {
  const unset = value === undefined || value === null || value === '';
  if (field.kind === 'choice') return unset || field.choices?.some((choice) => choice.value === value) ? undefined : CHOICE_MESSAGE;
  if (field.kind === 'number') return unset || wholeNumber(field, value) !== undefined ? undefined : NUMBER_MESSAGE;
  const coerced = coerce(field, value);
  if (typeof coerced !== 'string' || coerced === '') return field.required && field.kind !== 'flag' ? REQUIRED_MESSAGE : undefined;
  return field.check?.(coerced, env);
}

/** Every problem of stored options, in field order. */
export function validateSettings(fields: readonly SettingsField[], options: unknown, env: CheckEnv): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  for (const field of fields) {
    const message = checkField(field, at(options, field.path), env);
    if (message) problems.push({ field, message });
  }
  return problems;
}

/** Defaults of a new record, nested as stored (flags only; the form adds what depends on the page). */
export function defaultOptions(fields: readonly SettingsField[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.default === undefined) continue;
    let node = options;
    for (const key of field.path.slice(0, -1)) node = (node[key] = record(node[key])) as Record<string, unknown>;
    node[field.path[field.path.length - 1]] = field.default;
  }
  return options;
}
