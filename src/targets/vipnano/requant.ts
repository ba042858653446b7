// The vipnano NN core's requantization parameters, taken from the bits of a
// float32 scale as Mesa's etnaviv driver takes them for an NN core of
// version 7 (etnaviv_ml_nn.c, create_nn_config; shared/targets/vipnano.md,
// "Requantization"):
//
//   bits          = the float32 bits of the scale (sign 0, exponent e in bits
//                   23-30, fraction in bits 0-22)
//   post_shift    = 127 + 31 - 32 - e + 16 = 142 - e
//   post_multiplier = bits 8-22 of the float: the top 15 fraction bits,
//                   truncated (the low 8 fraction bits are dropped, not
//                   rounded), without the implicit leading one.
//
// npuc's model of what the core computes (the exact rounding of the core is
// not public; shared/targets/vipnano.md says npuc's executor defines it):
//
//   M   = 2^15 + post_multiplier      (the implicit one restored: 16 bits)
//   S   = post_shift
//   out = floor((acc * M + r) / 2^S), r = 2^(S-1) if S > 0 else 0
//
// that is, round half up (towards +infinity) after an arithmetic shift, TOSA's
// single rounding. M / 2^S is the float32 scale with its fraction truncated
// to 15 bits: scale = (1 + f / 2^23) * 2^(e-127) and M / 2^S =
// (2^15 + floor(f / 2^8)) * 2^(e-142) = (1 + floor(f / 2^8) / 2^15) * 2^(e-127).
// Without the implicit one post_shift = 142 - e would not fit the scale, so
// the model includes it (QNNPACK's requantization, which Mesa cites for the
// formula, also ORs in the implicit one).
//
// Descriptor fields (etnaviv_nn_params; words of the NN descriptor, bit
// positions within the word as a little-endian C bit field lays them out):
//   post_multiplier          1 bit   multiplier bit 0      word 2,  bit 26
//   post_shift               5 bits  shift bits 0-4        word 2,  bits 27-31
//   post_multiplier_1_to_6   6 bits  multiplier bits 1-6   word 15, bits 22-27
//   post_shift_bit_5_6       2 bits  shift bits 5-6        word 15, bits 28-29
//   post_multiplier_7_to_14  8 bits  multiplier bits 7-14  word 17, bits 24-31
// so post_shift is 7 bits, [0, 127]: scales in [2^-112, 2^16).
//
// From nir (apply_scale_16, SINGLE_ROUND): the scale is m / 2^s, exact as a
// float32 because m < 2^15. Proof that the core then computes exactly
// apply_scale_16(acc, m, s) = floor((acc * m + 2^(s-1)) / 2^s) for every
// integer acc when m >= 1: let p = floor(log2 m) (0 <= p <= 14). m / 2^s has
// e = p + 127 - s and fraction f = (m - 2^p) * 2^(23-p), whose low 8 bits are
// zero (23 - p >= 9), so post_multiplier = (m - 2^p) * 2^(15-p) with nothing
// dropped. With k = 15 - p >= 1: M = 2^15 + (m - 2^p) * 2^k = m * 2^k and
// S = 142 - e = s + k. Then
//   floor((acc * m * 2^k + 2^(s+k-1)) / 2^(s+k))
//     = floor(2^k * (acc * m + 2^(s-1)) / (2^k * 2^s))
//     = floor((acc * m + 2^(s-1)) / 2^s).
// More generally (inexactReason below): whenever M / 2^S = m / 2^s with
// s >= 1 the two agree for every acc (for S = 0 the core adds no rounding
// term: m = M * 2^s and floor((acc * M * 2^s + 2^(s-1)) / 2^s) = acc * M);
// when the ratios differ they disagree for some large enough acc.
// What differs for nir requantizations:
//   - m = 0: the core cannot scale by 0 (M >= 2^15; 0.0 has no exponent);
//     postScaleFromNir throws.
//   - a scale32 multiplier (up to 2^31) with more than 16 significant bits:
//     the float32 rounds m to 24 significant bits (to nearest, so possibly
//     up) and the driver then truncates to 16, so M / 2^S differs from
//     m / 2^s (either way). Multipliers with at most 16 significant bits
//     (every m < 2^16) are exact by the same argument as above.

import { BackendError } from '../../codegen/backend.js';

/** Width of post_multiplier (without the implicit one). */
export const POST_MULTIPLIER_BITS = 15;
/** post_shift (5 bits) and post_shift_bit_5_6 (2 bits). */
export const POST_SHIFT_MAX = 127;
/** post_shift = SHIFT_BIAS - e (v7: 127 + 31 - 32 + 16). */
const SHIFT_BIAS = 127 + 31 - 32 + 16;
const IMPLICIT_ONE = 2 ** POST_MULTIPLIER_BITS;

/** The values of the NN descriptor's requantization fields. */
export interface PostScale {
  /** The 15 fraction bits below the implicit one, [0, 2^15). */
  readonly postMultiplier: number;
  /** [0, 127]. */
  readonly postShift: number;
}

/** The (multiplier, shift) pair npuc's model of the core applies (see the file comment). */
export interface EffectiveScale {
  /** M = 2^15 + post_multiplier, [2^15, 2^16). */
  readonly multiplier: number;
  /** S = post_shift. */
  readonly shift: number;
}

/** The bits of the float32 nearest to `x` (Math.fround), as an unsigned integer. */
export function float32Bits(x: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, x);
  return view.getUint32(0);
}

/** post_multiplier and post_shift of a positive scale, from Math.fround(scale)'s bits as the driver takes them. */
export function postScaleFromFloat(scale: number): PostScale {
  const f = Math.fround(scale);
  // Math.fround also turns tiny scales into 0 and huge ones into Infinity.
  if (!Number.isFinite(f) || !(f > 0)) throw new BackendError(`vipnano requantization: scale ${scale} is not a positive finite float32`);
  const bits = float32Bits(f);
  // Sign bit 0, so this is the biased exponent (0 for a subnormal, which has
  // no implicit one and whose shift 142 is out of range anyway).
  const e = bits >>> 23;
  const postShift = SHIFT_BIAS - e;
  if (postShift < 0 || postShift > POST_SHIFT_MAX) {
    throw new BackendError(`vipnano requantization: scale ${scale} needs post_shift ${postShift}, outside [0, ${POST_SHIFT_MAX}] (scales in [2^-112, 2^16))`);
  }
  return { postMultiplier: (bits >>> 8) & (IMPLICIT_ONE - 1), postShift };
}

function checkPostScale(p: PostScale): void {
  const { postMultiplier: m, postShift: s } = p;
  if (!Number.isInteger(m) || m < 0 || m >= IMPLICIT_ONE) throw new BackendError(`vipnano requantization: post_multiplier ${m} is outside [0, 2^15)`);
  if (!Number.isInteger(s) || s < 0 || s > POST_SHIFT_MAX) throw new BackendError(`vipnano requantization: post_shift ${s} is outside [0, ${POST_SHIFT_MAX}]`);
}

/** M and S of the model `out = floor((acc * M + 2^(S-1)) / 2^S)`. */
export function effectiveScale(p: PostScale): EffectiveScale {
  checkPostScale(p);
  return { multiplier: IMPLICIT_ONE + p.postMultiplier, shift: p.postShift };
}

/**
 * The core's requantization of an integer accumulator (before the output
 * zero point and clamp): floor((acc * M + r) / 2^S), r = 2^(S-1) (0 for S = 0).
 */
export function applyPostScale(acc: number, p: PostScale): number {
  if (!Number.isSafeInteger(acc)) throw new BackendError(`vipnano requantization: accumulator ${acc} is not a safe integer`);
  const { multiplier: M, shift: S } = effectiveScale(p);
  // |acc| < 2^36 and M < 2^16 keep acc * M + r below 2^53 for S <= 52: every
  // step is exact in a double.
  if (S <= 52 && Math.abs(acc) < 2 ** 36) return Math.floor((acc * M + (S > 0 ? 2 ** (S - 1) : 0)) / 2 ** S);
  const r = S > 0 ? 1n << BigInt(S - 1) : 0n;
  return Number((BigInt(acc) * BigInt(M) + r) >> BigInt(S));
}

function checkNir(multiplier: number, shift: number): void {
  if (!Number.isInteger(multiplier) || multiplier < 0 || multiplier >= 2 ** 31) {
    throw new BackendError(`vipnano requantization: multiplier ${multiplier} is outside [0, 2^31)`);
  }
  if (!Number.isInteger(shift) || shift < 2 || shift > 62) throw new BackendError(`vipnano requantization: shift ${shift} is outside [2, 62]`);
}

/**
 * The fields for an nir requantization (multiplier, shift, SINGLE_ROUND):
 * the float32 scale multiplier / 2^shift through postScaleFromFloat. Exact
 * (see exactFor) for every apply_scale_16 multiplier in [1, 2^15); 32-bit
 * multipliers are accepted and approximated.
 */
export function postScaleFromNir(multiplier: number, shift: number): PostScale {
  checkNir(multiplier, shift);
  if (multiplier === 0) throw new BackendError('vipnano requantization: multiplier 0 (a zero scale) has no post_multiplier: the core always multiplies by 1.f');
  // multiplier < 2^31 and shift <= 62: the quotient is an exact double.
  return postScaleFromFloat(multiplier / 2 ** shift);
}

/**
 * null when the core computes exactly floor((acc * multiplier + 2^(shift-1)) / 2^shift)
 * (apply_scale_16 for multiplier < 2^15) for every acc; otherwise why not.
 */
export function inexactReason(multiplier: number, shift: number): string | null {
  try {
    checkNir(multiplier, shift);
  } catch (e) {
    return (e as Error).message;
  }
  if (multiplier === 0) return 'multiplier 0: the core multiplies by M >= 2^15, it cannot scale by 0';
  let p: PostScale;
  try {
    p = postScaleFromNir(multiplier, shift);
  } catch (e) {
    return (e as Error).message;
  }
  const { multiplier: M, shift: S } = effectiveScale(p);
  // M / 2^S = m / 2^s  <=>  M * 2^s = m * 2^S; shift >= 2 covers the S = 0 case (file comment).
  if (BigInt(M) << BigInt(shift) === BigInt(multiplier) << BigInt(S)) return null;
  return `the core scales by ${M} / 2^${S} instead of ${multiplier} / 2^${shift}: it keeps 16 significant bits of the multiplier`;
}

/** Whether the core's (M, S) computes exactly apply_scale_16(acc, multiplier, shift) for every acc. */
export function exactFor(multiplier: number, shift: number): boolean {
  return inexactReason(multiplier, shift) === null;
}

/** The descriptor fields holding a PostScale (Mesa's etnaviv_nn_params names in the comments). */
export interface PostScaleFields {
  /** post_multiplier: multiplier bit 0. */
  readonly multiplierBit0: number;
  /** post_multiplier_1_to_6. */
  readonly multiplierBits1To6: number;
  /** post_multiplier_7_to_14. */
  readonly multiplierBits7To14: number;
  /** post_shift: shift bits 0-4. */
  readonly shiftBits0To4: number;
  /** post_shift_bit_5_6. */
  readonly shiftBits5To6: number;
}

export function postScaleFields(p: PostScale): PostScaleFields {
  checkPostScale(p);
  const m = p.postMultiplier;
  return {
    multiplierBit0: m & 1,
    multiplierBits1To6: (m >>> 1) & 0x3f,
    multiplierBits7To14: (m >>> 7) & 0xff,
    shiftBits0To4: p.postShift & 0x1f,
    shiftBits5To6: (p.postShift >>> 5) & 0x3,
  };
}

export function postScaleFromFields(f: PostScaleFields): PostScale {
  const widths: [number, number][] = [
    [f.multiplierBit0, 1],
    [f.multiplierBits1To6, 6],
    [f.multiplierBits7To14, 8],
    [f.shiftBits0To4, 5],
    [f.shiftBits5To6, 2],
  ];
  for (const [v, w] of widths) if (!Number.isInteger(v) || v < 0 || v >= 2 ** w) throw new BackendError(`vipnano requantization: field value ${v} does not fit ${w} bits`);
  return {
    postMultiplier: f.multiplierBit0 | (f.multiplierBits1To6 << 1) | (f.multiplierBits7To14 << 7),
    postShift: f.shiftBits0To4 | (f.shiftBits5To6 << 5),
  };
}
