// The ethos-u55 output scaling, exact: `scale(v, m, s, rounding)` for an
// integer v (up to about 2^62 in magnitude), an unsigned 32-bit multiplier m
// and a 6-bit shift s (npuc's model of the NPU, see execute.ts):
//   TFL:      floor((v*m + round) / 2^s), round = 2^(s-1) (0 when s = 0),
//             plus (v >= 0 ? 2^30 : -2^30) when s > 31 (TOSA apply_scale_32
//             with double rounding);
//   NATURAL:  floor((v*m + 2^(s-1)) / 2^s) (ties towards +infinity; TOSA
//             single rounding);
//   TRUNCATE: v*m / 2^s rounded towards zero.
// v*m can exceed 2^53: the fast path handles |v*m| < 2^52 with s <= 52 (every
// intermediate an exact double), a split path |v| < 2^36 (the multiplier in
// 16-bit halves); everything else goes through BigInt.

import { ROUNDING } from './registers.js';

const POW2: Float64Array = (() => {
  const t = new Float64Array(64);
  for (let i = 0; i < 64; i++) t[i] = 2 ** i;
  return t;
})();

const TWO16 = 2 ** 16;
const TWO30 = 2 ** 30;
const TWO36 = 2 ** 36;
const TWO52 = 2 ** 52;
export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;

/** The rounding term of scale() for a value of sign `v >= 0` (0 for TRUNCATE). */
function roundTerm(nonNegative: boolean, s: number, rounding: number): number {
  if (rounding === ROUNDING.TRUNCATE || s === 0) return 0;
  let round = POW2[s - 1]!;
  if (rounding === ROUNDING.TFL && s > 31) round += nonNegative ? TWO30 : -TWO30;
  return round;
}

/** Exact scaling of an integer `v` (see the file comment). */
export function scaleValue(v: number, m: number, s: number, rounding: number): number {
  const p = v * m;
  if (s <= 52 && (p < 0 ? -p : p) < TWO52) {
    // p + round < 2^52 + 2^51 + 2^30: exact; so is the scaling by 2^-s.
    // `+ 0` turns the -0 of a truncated small negative into 0.
    if (rounding === ROUNDING.TRUNCATE) return Math.trunc(p / POW2[s]!) + 0;
    return Math.floor((p + roundTerm(v >= 0, s, rounding)) / POW2[s]!);
  }
  if ((v < 0 ? -v : v) < TWO36) {
    const r = scaleSplit(v, m, s, rounding);
    if (r !== null) return r;
  }
  return scaleValueBig(v, m, s, rounding);
}

/**
 * scale() for |v| < 2^36 with the multiplier split in 16-bit halves, so that
 * every partial product stays below 2^52: v*m + round = q * 2^16 + low with
 * 0 <= low < 2^16. TRUNCATE works on |v| and restores the sign. null when
 * the result itself is not an exact double (s < 16 and a huge product).
 */
function scaleSplit(v: number, m: number, s: number, rounding: number): number | null {
  const negate = rounding === ROUNDING.TRUNCATE && v < 0;
  const a = negate ? -v : v;
  const round = roundTerm(v >= 0, s, rounding);
  const mh = Math.floor(m / TWO16);
  const ml = m - mh * TWO16;
  const rh = Math.floor(round / TWO16);
  const rl = round - rh * TWO16;
  const c = a * ml + rl;
  const ch = Math.floor(c / TWO16);
  const q = a * mh + rh + ch;
  let r: number;
  if (s >= 16) r = Math.floor(q / POW2[s - 16]!);
  else {
    const hi = q * POW2[16 - s]!;
    if ((hi < 0 ? -hi : hi) >= TWO52) return null;
    r = hi + Math.floor((c - ch * TWO16) / POW2[s]!);
  }
  return negate ? -r + 0 : r;
}

/**
 * scale() with one (multiplier, shift) per channel, constants precomputed
 * for OutputStage.finishChannels, which applies them per element:
 *   |v*m| < 2^52 and s <= 52: floor((v*m + round) * 2^-s) (or the truncation),
 *     every intermediate exact;
 *   else |v| < 2^36 and 16 <= s <= 52 (accumulators of real layers), not
 *     TRUNCATE: scaleSplit's arithmetic with the multiplier pre-split;
 *   anything else: scaleSum.
 */
export class ChannelScales {
  readonly inv: Float64Array;
  readonly inv16: Float64Array;
  readonly roundPos: Float64Array;
  readonly roundNeg: Float64Array;
  readonly mHigh: Float64Array;
  readonly mLow: Float64Array;
  /** 1 when s <= 52 (fast path allowed); 2 when also s >= 16 (split path allowed). */
  readonly paths: Uint8Array;
  readonly truncate: boolean;

  constructor(
    readonly scale: Float64Array,
    readonly shift: Int32Array,
    readonly rounding: number,
  ) {
    const n = scale.length;
    this.inv = new Float64Array(n);
    this.inv16 = new Float64Array(n);
    this.roundPos = new Float64Array(n);
    this.roundNeg = new Float64Array(n);
    this.mHigh = new Float64Array(n);
    this.mLow = new Float64Array(n);
    this.paths = new Uint8Array(n);
    this.truncate = rounding === ROUNDING.TRUNCATE;
    for (let c = 0; c < n; c++) {
      const s = shift[c]!;
      const m = scale[c]!;
      this.inv[c] = 1 / POW2[s]!;
      this.inv16[c] = s >= 16 ? 1 / POW2[s - 16]! : 0;
      this.roundPos[c] = roundTerm(true, s, rounding);
      this.roundNeg[c] = roundTerm(false, s, rounding);
      this.mHigh[c] = Math.floor(m / TWO16);
      this.mLow[c] = m - this.mHigh[c]! * TWO16;
      this.paths[c] = s > 52 ? 0 : s >= 16 && !this.truncate ? 2 : 1;
    }
  }
}

/** The BigInt path of scaleValue: exact for any magnitudes (a result beyond 2^53 comes back as the nearest double). */
export function scaleValueBig(v: number | bigint, m: number | bigint, s: number, rounding: number): number {
  const bv = BigInt(v);
  const p = bv * BigInt(m);
  const bs = BigInt(s);
  if (rounding === ROUNDING.TRUNCATE) {
    // BigInt division truncates towards zero.
    return Number(p / (1n << bs));
  }
  let round = s === 0 ? 0n : 1n << (bs - 1n);
  if (rounding === ROUNDING.TFL && s > 31) round += bv >= 0n ? 1n << 30n : -(1n << 30n);
  // `>>` on BigInt is an arithmetic shift: floor division by 2^s.
  return Number((p + round) >> bs);
}

/** Saturates to int32. */
export function saturateInt32(v: number): number {
  return v < INT32_MIN ? INT32_MIN : v > INT32_MAX ? INT32_MAX : v;
}

/**
 * TOSA reciprocal_scale(count) for average pooling: k = ceil(log2(count)),
 * multiplier = floor((2^30 + 1) * 2^k / count), shift = 30 + k.
 */
export function reciprocalScale(count: number): { multiplier: number; shift: number } {
  let k = 0;
  while (POW2[k]! < count) k++;
  // (2^30 + 1) * 2^k stays below 2^53 for the kernel sizes that reach here (k <= 22).
  return { multiplier: Math.floor(((TWO30 + 1) * POW2[k]!) / count), shift: 30 + k };
}

/** scaleValue(a + b, ...) for integers a and b whose sum may not be an exact double. */
export function scaleSum(a: number, b: number, m: number, s: number, rounding: number): number {
  if ((a < 0 ? -a : a) < TWO52 && (b < 0 ? -b : b) < TWO52) return scaleValue(a + b, m, s, rounding);
  return scaleValueBig(BigInt(a) + BigInt(b), m, s, rounding);
}
