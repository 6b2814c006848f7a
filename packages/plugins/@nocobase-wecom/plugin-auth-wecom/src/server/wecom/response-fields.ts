import { WeComProtocolError } from './errors';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Typed reads from a WeCom JSON body. Every failed read throws a
 * {@link WeComProtocolError} naming the field, so a parser is a list of reads.
 *
 * WeCom sends `""` for many fields it has nothing for, so optional strings
 * treat `""` as absent.
 */
export class ResponseFields {
  readonly #endpoint: string;
  readonly #body: Record<string, unknown>;

  constructor(endpoint: string, body: Record<string, unknown>) {
    this.#endpoint = endpoint;
    this.#body = body;
  }

  has(name: string): boolean {
    return this.#body[name] !== undefined && this.#body[name] !== null;
  }

  requiredString(name: string): string {
    const value = this.optionalString(name);
    if (value === undefined) throw this.invalidField(name, 'a non-empty string');
    return value;
  }

  optionalString(name: string): string | undefined {
    const value = this.#body[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw this.invalidField(name, 'a string');
    return value;
  }

  /** The first present field among `names`, e.g. `userid` then the legacy `UserId` (docs/wecom-protocol.md A4). */
  firstString(names: readonly string[]): string | undefined {
    for (const name of names) {
      const value = this.optionalString(name);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  requiredNumber(name: string): number {
    const value = this.optionalNumber(name);
    if (value === undefined) throw this.invalidField(name, 'a number');
    return value;
  }

  optionalNumber(name: string): number | undefined {
    const value = this.#body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw this.invalidField(name, 'a number');
    return value;
  }

  /** WeCom sends some numbers as strings (e.g. `gender: "1"` in getuserdetail, docs/wecom-protocol.md A5). */
  optionalNumeric(name: string): number | undefined {
    const value = this.#body[name];
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
    if (value === '') return undefined;
    return this.optionalNumber(name);
  }

  numberList(name: string): number[] {
    const value = this.#body[name];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw this.invalidField(name, 'a list of numbers');
    const numbers: number[] = [];
    for (const item of value) {
      if (typeof item !== 'number' || !Number.isFinite(item)) throw this.invalidField(name, 'a list of numbers');
      numbers.push(item);
    }
    return numbers;
  }

  stringList(name: string): string[] {
    const value = this.#body[name];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw this.invalidField(name, 'a list of strings');
    return value as string[];
  }

  /** A list of objects, each read with the same typed reads (`department/list`, `user/list`). */
  objectList(name: string): ResponseFields[] {
    const value = this.#body[name];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw this.invalidField(name, 'a list of objects');
    return value.map((item, index) => {
      if (!isRecord(item)) throw this.invalidField(`${name}[${index}]`, 'an object');
      return new ResponseFields(this.#endpoint, item);
    });
  }

  object(name: string): ResponseFields {
    const value = this.#body[name];
    if (!isRecord(value)) throw this.invalidField(name, 'an object');
    return new ResponseFields(this.#endpoint, value);
  }

  /** The error for a field that is missing or mistyped, for checks the reads above cannot express. */
  invalidField(field: string, expected: string): WeComProtocolError {
    return new WeComProtocolError(this.#endpoint, { problem: 'invalid-field', field, expected });
  }
}
