/**
 * A small schema language for messages from the webview: each check takes any value and returns
 * it typed, or throws RequestError('malformed') naming the field and what was wrong. Objects are
 * strict (an unknown key is refused), numbers are finite and in range, strings and arrays have a
 * length limit: whatever a message holds, checking it is bounded work.
 */
import { RequestError } from '../shared/messages';

export type Check<T> = (v: unknown, path: string) => T;
/** A check whose key may be absent from its object (obj() knows it by the marker). */
export interface Optional<T> extends Check<T | undefined> { readonly optional: true }

function bad(path: string, want: string, v: unknown): never {
  throw new RequestError('malformed', `${path}: expected ${want}, got ${describe(v)}`);
}

/** A value for an error message, never long. */
function describe(v: unknown): string {
  if (typeof v === 'string') return v.length > 40 ? `a string of ${v.length} characters` : JSON.stringify(v);
  if (typeof v === 'number') return String(v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v === 'object' ? 'an object' : typeof v;
}

/** An integer from min to max. */
export function int(min: number, max: number): Check<number> {
  return (v, path) => (Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? v as number : bad(path, `an integer from ${min} to ${max}`, v));
}

/** A finite number from min to max. */
export function num(min: number, max: number): Check<number> {
  return (v, path) => (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : bad(path, `a number from ${min} to ${max}`, v));
}

export const bool: Check<boolean> = (v, path) => (typeof v === 'boolean' ? v : bad(path, 'true or false', v));

/** A string of at most maxChars characters. */
export function str(maxChars: number): Check<string> {
  return (v, path) => (typeof v === 'string' && v.length <= maxChars ? v : bad(path, `a string of at most ${maxChars} characters`, v));
}

/** Exactly one of the given strings (or numbers). */
export function oneOf<T extends string | number>(values: readonly T[]): Check<T> {
  return (v, path) => ((values as readonly unknown[]).includes(v) ? v as T : bad(path, values.map((x) => JSON.stringify(x)).join(' or '), v));
}

/** An array of at most maxItems items, each checked. */
export function arrayOf<T>(item: Check<T>, maxItems: number): Check<T[]> {
  return (v, path) => {
    if (!Array.isArray(v) || v.length > maxItems) bad(path, `an array of at most ${maxItems} items`, v);
    return v.map((x, i) => item(x, `${path}[${i}]`));
  };
}

/** A key that may be absent (or undefined). */
export function optional<T>(c: Check<T>): Optional<T> {
  const f = ((v: unknown, path: string) => (v === undefined ? undefined : c(v, path))) as Optional<T>;
  return Object.assign(f, { optional: true as const });
}

type Shape = Record<string, Check<unknown>>;
type Required<S extends Shape> = { [K in keyof S as S[K] extends Optional<unknown> ? never : K]: S[K] extends Check<infer T> ? T : never };
type Maybe<S extends Shape> = { [K in keyof S as S[K] extends Optional<unknown> ? K : never]?: S[K] extends Optional<infer T> ? T : never };
export type ObjectOf<S extends Shape> = Required<S> & Maybe<S>;

/** A plain object with exactly these keys (optional ones may be missing); anything else is refused. */
export function obj<S extends Shape>(shape: S): Check<ObjectOf<S>> {
  const keys = Object.keys(shape);
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(path, 'an object', v);
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (!Object.prototype.hasOwnProperty.call(shape, k)) {
        throw new RequestError('malformed', `${path}: unexpected field ${JSON.stringify(k.slice(0, 40))}`);
      }
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const c = shape[k];
      if (!Object.prototype.hasOwnProperty.call(o, k) && !(c as Partial<Optional<unknown>>).optional) throw new RequestError('malformed', `${path}: missing field "${k}"`);
      const x = c(o[k], `${path}.${k}`);
      if (x !== undefined) out[k] = x;
    }
    return out as ObjectOf<S>;
  };
}

/** An object whose keys are some of `keys` (each checked by `value`); any other key is refused. */
export function recordOf<T>(keys: readonly string[], value: Check<T>): Check<Record<string, T>> {
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(path, 'an object', v);
    const out: Record<string, T> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (!keys.includes(k)) throw new RequestError('malformed', `${path}: unexpected field ${JSON.stringify(k.slice(0, 40))}`);
      out[k] = value(x, `${path}.${k}`);
    }
    return out;
  };
}
