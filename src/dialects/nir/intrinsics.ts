// The nir intrinsics' reference kernels, on typed arrays. Each kernel reads
// all its input views (row-major over their logical shapes, whatever their
// layouts), computes, then writes its output view, so an intrinsic behaves
// as "read everything, then write" even when views share bytes.
//
// Integer arithmetic is TOSA 1.0's (DESIGN.md section 6), written here from
// the specification's pseudocode, independently of the tosa dialect's
// evaluators (the tests compare the two):
//   * an accumulator (convolution, matmul, average pool, eltwise add/sub/mul)
//     must stay in int32 after every addition (apply_add_s), in TOSA's order:
//     taps in (ky, kx, ic) order, then the bias;
//   * apply_scale_32 REQUIREs its input in [-2^(shift-1), 2^(shift-1));
//     apply_scale_16 REQUIREs its result in int32;
//   * adding the output zero point must stay in int32.
// Violations throw NirRequireError (apply_scale_16's own check throws the
// numerics module's error); the interpreter locates either at the op.

import { broadcastIndex } from '../../ir/tensor.js';
import { applyScale16, applyScale32 } from '../tosa/numerics.js';
import { kindRange, type MemView } from './memory.js';

/** A REQUIRE of the TOSA specification that does not hold during evaluation. */
export class NirRequireError extends Error {}

const I32_MIN = -(2 ** 31);
const I32_MAX = 2 ** 31 - 1;

function requireI32(v: number, what: string): number {
  if (v < I32_MIN || v > I32_MAX) throw new NirRequireError(`${what}: ${v} overflows int32`);
  return v;
}

/** Requantization properties shared by the intrinsics that have them. */
export interface Requant {
  /** One entry (per tensor) or one per output channel. */
  readonly multiplier: readonly number[];
  readonly shift: readonly number[];
  readonly doubleRound: boolean;
  readonly scale32: boolean;
  /** Output bounds; null: the ofm element type's range. */
  readonly clamp: readonly [number, number] | null;
}

/** Rounding and scale width, for eltwise's input scaling. */
export interface ScaleMode {
  readonly doubleRound: boolean;
  readonly scale32: boolean;
}

/** TOSA apply_scale_32 (with its input range REQUIRE) or apply_scale_16. */
export function applyScale(v: number, multiplier: number, shift: number, mode: ScaleMode): number {
  if (mode.scale32) {
    const half = 2 ** (shift - 1);
    if (v < -half || v >= half) throw new NirRequireError(`apply_scale_32: input ${v} outside [-2^${shift - 1}, 2^${shift - 1})`);
    return applyScale32(v, multiplier, shift, mode.doubleRound);
  }
  return applyScale16(v, multiplier, shift);
}

/**
 * Requantizes `acc` (row-major over the ofm's shape, whose last dimension is
 * the channel) into `ofm`: clamp(apply_scale(acc, m[c], s[c]) + ofm.zp, lo, hi).
 * Without requantization (`rq` null) the ofm is i32 and receives `acc`.
 */
export function requantizeInto(acc: Float64Array, rq: Requant | null, ofm: MemView): void {
  if (!rq) {
    ofm.write(acc);
    return;
  }
  const channels = ofm.shape.length ? ofm.shape[ofm.shape.length - 1]! : 1;
  const [lo, hi] = rq.clamp ?? kindRange(ofm.kind);
  const zp = ofm.zeroPoint;
  const perChannel = rq.multiplier.length > 1;
  const out = new Float64Array(acc.length);
  for (let i = 0; i < acc.length; i++) {
    const c = perChannel ? i % channels : 0;
    const r = requireI32(applyScale(acc[i]!, rq.multiplier[c]!, rq.shift[c]!, rq) + zp, 'adding the output zero point');
    out[i] = r < lo ? lo : r > hi ? hi : r;
  }
  ofm.write(out);
}

/** The view's values minus its zero point, row-major. */
function centered(v: MemView): Float64Array {
  const x = v.read();
  const zp = v.zeroPoint;
  if (zp !== 0) for (let i = 0; i < x.length; i++) x[i] = x[i]! - zp;
  return x;
}

function accOverflow(what: string): never {
  throw new NirRequireError(`${what}: accumulator overflows int32`);
}

// ---------------------------------------------------------------------------
// Convolutions.

export interface ConvParams {
  /** [y, x] */
  readonly stride: readonly number[];
  /** [top, bottom, left, right] */
  readonly pad: readonly number[];
  /** [y, x] */
  readonly dilation: readonly number[];
}

/** TOSA's convolution output size along one dimension, or null when it is not a whole positive number. */
export function convOutputDim(inDim: number, k: number, padBefore: number, padAfter: number, stride: number, dilation: number): number | null {
  const span = inDim - 1 + padBefore + padAfter - (k - 1) * dilation;
  if (span < 0 || span % stride !== 0) return null;
  return span / stride + 1;
}

/** conv2d: ifm [N, IH, IW, IC], weights [OC, KH, KW, IC], bias i32 [OC], ofm [N, OH, OW, OC]. */
export function conv2d(ifm: MemView, weights: MemView, bias: MemView, ofm: MemView, p: ConvParams, rq: Requant | null): void {
  const [N, IH, IW, IC] = ifm.shape as [number, number, number, number];
  const [OC, KH, KW] = weights.shape as [number, number, number, number];
  const [, OH, OW] = ofm.shape as [number, number, number, number];
  const [sy, sx] = p.stride as [number, number];
  const [dy, dx] = p.dilation as [number, number];
  const pt = p.pad[0]!;
  const pl = p.pad[2]!;
  const X = centered(ifm);
  const Wt = centered(weights);
  const B = bias.read();
  const acc = new Float64Array(N * OH * OW * OC);
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        for (let oc = 0; oc < OC; oc++) {
          let a = 0;
          for (let ky = 0; ky < KH; ky++) {
            const y = oy * sy - pt + ky * dy;
            if (y < 0 || y >= IH) continue;
            for (let kx = 0; kx < KW; kx++) {
              const x = ox * sx - pl + kx * dx;
              if (x < 0 || x >= IW) continue;
              const xb = ((n * IH + y) * IW + x) * IC;
              const wb = ((oc * KH + ky) * KW + kx) * IC;
              for (let ic = 0; ic < IC; ic++) {
                a += X[xb + ic]! * Wt[wb + ic]!;
                if (a > I32_MAX || a < I32_MIN) accOverflow('conv2d');
              }
            }
          }
          a += B[oc]!;
          if (a > I32_MAX || a < I32_MIN) accOverflow('conv2d');
          acc[o++] = a;
        }
      }
    }
  }
  requantizeInto(acc, rq, ofm);
}

/** depthwise_conv2d: weights [KH, KW, C, M]; output channel c*M + m reads input channel c. */
export function depthwiseConv2d(ifm: MemView, weights: MemView, bias: MemView, ofm: MemView, p: ConvParams, rq: Requant | null): void {
  const [N, IH, IW, C] = ifm.shape as [number, number, number, number];
  const [KH, KW, , M] = weights.shape as [number, number, number, number];
  const [, OH, OW] = ofm.shape as [number, number, number, number];
  const [sy, sx] = p.stride as [number, number];
  const [dy, dx] = p.dilation as [number, number];
  const pt = p.pad[0]!;
  const pl = p.pad[2]!;
  const X = centered(ifm);
  const Wt = centered(weights);
  const B = bias.read();
  const acc = new Float64Array(N * OH * OW * C * M);
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        for (let c = 0; c < C; c++) {
          for (let m = 0; m < M; m++) {
            let a = 0;
            for (let ky = 0; ky < KH; ky++) {
              const y = oy * sy - pt + ky * dy;
              if (y < 0 || y >= IH) continue;
              for (let kx = 0; kx < KW; kx++) {
                const x = ox * sx - pl + kx * dx;
                if (x < 0 || x >= IW) continue;
                a += X[((n * IH + y) * IW + x) * C + c]! * Wt[((ky * KW + kx) * C + c) * M + m]!;
                if (a > I32_MAX || a < I32_MIN) accOverflow('depthwise_conv2d');
              }
            }
            a += B[c * M + m]!;
            if (a > I32_MAX || a < I32_MIN) accOverflow('depthwise_conv2d');
            acc[o++] = a;
          }
        }
      }
    }
  }
  requantizeInto(acc, rq, ofm);
}

/** matmul: a [N, H, C] x b [N, C, W] -> ofm [N, H, W], requantized per tensor. */
export function matmul(a: MemView, b: MemView, ofm: MemView, rq: Requant | null): void {
  const [N, H, C] = a.shape as [number, number, number];
  const [, , W] = b.shape as [number, number, number];
  const A = centered(a);
  const Bm = centered(b);
  const acc = new Float64Array(N * H * W);
  for (let n = 0; n < N; n++) {
    for (let h = 0; h < H; h++) {
      for (let w = 0; w < W; w++) {
        let s = 0;
        for (let c = 0; c < C; c++) {
          s += A[(n * H + h) * C + c]! * Bm[(n * C + c) * W + w]!;
          if (s > I32_MAX || s < I32_MIN) accOverflow('matmul');
        }
        acc[(n * H + h) * W + w] = s;
      }
    }
  }
  requantizeInto(acc, rq, ofm);
}

// ---------------------------------------------------------------------------
// Pooling.

export interface PoolParams {
  readonly kind: 'max' | 'avg';
  /** [y, x] */
  readonly kernel: readonly number[];
  readonly stride: readonly number[];
  /** [top, bottom, left, right] */
  readonly pad: readonly number[];
  readonly clamp: readonly [number, number] | null;
}

/**
 * TOSA reciprocal_scale(count): with k = ceil(log2(count)), multiplier =
 * ((2^30 + 1) << k) / count (integer division) and shift = 30 + k.
 */
export function reciprocalScale(count: number): { multiplier: number; shift: number } {
  if (!(count > 0)) throw new NirRequireError(`reciprocal_scale: count ${count} must be positive`);
  let k = 0;
  while (2 ** k < count) k++;
  // (2^30 + 1) * 2^k < 2^53 for every count a window can have (k <= 22).
  return { multiplier: Math.floor(((2 ** 30 + 1) * 2 ** k) / count), shift: 30 + k };
}

/** Pooling: max (TOSA max_pool2d) or avg (TOSA avg_pool2d, padding excluded from the count). */
export function pool(ifm: MemView, ofm: MemView, p: PoolParams): void {
  const [N, IH, IW, C] = ifm.shape as [number, number, number, number];
  const [, OH, OW] = ofm.shape as [number, number, number, number];
  const [KY, KX] = p.kernel as [number, number];
  const [sy, sx] = p.stride as [number, number];
  const pt = p.pad[0]!;
  const pl = p.pad[2]!;
  const X = ifm.read();
  const izp = ifm.zeroPoint;
  const ozp = ofm.zeroPoint;
  const [tlo, thi] = kindRange(ofm.kind);
  const [lo, hi] = p.clamp ?? [tlo, thi];
  const out = new Float64Array(N * OH * OW * C);
  const unit = { scale32: true, doubleRound: false };
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let oy = 0; oy < OH; oy++) {
      const y0 = Math.max(0, oy * sy - pt);
      const y1 = Math.min(IH, oy * sy - pt + KY);
      for (let ox = 0; ox < OW; ox++) {
        const x0 = Math.max(0, ox * sx - pl);
        const x1 = Math.min(IW, ox * sx - pl + KX);
        for (let c = 0; c < C; c++) {
          let r: number;
          if (p.kind === 'max') {
            r = -Infinity;
            for (let y = y0; y < y1; y++) {
              for (let x = x0; x < x1; x++) {
                const v = X[((n * IH + y) * IW + x) * C + c]!;
                if (v > r) r = v;
              }
            }
          } else {
            let s = 0;
            for (let y = y0; y < y1; y++) {
              for (let x = x0; x < x1; x++) {
                s += X[((n * IH + y) * IW + x) * C + c]! - izp;
                if (s > I32_MAX || s < I32_MIN) accOverflow('pool');
              }
            }
            const sc = reciprocalScale((y1 - y0) * (x1 - x0));
            r = requireI32(applyScale(s, sc.multiplier, sc.shift, unit) + ozp, 'adding the output zero point');
            r = r < tlo ? tlo : r > thi ? thi : r;
          }
          out[o++] = r < lo ? lo : r > hi ? hi : r;
        }
      }
    }
  }
  ofm.write(out);
}

// ---------------------------------------------------------------------------
// Elementwise.

export type EltwiseOp = 'add' | 'sub' | 'mul' | 'min' | 'max' | 'copy';
export const ELTWISE_OPS: readonly EltwiseOp[] = ['add', 'sub', 'mul', 'min', 'max', 'copy'];

/** For each element of `out` (row-major), the flat index of the element of `inp` it reads; null when the shapes are equal. */
function broadcastSource(inp: readonly number[], out: readonly number[]): Int32Array | null {
  return inp.length === out.length && inp.every((d, i) => d === out[i]) ? null : broadcastIndex(inp, out);
}

/** One input minus its zero point, scaled into i32 by apply_scale(x - x.zp, m, s) unless `m` is null, broadcast to the ofm's shape. */
function scaledInput(v: MemView, m: number | null, s: number, mode: ScaleMode, outShape: readonly number[]): Float64Array {
  const x = centered(v);
  if (m !== null) for (let i = 0; i < x.length; i++) x[i] = applyScale(x[i]!, m, s, mode);
  const src = broadcastSource(v.shape, outShape);
  if (!src) return x;
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = x[src[i]!]!;
  return out;
}

export interface EltwiseParams {
  readonly op: EltwiseOp;
  /** One entry per input of a two-input op; empty for copy. */
  readonly inputMultiplier: readonly number[];
  readonly inputShift: readonly number[];
  readonly mode: ScaleMode;
}

/**
 * eltwise: each input of a two-input op scaled into i32, combined in i32,
 * then requantized; copy requantizes `a - a.zp` directly (one TOSA rescale).
 */
export function eltwise(a: MemView, b: MemView | null, ofm: MemView, p: EltwiseParams, rq: Requant | null): void {
  const copy = p.op === 'copy' || !b;
  const ai = scaledInput(a, copy ? null : p.inputMultiplier[0]!, p.inputShift[0] ?? 0, p.mode, ofm.shape);
  let r: Float64Array;
  if (copy) r = ai;
  else {
    const bi = scaledInput(b, p.inputMultiplier[1]!, p.inputShift[1]!, p.mode, ofm.shape);
    r = new Float64Array(ai.length);
    const n = r.length;
    switch (p.op) {
      case 'add':
        for (let i = 0; i < n; i++) r[i] = requireI32(ai[i]! + bi[i]!, 'eltwise add');
        break;
      case 'sub':
        for (let i = 0; i < n; i++) r[i] = requireI32(ai[i]! - bi[i]!, 'eltwise sub');
        break;
      case 'mul':
        // Past 2^53 the product is inexact, but then it is far outside int32 anyway.
        for (let i = 0; i < n; i++) r[i] = requireI32(ai[i]! * bi[i]!, 'eltwise mul');
        break;
      case 'min':
        for (let i = 0; i < n; i++) r[i] = Math.min(ai[i]!, bi[i]!);
        break;
      case 'max':
        for (let i = 0; i < n; i++) r[i] = Math.max(ai[i]!, bi[i]!);
        break;
    }
  }
  requantizeInto(r, rq, ofm);
}

// ---------------------------------------------------------------------------
// Table lookup and data movement.

/** TOSA's 8-bit table: ofm = table[ifm + 128] for i8 input, table[ifm] for ui8. */
export function lut(ifm: MemView, table: MemView, ofm: MemView): void {
  const x = ifm.read();
  const t = table.read();
  const bias = ifm.kind === 'i8' ? 128 : 0;
  for (let i = 0; i < x.length; i++) x[i] = t[x[i]! + bias]!;
  ofm.write(x);
}

/** TOSA transpose: ofm[o] = ifm[i] with i[perms[k]] = o[k]. */
export function transpose(ifm: MemView, ofm: MemView, perms: readonly number[]): void {
  const x = ifm.read();
  const inShape = ifm.shape;
  const r = inShape.length;
  const inStride = new Array<number>(r);
  let acc = 1;
  for (let k = r - 1; k >= 0; k--) {
    inStride[k] = acc;
    acc *= inShape[k]!;
  }
  const outShape = perms.map((p) => inShape[p]!);
  const step = perms.map((p) => inStride[p]!);
  const out = new Float64Array(x.length);
  const pos = new Array<number>(r).fill(0);
  let cur = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = x[cur]!;
    for (let k = r - 1; k >= 0; k--) {
      pos[k]!++;
      cur += step[k]!;
      if (pos[k]! < outShape[k]!) break;
      cur -= step[k]! * outShape[k]!;
      pos[k] = 0;
    }
  }
  ofm.write(out);
}

/**
 * Space-to-depth: the ifm padded with its zero point by `pad` [t, b, l, r],
 * then ofm[n, y, x, (i*bx + j)*C + c] = padded[n, y*by + i, x*bx + j, c].
 */
export function reshuffle(ifm: MemView, ofm: MemView, block: readonly number[], pad: readonly number[]): void {
  const [N, IH, IW, C] = ifm.shape as [number, number, number, number];
  const [, OH, OW, OC] = ofm.shape as [number, number, number, number];
  const [by, bx] = block as [number, number];
  const pt = pad[0]!;
  const pl = pad[2]!;
  const x = ifm.read();
  const zp = ifm.zeroPoint;
  const out = new Float64Array(N * OH * OW * OC);
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let y = 0; y < OH; y++) {
      for (let xx = 0; xx < OW; xx++) {
        for (let i = 0; i < by; i++) {
          const sy = y * by + i - pt;
          for (let j = 0; j < bx; j++) {
            const sx = xx * bx + j - pl;
            const inside = sy >= 0 && sy < IH && sx >= 0 && sx < IW;
            const base = ((n * IH + sy) * IW + sx) * C;
            for (let c = 0; c < C; c++) out[o++] = inside ? x[base + c]! : zp;
          }
        }
      }
    }
  }
  ofm.write(out);
}

/** Copies a view into a view of the same shape and element type. */
export function dma(src: MemView, dst: MemView): void {
  dst.copyFrom(src);
}

/** Sets every element of a view. */
export function fill(dst: MemView, value: bigint): void {
  dst.fill(value);
}
