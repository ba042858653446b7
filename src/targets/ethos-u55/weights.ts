// Weight streams and scale records (registers.ts: "Weight streams", "Scale
// records"). The stream is npuc's uncompressed format: each weight minus the
// weight zero point as a 9-bit two's-complement value, packed least
// significant bit first, in blocks of 16 output channels.

import { BackendError } from '../../codegen/backend.js';
import { SCALE_RECORD_BYTES, WEIGHT_BITS, WEIGHT_BLOCK, packScaleRecord, weightStreamBytes } from './registers.js';

export type WeightShape =
  /** nir.conv2d weights [OC, KH, KW, IC], row-major. */
  | { readonly kind: 'CONV'; readonly oc: number; readonly kh: number; readonly kw: number; readonly ic: number }
  /** nir.depthwise_conv2d weights [KH, KW, C, 1], row-major. */
  | { readonly kind: 'DEPTHWISE'; readonly kh: number; readonly kw: number; readonly c: number };

/** `values` in stream order (see registers.ts). */
function streamOrder(values: ArrayLike<number>, s: WeightShape): number[] {
  const out: number[] = [];
  if (s.kind === 'CONV') {
    for (let b = 0; b < s.oc; b += WEIGHT_BLOCK) {
      const end = Math.min(b + WEIGHT_BLOCK, s.oc);
      for (let ky = 0; ky < s.kh; ky++)
        for (let kx = 0; kx < s.kw; kx++)
          for (let ic = 0; ic < s.ic; ic++) for (let oc = b; oc < end; oc++) out.push(values[((oc * s.kh + ky) * s.kw + kx) * s.ic + ic]!);
    }
  } else {
    for (let b = 0; b < s.c; b += WEIGHT_BLOCK) {
      const end = Math.min(b + WEIGHT_BLOCK, s.c);
      for (let ky = 0; ky < s.kh; ky++) for (let kx = 0; kx < s.kw; kx++) for (let c = b; c < end; c++) out.push(values[(ky * s.kw + kx) * s.c + c]!);
    }
  }
  return out;
}

/**
 * The uncompressed weight stream of `values` (weights already minus their
 * zero point, in nir's row-major order), its length a multiple of 16 bytes.
 */
export function packWeightStream(values: ArrayLike<number>, shape: WeightShape): Uint8Array {
  const ordered = streamOrder(values, shape);
  const out = new Uint8Array(weightStreamBytes(ordered.length));
  let bit = 0;
  for (const v of ordered) {
    if (!Number.isInteger(v) || v < -256 || v > 255) throw new BackendError(`weight minus zero point ${v} does not fit 9 bits [-256, 255]`);
    const u = v & 0x1ff;
    for (let i = 0; i < WEIGHT_BITS; i++, bit++) if ((u >> i) & 1) out[bit >> 3]! |= 1 << (bit & 7);
  }
  return out;
}

/** A 32-bit scale and 6-bit shift as the NPU holds them (per-channel records, OFM/OPA/OPB_SCALE). */
export function checkScale(multiplier: number, shift: number, what: string): void {
  if (!Number.isInteger(multiplier) || multiplier < 0 || multiplier >= 2 ** 32) throw new BackendError(`${what} multiplier ${multiplier} is outside [0, 2^32)`);
  if (!Number.isInteger(shift) || shift < 0 || shift > 63) throw new BackendError(`${what} shift ${shift} is outside [0, 63]`);
}

/**
 * One 10-byte record per output channel: bias, scale, shift. `multiplier`
 * and `shift` have one entry per channel, or one for every channel.
 */
export function packScaleRecords(bias: ArrayLike<number | bigint>, multiplier: readonly number[], shift: readonly number[]): Uint8Array {
  const n = bias.length;
  if (multiplier.length !== shift.length || (multiplier.length !== 1 && multiplier.length !== n)) {
    throw new BackendError(`${multiplier.length} multipliers and ${shift.length} shifts for ${n} output channels`);
  }
  const out = new Uint8Array(n * SCALE_RECORD_BYTES);
  for (let c = 0; c < n; c++) {
    const m = multiplier.length === 1 ? multiplier[0]! : multiplier[c]!;
    const s = shift.length === 1 ? shift[0]! : shift[c]!;
    checkScale(m, s, `channel ${c}`);
    const b = BigInt(bias[c]!);
    if (b < -(2n ** 39n) || b >= 2n ** 39n) throw new BackendError(`channel ${c} bias ${b} does not fit 40 bits`);
    packScaleRecord(out, c * SCALE_RECORD_BYTES, b, m, s);
  }
  return out;
}
