/** Small path-aware readers for validating untrusted JSON; every problem names the field it is about. */

export class SeedValidationError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`invalid seed:\n  - ${problems.join('\n  - ')}`);
    this.name = 'SeedValidationError';
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** Collects problems; readers return `undefined` after recording one. */
export class Problems {
  readonly list: string[] = [];

  add(path: string, message: string): void {
    if (this.list.length < 50) this.list.push(`${path}: ${message}`);
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new SeedValidationError(this.list);
  }
}

export function readObject(
  value: unknown,
  path: string,
  problems: Problems,
  allowedKeys: readonly string[],
): Record<string, unknown> | undefined {
  if (!isRecord(value)) {
    problems.add(path, `must be an object, got ${describe(value)}`);
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!allowedKeys.includes(key)) {
      problems.add(`${path}.${key}`, `unknown field (allowed: ${allowedKeys.join(', ')})`);
    }
  }
  return value;
}

export function readArray(value: unknown, path: string, problems: Problems): unknown[] | undefined {
  if (!Array.isArray(value)) {
    problems.add(path, `must be an array, got ${describe(value)}`);
    return undefined;
  }
  return value;
}

interface StringRules {
  pattern?: RegExp;
  patternHint?: string;
  maxLength?: number;
  allowEmpty?: boolean;
}

export function readString(value: unknown, path: string, problems: Problems, rules: StringRules = {}): string | undefined {
  if (typeof value !== 'string') {
    problems.add(path, `must be a string, got ${describe(value)}`);
    return undefined;
  }
  if (!rules.allowEmpty && value.length === 0) {
    problems.add(path, 'must not be empty');
    return undefined;
  }
  if (rules.maxLength !== undefined && value.length > rules.maxLength) {
    problems.add(path, `must be at most ${rules.maxLength} characters`);
    return undefined;
  }
  if (rules.pattern && value.length > 0 && !rules.pattern.test(value)) {
    problems.add(path, `${describe(value)} ${rules.patternHint ?? `must match ${String(rules.pattern)}`}`);
    return undefined;
  }
  return value;
}

export function readOptionalString(
  obj: Record<string, unknown>,
  key: string,
  path: string,
  problems: Problems,
  rules: StringRules = {},
): string {
  const value = obj[key];
  if (value === undefined) return '';
  return readString(value, `${path}.${key}`, problems, { allowEmpty: true, ...rules }) ?? '';
}

export function readInteger(value: unknown, path: string, problems: Problems, min: number, max: number): number | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    problems.add(path, `must be an integer, got ${describe(value)}`);
    return undefined;
  }
  if (value < min || value > max) {
    problems.add(path, `must be between ${min} and ${max}, got ${value}`);
    return undefined;
  }
  return value;
}

export function readBoolean(value: unknown, path: string, problems: Problems): boolean | undefined {
  if (typeof value !== 'boolean') {
    problems.add(path, `must be true or false, got ${describe(value)}`);
    return undefined;
  }
  return value;
}

export function readStringList(
  value: unknown,
  path: string,
  problems: Problems,
  readItem: (item: unknown, itemPath: string) => string | undefined,
): string[] {
  const list = readArray(value, path, problems);
  if (!list) return [];
  const out: string[] = [];
  list.forEach((item, i) => {
    const read = readItem(item, `${path}[${i}]`);
    if (read !== undefined) out.push(read);
  });
  return out;
}

/** Reports the second and later occurrences of a key. */
export function checkUnique<T>(items: readonly T[], key: (item: T) => string, path: (i: number) => string, what: string, problems: Problems): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    if (k === '') return;
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else problems.add(path(i), `duplicate ${what} ${JSON.stringify(k)} (already used at index ${first})`);
  });
}
