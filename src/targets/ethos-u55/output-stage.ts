// The last stage of every block operation, after the scaling (execute.ts):
//   v = saturate_int32(v) + OFM_ZERO_POINT;
//   8/16-bit OFM: clamp to [ACTIVATION_MIN, ACTIVATION_MAX], then to the
//                 precision's range; then, with a LUT activation (8-bit only),
//                 v = lut[v + 128] (signed) or lut[v] (unsigned), the slot's
//                 256 bytes read from SHRAM as the OFM's type;
//   32-bit OFM:   saturate to int32 only (stored as its 32-bit pattern).

import type { BlockOperation } from './operation.js';
import { INT32_MAX, INT32_MIN, saturateInt32, scaleSum, type ChannelScales } from './rounding.js';
import { ACTIVATION_FUNCTION, lutAddress } from './registers.js';

const TWO16 = 2 ** 16;
const INV16 = 2 ** -16;
const TWO36 = 2 ** 36;
const TWO52 = 2 ** 52;

export class OutputStage {
  private readonly zp: number;
  private readonly wide: boolean;
  private readonly actMin: number;
  private readonly actMax: number;
  private readonly typeMin: number;
  private readonly typeMax: number;
  private readonly lut: Float64Array | null;
  private readonly lutBias: number;

  /** `shram` is read now: build the stage when the operation runs, after any LUT load. */
  constructor(op: BlockOperation, shram: Uint8Array) {
    const ofm = op.ofm;
    this.zp = ofm.zeroPoint;
    this.wide = ofm.bits === 32;
    this.actMin = op.activation.min;
    this.actMax = op.activation.max;
    this.typeMin = ofm.bits === 32 ? INT32_MIN : ofm.signed ? -(2 ** (ofm.bits - 1)) : 0;
    this.typeMax = ofm.bits === 32 ? INT32_MAX : ofm.signed ? 2 ** (ofm.bits - 1) - 1 : 2 ** ofm.bits - 1;
    this.lutBias = ofm.signed ? 128 : 0;
    this.lut = null;
    if (op.activation.fn >= ACTIVATION_FUNCTION.LUT_START) {
      // execute-check.ts rejects a LUT on a 16/32-bit OFM.
      const at = lutAddress(op.activation.fn - ACTIVATION_FUNCTION.LUT_START);
      const t = new Float64Array(256);
      for (let i = 0; i < 256; i++) t[i] = ofm.signed ? (shram[at + i]! << 24) >> 24 : shram[at + i]!;
      this.lut = t;
    }
  }

  /** The value stored for a scaled result `v` (an exact integer). */
  finish(v: number): number {
    v = saturateInt32(v) + this.zp;
    if (this.wide) return saturateInt32(v);
    if (v < this.actMin) v = this.actMin;
    if (v > this.actMax) v = this.actMax;
    if (v < this.typeMin) v = this.typeMin;
    if (v > this.typeMax) v = this.typeMax;
    return this.lut === null ? v : this.lut[v + this.lutBias]!;
  }

  /**
   * vals[c] = finish(scale(acc[c] + bias[c], channel c's scale and shift))
   * for c < n, in one loop (the per-element cost of the convolutions'
   * epilogue matters; ChannelScales documents the paths).
   */
  finishChannels(acc: Float64Array, bias: Float64Array, cs: ChannelScales, vals: Float64Array, n: number): void {
    const { scale, inv, inv16, roundPos, roundNeg, mHigh, mLow, paths, truncate } = cs;
    const { zp, wide, actMin, actMax, typeMin, typeMax, lut, lutBias } = this;
    for (let c = 0; c < n; c++) {
      const a = acc[c]!;
      const b = bias[c]!;
      const v = a + b;
      const p = v * scale[c]!;
      const av = v < 0 ? -v : v;
      const path = paths[c]!;
      let r: number;
      if ((p < 0 ? -p : p) < TWO52 && av < TWO52 && path !== 0) {
        r = truncate ? Math.trunc(p * inv[c]!) + 0 : Math.floor((p + (v >= 0 ? roundPos[c]! : roundNeg[c]!)) * inv[c]!);
      } else if (path === 2 && av < TWO36) {
        const round = v >= 0 ? roundPos[c]! : roundNeg[c]!;
        const rh = Math.floor(round * INV16);
        const cc = v * mLow[c]! + (round - rh * TWO16);
        r = Math.floor((v * mHigh[c]! + rh + Math.floor(cc * INV16)) * inv16[c]!);
      } else r = scaleSum(a, b, scale[c]!, cs.shift[c]!, cs.rounding);
      r = (r < INT32_MIN ? INT32_MIN : r > INT32_MAX ? INT32_MAX : r) + zp;
      if (wide) r = r < INT32_MIN ? INT32_MIN : r > INT32_MAX ? INT32_MAX : r;
      else {
        if (r < actMin) r = actMin;
        if (r > actMax) r = actMax;
        if (r < typeMin) r = typeMin;
        if (r > typeMax) r = typeMax;
        if (lut !== null) r = lut[r + lutBias]!;
      }
      vals[c] = r;
    }
  }
}
