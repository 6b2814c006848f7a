import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

export function fixture(name: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', `${name}.json`), 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`fixture ${name} is not an object`);
  return parsed as Record<string, unknown>;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Describes a JSON value's shape: key sets and value types, recursively (arrays by their first element). */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? ['(empty)'] : [shapeOf(value[0])];
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = shapeOf((value as Record<string, unknown>)[key]);
    return out;
  }
  return kind(value);
}

/** Same keys (no more, no fewer) and same JSON types as WeCom's documented example. Empty arrays match any array. */
export function expectSameShape(actual: unknown, expected: unknown, where = 'response'): void {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length > 0 && actual.length > 0) expectSameShape(actual[0], expected[0], `${where}[0]`);
    return;
  }
  expect(kind(actual), `${where} type`).toBe(kind(expected));
  if (kind(expected) !== 'object') return;
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  expect(Object.keys(a).sort(), `${where} keys`).toEqual(Object.keys(e).sort());
  for (const key of Object.keys(e)) expectSameShape(a[key], e[key], `${where}.${key}`);
}

export function without(obj: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  const copy = { ...obj };
  for (const key of keys) delete copy[key];
  return copy;
}
