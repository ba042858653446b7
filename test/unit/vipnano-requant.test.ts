// vipnano NN core requantization (src/targets/vipnano/requant.ts): fields
// from float32 bit patterns worked out by hand, nir (multiplier, shift) ->
// fields -> the core's model against an independent BigInt apply_scale_16 on
// random accumulators and exact ties, and the errors.

import { describe, expect, it } from 'vitest';
import { BackendError } from '../../src/codegen/backend.js';
import { TosaRequireError, applyScale16 } from '../../src/dialects/tosa/numerics.js';
import {
  applyPostScale,
  effectiveScale,
  exactFor,
  float32Bits,
  inexactReason,
  postScaleFields,
  postScaleFromFields,
  postScaleFromFloat,
  postScaleFromNir,
} from '../../src/targets/vipnano/requant.js';
import { mulberry32 } from '../support/onnx-model-builder.js';

/** TOSA single rounding, written independently of the code under test. */
const singleRound = (acc: bigint, m: bigint, s: bigint): bigint => (acc * m + (1n << (s - 1n))) >> s;

describe('vipnano post scale from float32 bits', () => {
  it('takes post_shift = 142 - exponent and the top 15 fraction bits', () => {
    // 0.5 = 0x3F000000: exponent 0x7E = 126, fraction 0. post_shift 16; M = 2^15, 2^15 / 2^16 = 0.5.
    expect(float32Bits(0.5)).toBe(0x3f000000);
    expect(postScaleFromFloat(0.5)).toEqual({ postMultiplier: 0, postShift: 16 });
    expect(effectiveScale(postScaleFromFloat(0.5))).toEqual({ multiplier: 32768, shift: 16 });
    // 1.0 = 0x3F800000: exponent 127 -> post_shift 15; 2^15 / 2^15 = 1.
    expect(float32Bits(1)).toBe(0x3f800000);
    expect(postScaleFromFloat(1)).toEqual({ postMultiplier: 0, postShift: 15 });
    // 0.75 = 0x3F400000: fraction 0x400000, bits 8-22 = 0x4000 = 16384; M = 49152, 49152 / 2^16 = 0.75.
    expect(float32Bits(0.75)).toBe(0x3f400000);
    expect(postScaleFromFloat(0.75)).toEqual({ postMultiplier: 16384, postShift: 16 });
    // 0.0123 -> float32 0x3C4985F0 (DataView setFloat32 / getUint32):
    //   0 01111000 1001001 10000101 11110000
    //   exponent 0x78 = 120 -> post_shift 142 - 120 = 22;
    //   fraction 0x4985F0, bits 8-22 = 0x4985 = 18821 (the low byte 0xF0 is dropped).
    expect(float32Bits(0.0123)).toBe(0x3c4985f0);
    expect(postScaleFromFloat(0.0123)).toEqual({ postMultiplier: 18821, postShift: 22 });
    expect(effectiveScale(postScaleFromFloat(0.0123))).toEqual({ multiplier: 51589, shift: 22 });
    // 1/3 -> 0x3EAAAAAB: exponent 125 -> 17; fraction 0x2AAAAB -> 0x2AAA = 10922.
    // The dropped byte 0xAB >= 0x80: the driver truncates, it does not round (10923).
    expect(float32Bits(1 / 3)).toBe(0x3eaaaaab);
    expect(postScaleFromFloat(1 / 3)).toEqual({ postMultiplier: 10922, postShift: 17 });
  });

  it('accepts exactly the scales in [2^-112, 2^16)', () => {
    // 2^-112 = 0x07800000: exponent 15 -> post_shift 127, the largest the 7 bits hold.
    expect(float32Bits(2 ** -112)).toBe(0x07800000);
    expect(postScaleFromFloat(2 ** -112)).toEqual({ postMultiplier: 0, postShift: 127 });
    // The largest float32 below 2^16 = 0x477FFFFF: exponent 142 -> post_shift 0, all 15 bits set.
    const below = 65536 - 2 ** -8;
    expect(float32Bits(below)).toBe(0x477fffff);
    expect(postScaleFromFloat(below)).toEqual({ postMultiplier: 0x7fff, postShift: 0 });
    for (const bad of [2 ** 16, 2 ** -113, 0, -0, -1, NaN, Infinity, -Infinity, 1e-50, 1e39]) {
      expect(() => postScaleFromFloat(bad), String(bad)).toThrow(BackendError);
    }
  });

  it('splits the fields as the descriptor holds them', () => {
    // 18821 = 0b100100110000101: bit 0 = 1, bits 1-6 = 0b000010 = 2, bits 7-14 = 0b10010011 = 147.
    const f = postScaleFields({ postMultiplier: 18821, postShift: 22 });
    expect(f).toEqual({ multiplierBit0: 1, multiplierBits1To6: 2, multiplierBits7To14: 147, shiftBits0To4: 22, shiftBits5To6: 0 });
    expect(postScaleFromFields(f)).toEqual({ postMultiplier: 18821, postShift: 22 });
    // 2^-30: exponent 97 -> post_shift 45 = 0b0101101: bits 0-4 = 13, bits 5-6 = 1.
    const g = postScaleFields(postScaleFromFloat(2 ** -30));
    expect(g).toEqual({ multiplierBit0: 0, multiplierBits1To6: 0, multiplierBits7To14: 0, shiftBits0To4: 13, shiftBits5To6: 1 });
    expect(() => postScaleFromFields({ ...g, shiftBits5To6: 4 })).toThrow(BackendError);
    expect(() => postScaleFields({ postMultiplier: 1 << 15, postShift: 0 })).toThrow(BackendError);
    expect(() => effectiveScale({ postMultiplier: 0, postShift: 128 })).toThrow(BackendError);
  });
});

describe('vipnano post scale from nir', () => {
  it('gives M = m * 2^k and S = s + k', () => {
    // m = 3, s = 4: 3/16 = 1.5 * 2^-3 = 0x3E400000: exponent 124 -> S = 18, fraction bits 8-22 = 0x4000.
    // M = 2^15 + 2^14 = 49152 = 3 * 2^14, S = 4 + 14.
    expect(postScaleFromNir(3, 4)).toEqual({ postMultiplier: 16384, postShift: 18 });
    const rnd = mulberry32(7);
    for (let i = 0; i < 2000; i++) {
      const m = 1 + Math.floor(rnd() * (2 ** 15 - 1));
      const s = 2 + Math.floor(rnd() * 61);
      const { multiplier: M, shift: S } = effectiveScale(postScaleFromNir(m, s));
      const k = S - s;
      expect(k).toBeGreaterThanOrEqual(1);
      expect(M).toBe(m * 2 ** k);
    }
  });

  it('computes apply_scale_16 exactly on random accumulators and ties', () => {
    const rnd = mulberry32(2024);
    let ties = 0;
    for (let i = 0; i < 400; i++) {
      const m = 1 + Math.floor(rnd() * (2 ** 15 - 1));
      const s = 2 + Math.floor(rnd() * 61);
      const p = postScaleFromNir(m, s);
      const accs: number[] = [0, 1, -1, 2 ** 31 - 1, -(2 ** 31)];
      for (let j = 0; j < 30; j++) accs.push(Math.floor((rnd() * 2 - 1) * 2 ** (1 + rnd() * 40)));
      // Ties: acc * m = 2^(s-1) mod 2^s. With m = 2^t * odd and s' = s - t:
      // acc = 2^(s'-1) * odd^-1 mod 2^s', plus multiples of 2^s'.
      let t = 0;
      while (((m >> t) & 1) === 0) t++;
      const sp = s - t;
      if (sp >= 1 && sp <= 40) {
        const mod = 1n << BigInt(sp);
        const odd = BigInt(m >> t);
        let inv = 1n; // Newton iteration for the inverse of odd modulo 2^64.
        for (let q = 0; q < 7; q++) inv = (inv * (2n - odd * inv)) & ((1n << 64n) - 1n);
        const base = ((1n << BigInt(sp - 1)) * inv) % mod;
        for (const k of [0n, 1n, -1n, -2n, 5n]) accs.push(Number(base + k * mod));
      }
      for (const acc of accs) {
        const want = singleRound(BigInt(acc), BigInt(m), BigInt(s));
        if ((BigInt(acc) * BigInt(m)) % (1n << BigInt(s)) === 1n << BigInt(s - 1) || (BigInt(acc) * BigInt(m)) % (1n << BigInt(s)) === -(1n << BigInt(s - 1))) ties++;
        expect(applyPostScale(acc, p), `acc ${acc} m ${m} s ${s}`).toBe(Number(want));
        try {
          expect(applyPostScale(acc, p)).toBe(applyScale16(acc, m, s));
        } catch (e) {
          // apply_scale_16 REQUIREs an int32 result; the model has no such limit.
          if (!(e instanceof TosaRequireError)) throw e;
        }
      }
    }
    expect(ties).toBeGreaterThan(500);
  });

  it('exactFor: every 15-bit multiplier except 0', () => {
    for (const s of [2, 31, 62]) for (let m = 1; m < 2 ** 15; m++) if (!exactFor(m, s)) throw new Error(`not exact: ${m} ${s}`);
    expect(exactFor(0, 10)).toBe(false);
    expect(inexactReason(0, 10)).toMatch(/cannot scale by 0/);
    expect(() => postScaleFromNir(0, 10)).toThrow(BackendError);
  });

  it('exactFor: 32-bit multipliers only with at most 16 significant bits', () => {
    expect(exactFor(0xffff, 20)).toBe(true);
    expect(exactFor(2 ** 30, 40)).toBe(true);
    expect(exactFor(0xffff << 15, 45)).toBe(true);
    // 17 significant bits: the low one is truncated away (M = 2^15, S = s - 1).
    expect(exactFor(0x10001, 20)).toBe(false);
    expect(inexactReason(0x10001, 20)).toMatch(/32768 \/ 2\^19 instead of 65537 \/ 2\^20/);
    // 2^25 - 1: float32 rounds up to 2^25.
    expect(effectiveScale(postScaleFromNir(2 ** 25 - 1, 40))).toEqual({ multiplier: 32768, shift: 30 });
    expect(exactFor(2 ** 25 - 1, 40)).toBe(false);
    // Out of nir's ranges.
    for (const [m, s] of [[1, 1], [1, 63], [-1, 10], [2 ** 31, 10], [1.5, 10], [1, 2.5]] as const) {
      expect(exactFor(m, s)).toBe(false);
      expect(() => postScaleFromNir(m, s)).toThrow(BackendError);
    }
  });

  it('applies large shifts exactly (BigInt path)', () => {
    const p = postScaleFromFloat(2 ** -100); // S = 115, M = 2^15
    expect(effectiveScale(p)).toEqual({ multiplier: 32768, shift: 115 });
    const acc = 2 ** 52; // acc * 2^15 = 2^67 -> / 2^115 = 2^-48 -> rounds to 0
    expect(applyPostScale(acc, p)).toBe(0);
    expect(applyPostScale(-acc, p)).toBe(0);
    const q = { postMultiplier: 0, postShift: 60 };
    // 2^44 * 2^15 = 2^59 = half of 2^60: ties round up.
    expect(applyPostScale(2 ** 44, q)).toBe(1);
    expect(applyPostScale(-(2 ** 44), q)).toBe(0);
    expect(applyPostScale(-(2 ** 44) - 1, q)).toBe(-1);
    // S = 0: no rounding term.
    expect(applyPostScale(-3, { postMultiplier: 1, postShift: 0 })).toBe(-3 * 32769);
    expect(() => applyPostScale(0.5, q)).toThrow(BackendError);
  });
});
