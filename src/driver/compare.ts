// Element-wise comparison of an actual tensor with its expected value, with
// errors measured in LSBs (units in the last place of the stored type):
// 1 for integers; for floats the quantization scale when the tensor is a
// dequantized one with a known scale (an error within 1e-3 of a whole number
// of steps counts as that number: the float rounding of each dequantized
// value is not an error), else the float's own spacing (ulp) at the expected
// value. NaN equals NaN; an infinity equals only itself.

import type { BlobDType } from '../codegen/blob-types.js';
import type { TensorData } from '../ir/tensor.js';

/** What one LSB is for a tensor. */
export type LsbUnit = { readonly kind: 'integer' } | { readonly kind: 'scale'; readonly scale: number } | { readonly kind: 'ulp'; readonly dtype: 'f16' | 'f32' | 'f64' };

export interface Comparison {
  readonly elements: number;
  /** Elements whose error exceeds the tolerance. */
  readonly mismatches: number;
  /** Largest |actual - expected| in LSBs (0 when equal; Infinity for NaN against a number). */
  readonly maxErrorLsb: number;
  /** Index of the first mismatching element, or null. */
  readonly firstMismatch: number | null;
}

/** The LSB of a tensor of `dtype`; `scale` is its per-tensor quantization scale, when known. */
export function lsbUnitFor(dtype: BlobDType, scale: number | null = null): LsbUnit {
  if (dtype === 'f16' || dtype === 'f32' || dtype === 'f64') return scale !== null && scale > 0 && Number.isFinite(scale) ? { kind: 'scale', scale } : { kind: 'ulp', dtype };
  return { kind: 'integer' };
}

const MANTISSA_BITS = { f16: 10, f32: 23, f64: 52 } as const;
const MIN_EXPONENT = { f16: -14, f32: -126, f64: -1022 } as const;

/** Spacing of `dtype` floats at `x` (the subnormal spacing near zero). */
export function ulpOf(x: number, dtype: 'f16' | 'f32' | 'f64'): number {
  const a = Math.abs(x);
  let e: number = MIN_EXPONENT[dtype];
  if (a >= 2 ** e && Number.isFinite(a)) {
    e = Math.floor(Math.log2(a));
    if (2 ** e > a) e--;
    else if (2 ** (e + 1) <= a) e++;
  }
  return 2 ** (e - MANTISSA_BITS[dtype]);
}

function errorLsb(e: number, a: number, unit: LsbUnit): number {
  if (Number.isNaN(e) || Number.isNaN(a)) return Number.isNaN(e) && Number.isNaN(a) ? 0 : Infinity;
  if (e === a) return 0;
  const d = Math.abs(a - e);
  if (!Number.isFinite(d)) return Infinity;
  if (unit.kind === 'integer') return d;
  if (unit.kind === 'ulp') return d / ulpOf(e, unit.dtype);
  // Dequantized values differ by whole steps, up to the float rounding of
  // each (q - zp) * scale: a count within 1e-3 of an integer is that integer.
  const steps = d / unit.scale;
  const whole = Math.round(steps);
  return Math.abs(steps - whole) <= 1e-3 ? whole : steps;
}

/**
 * Compares `actual` with `expected` (same length): an element mismatches when
 * its error exceeds `tolerance` LSBs (0: any difference).
 */
export function compareData(expected: TensorData, actual: TensorData, tolerance: number, unit: LsbUnit): Comparison {
  if (expected.length !== actual.length) throw new RangeError(`cannot compare ${actual.length} elements with ${expected.length}`);
  let mismatches = 0;
  let maxErrorLsb = 0;
  let firstMismatch: number | null = null;
  const big = typeof expected[0] === 'bigint' || typeof actual[0] === 'bigint';
  for (let i = 0; i < expected.length; i++) {
    let err: number;
    if (big) {
      const d = BigInt(expected[i]!) - BigInt(actual[i]!);
      err = Number(d < 0n ? -d : d);
    } else {
      err = errorLsb(expected[i] as number, actual[i] as number, unit);
    }
    if (err > maxErrorLsb) maxErrorLsb = err;
    if (err > tolerance) {
      mismatches++;
      firstMismatch ??= i;
    }
  }
  return { elements: expected.length, mismatches, maxErrorLsb, firstMismatch };
}

/** A number of LSBs as printed: integers as they are, fractions to 3 decimals, `inf`. */
export function lsbText(x: number): string {
  if (!Number.isFinite(x)) return 'inf';
  return Number.isInteger(x) ? String(x) : x.toFixed(3);
}
