/**
 * The dtype model: what one element of an array is and how its bytes are laid out.
 * Kinds follow NumPy's one-letter `dtype.kind`, except structured dtypes, which get their own kind.
 */
import { NpyError } from './errors';
import type { PyValue } from './pyliteral';

export type ByteOrder = '<' | '>' | '|';

interface DTypeBase {
  /** Bytes per element. */
  readonly itemsize: number;
  /** '<' little, '>' big, '|' not applicable (1-byte types, bytes, void, structured). */
  readonly order: ByteOrder;
}

export interface BoolDType extends DTypeBase { readonly kind: 'b' }
export interface IntDType extends DTypeBase { readonly kind: 'i' | 'u' }
/** itemsize 2, 4, 8 (IEEE) or 12 / 16 (x87 80-bit extended in the low 10 bytes). */
export interface FloatDType extends DTypeBase { readonly kind: 'f' }
/** Two floats of itemsize/2 each: real then imaginary. */
export interface ComplexDType extends DTypeBase { readonly kind: 'c' }
/** Fixed-width bytes; trailing NULs are not part of the value. */
export interface BytesDType extends DTypeBase { readonly kind: 'S' }
/** Fixed-width UCS-4 text, itemsize = 4 × length; trailing NULs are not part of the value. */
export interface UnicodeDType extends DTypeBase { readonly kind: 'U' }
/** Opaque bytes. */
export interface VoidDType extends DTypeBase { readonly kind: 'V' }
/** datetime64 ('M') / timedelta64 ('m'): int64 count of `step` × `unit`; -2**63 is NaT. */
export interface TimeDType extends DTypeBase {
  readonly kind: 'M' | 'm';
  /** 'Y' 'M' 'W' 'D' 'h' 'm' 's' 'ms' 'us' 'ns' 'ps' 'fs' 'as', or 'generic' for a bare M8/m8. */
  readonly unit: string;
  /** The multiplier in e.g. M8[25s]; 1 when absent. */
  readonly step: number;
}
export interface Field {
  readonly name: string;
  /** The title of a (title, name) pair, if any. */
  readonly title?: string;
  /** Byte offset of the field inside the record. */
  readonly offset: number;
  readonly dtype: DType;
  /** Subarray shape of the field, [] for a scalar field. */
  readonly shape: readonly number[];
}
/** Structured (record) dtype: named fields at offsets, possibly with padding. order is '|'. */
export interface StructDType extends DTypeBase {
  readonly kind: 'struct';
  readonly fields: readonly Field[];
}

export type DType =
  | BoolDType | IntDType | FloatDType | ComplexDType | BytesDType | UnicodeDType | VoidDType
  | TimeDType | StructDType;

// ---------------------------------------------------------------- functions (helper A)

export interface FlatField { name: string; offset: number; dtype: DType; shape: number[] }

export function dtypeFromDescr(descr: PyValue): DType {
  void descr;
  throw new NpyError('unsupported', 'not implemented yet');
}
export function dtypeStr(dt: DType): string { void dt; throw new NpyError('unsupported', 'not implemented yet'); }
export function dtypeDescr(dt: DType): string { void dt; throw new NpyError('unsupported', 'not implemented yet'); }
export function dtypeName(dt: DType): string { void dt; throw new NpyError('unsupported', 'not implemented yet'); }
export function describeDType(dt: DType): string { void dt; throw new NpyError('unsupported', 'not implemented yet'); }
export function flattenFields(dt: DType): FlatField[] { void dt; throw new NpyError('unsupported', 'not implemented yet'); }
