// Reads an operation's weight stream and scale records (formats and order in
// registers.ts) into dense arrays the kernels index directly:
//   CONV weights      -> [oc][ky][kx][ic]
//   DEPTHWISE weights -> [ky][kx][c]
//   scale records     -> bias, scale and shift per output channel.
// The caller has checked that the stream and records lie in `bytes`.

import { WEIGHT_BITS, WEIGHT_BLOCK } from './registers.js';

/** Reads consecutive 9-bit two's-complement weights, least significant bit first. */
class WeightReader {
  private bit: number;

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
  ) {
    this.bit = start * 8;
  }

  next(): number {
    const i = this.bit >>> 3;
    const v = ((this.bytes[i]! | (this.bytes[i + 1]! << 8)) >> (this.bit & 7)) & 0x1ff;
    this.bit += WEIGHT_BITS;
    return (v << 23) >> 23;
  }
}

/** CONV: blocks of 16 output channels; within a block ky, kx, ic, then the block's channels. */
export function unpackConvWeights(bytes: Uint8Array, start: number, oc: number, kh: number, kw: number, ic: number): Int32Array {
  const K = kh * kw * ic;
  const out = new Int32Array(oc * K);
  const r = new WeightReader(bytes, start);
  for (let b0 = 0; b0 < oc; b0 += WEIGHT_BLOCK) {
    const bs = Math.min(WEIGHT_BLOCK, oc - b0);
    for (let k = 0; k < K; k++) {
      // k runs over (ky, kx, ic) in order, which is also the dense layout's inner index.
      for (let j = 0; j < bs; j++) out[(b0 + j) * K + k] = r.next();
    }
  }
  return out;
}

/** DEPTHWISE: blocks of 16 channels; within a block ky, kx, then the block's channels. */
export function unpackDepthwiseWeights(bytes: Uint8Array, start: number, c: number, kh: number, kw: number): Int32Array {
  const taps = kh * kw;
  const out = new Int32Array(taps * c);
  const r = new WeightReader(bytes, start);
  for (let b0 = 0; b0 < c; b0 += WEIGHT_BLOCK) {
    const bs = Math.min(WEIGHT_BLOCK, c - b0);
    for (let t = 0; t < taps; t++) {
      for (let j = 0; j < bs; j++) out[t * c + b0 + j] = r.next();
    }
  }
  return out;
}

export interface ScaleRecords {
  /** 40-bit signed biases (exact in a double). */
  readonly bias: Float64Array;
  readonly scale: Float64Array;
  readonly shift: Int32Array;
}

/** `count` 10-byte records: bits 0-39 bias (signed), 40-71 scale, 72-77 shift. */
export function unpackScaleRecords(bytes: Uint8Array, start: number, count: number): ScaleRecords {
  const bias = new Float64Array(count);
  const scale = new Float64Array(count);
  const shift = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const a = start + i * 10;
    const lo = (bytes[a]! | (bytes[a + 1]! << 8) | (bytes[a + 2]! << 16) | (bytes[a + 3]! << 24)) >>> 0;
    const hi = (bytes[a + 4]! << 24) >> 24; // bits 32-39, sign-extended
    bias[i] = hi * 2 ** 32 + lo;
    scale[i] = (bytes[a + 5]! | (bytes[a + 6]! << 8) | (bytes[a + 7]! << 16) | (bytes[a + 8]! << 24)) >>> 0;
    shift[i] = bytes[a + 9]! & 0x3f;
  }
  return { bias, scale, shift };
}
