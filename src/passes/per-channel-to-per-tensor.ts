// per-channel-to-per-tensor: a conv2d / depthwise_conv2d / transpose_conv2d
// whose requantizing rescale is per channel gets its 8-bit weights (and bias)
// requantized to one scale, so the rescale becomes per tensor: what NPUs
// without per-channel scaling (vipnano, rknpu) can run. Lossy; the pass
// reports the worst error it introduced, in output LSBs.
//
// What is known: the rescale's multiplier/shift per output channel c give the
// effective scale r[c] = m[c] * 2^-s[c] = in_scale * w_scale[c] / out_scale,
// i.e. each channel's weight scale up to the common factor in/out. That is
// all the requantization needs: the dequantized weights (up to that factor)
// are d[c][k] = (w[c][k] - w_zp) * r[c]; a new common scale R (which becomes
// the per-tensor rescale multiplier) gives weights q = round(d / R) + w_zp'
// and bias b' ~ b[c] * r[c] / R.
//
// Error, exactly (the reported bound is rigorous): for one output,
//   R*(acc' + b') - r*(acc + b) = sum_k (x_k - x_zp) * E_k + beta,
//   E_k = R*(q_k - w_zp') - r*(w_k - w_zp),  beta = R*b' - r*b,
// every tap sees its own input element, and x_k - x_zp ranges over
// [x_min - x_zp, x_max - x_zp] (padding gives 0, inside that range), so the
// largest deviation is max(S+ + beta, -(S- + beta)) with S+/- the sums of the
// per-tap maxima/minima. The rounded outputs then differ by at most the
// ceiling of that deviation (|floor(u) - floor(v)| <= ceil(|u - v|)), with
// DOUBLE_ROUND's extra 2^30 offset adding 2^(30-shift) per side first. The bound is
// computed in BigInt over the exact dyadic scales, and is attained (up to the
// final rounding) by the input windows that put every tap at the end of its
// range pushing the error one way. The pass measures the layer on those
// windows and on `probes` random ones per channel, through the old and new
// arithmetic (the evaluator's applyScale), and reports both.
//
// Methods (option `method`):
//   mesa       vipnano.md / Mesa etnaviv: global min/max of the dequantized
//              weights (min <= 0 <= max), R = (max - min) / 255, zero point
//              round(-min / R), bias round(b * r / R).
//   symmetric  global max |d|, R = max / 127, zero point 0 (weights keep their
//              sign; what per-tensor symmetric quantization gives).
//   minimax    (default) for candidate scales around the smallest feasible
//              one (Mesa's) and the scales that make one channel exact, the
//              weights round to nearest and each channel's bias is chosen
//              to centre its error interval (the bias absorbs the mean
//              rounding error, which matters most when x_zp sits at an end of
//              the input range, as after a ReLU); the candidate with the
//              smallest worst-case error wins. Never worse than mesa by
//              construction (Mesa's scale and zero point are a candidate,
//              and the centred bias is the optimal integer bias for a
//              given scale), hence the default. On random 3x3 layers (16-64
//              channels, log-normal channel scales) the worst-case bound is
//              5-10% below Mesa's, and the error on random inputs is about
//              40% lower when x_zp is -128 (equal when x_zp is mid-range).
//              The worst case itself is inherent: channels with small scales
//              lose weight resolution to the largest one, whatever R is.
// Layers whose multipliers already agree become per tensor exactly.

import { DenseElementsAttr, IntegerAttr } from '../ir/attributes.js';
import { Diagnostic } from '../ir/diagnostics.js';
import { Operation, type Value } from '../ir/operation.js';
import type { PassDef } from '../ir/pass.js';
import { IntegerType, RankedTensorType } from '../ir/types.js';
import { applyScale16, applyScale32, computeMultiplierShift } from '../dialects/tosa/numerics.js';
import { readRescale } from './signed-to-unsigned.js';
import { constTensor } from './onnx-to-tosa/quant.js';

export type Method = 'minimax' | 'mesa' | 'symmetric';

/** One convolution's weights grouped per output channel. */
export interface ChannelLayer {
  /** Taps of each output channel: flat indices into the weight tensor. */
  readonly taps: (c: number) => Iterable<number>;
  readonly channels: number;
  readonly weights: ArrayLike<number>;
  readonly weightZp: number;
  readonly weightRange: readonly [number, number];
  readonly inputZp: number;
  readonly inputRange: readonly [number, number];
  /** Bias per channel. */
  readonly bias: readonly number[];
  readonly multipliers: readonly number[];
  readonly shifts: readonly number[];
  readonly doubleRound: boolean;
  readonly scale32: boolean;
}

export interface Requantized {
  readonly method: Method;
  readonly weights: Int32Array;
  readonly weightZp: number;
  readonly bias: number[];
  readonly multiplier: number;
  readonly shift: number;
  /** Rigorous worst-case output error in LSBs. */
  readonly bound: number;
}

const round = (x: number): number => Math.sign(x) * Math.round(Math.abs(x));

/** Exact worst-case error in output LSBs of a requantized layer (see the header). */
export function errorBound(layer: ChannelLayer, rq: { weights: ArrayLike<number>; weightZp: number; bias: readonly number[]; multiplier: number; shift: number; doubleRound?: boolean }): number {
  const newDouble = rq.doubleRound ?? layer.doubleRound;
  let S = BigInt(rq.shift);
  for (const s of layer.shifts) if (BigInt(s) > S) S = BigInt(s);
  const mNew = BigInt(rq.multiplier) << (S - BigInt(rq.shift));
  const a = BigInt(layer.inputRange[0] - layer.inputZp);
  const b = BigInt(layer.inputRange[1] - layer.inputZp);
  const slack = (s: number, dbl: boolean): bigint => (dbl && s > 31 ? 1n << (S + 30n - BigInt(s)) : 0n);
  let worst = 0;
  for (let c = 0; c < layer.channels; c++) {
    const pc = layer.multipliers.length === 1 ? 0 : c;
    const mOld = BigInt(layer.multipliers[pc]!) << (S - BigInt(layer.shifts[pc]!));
    let plus = 0n;
    let minus = 0n;
    for (const k of layer.taps(c)) {
      const e = mNew * BigInt(rq.weights[k]! - rq.weightZp) - mOld * BigInt(layer.weights[k]! - layer.weightZp);
      const ea = a * e;
      const eb = b * e;
      if (ea > eb) {
        plus += ea;
        minus += eb;
      } else {
        plus += eb;
        minus += ea;
      }
    }
    const beta = mNew * BigInt(rq.bias[c]!) - mOld * BigInt(layer.bias[c]!);
    const dev = [plus + beta, -(minus + beta)].reduce((x, y) => (x > y ? x : y));
    const num = (dev > 0n ? dev : 0n) + slack(layer.shifts[pc]!, layer.doubleRound) + slack(rq.shift, newDouble);
    const den = 1n << S;
    const lsb = Number((num + den - 1n) / den);
    if (lsb > worst) worst = lsb;
  }
  return worst;
}

interface Candidate {
  weights: Int32Array;
  weightZp: number;
  bias: number[];
  multiplier: number;
  shift: number;
  score: number;
}

/** A layer's taps grouped by channel as flat arrays, and their dequantized weights (up to in/out scale). */
interface Flat {
  /** Flat weight indices, channel by channel; channel c owns order[start[c] .. start[c+1]). */
  readonly order: Int32Array;
  readonly start: Int32Array;
  /** (w - w_zp) * r[c] for each entry of `order`. */
  readonly d: Float64Array;
  /** r[c], each channel's effective scale. */
  readonly r: Float64Array;
}

function flatten(layer: ChannelLayer): Flat {
  const C = layer.channels;
  const start = new Int32Array(C + 1);
  const idx: number[] = [];
  const r = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const p = layer.multipliers.length === 1 ? 0 : c;
    r[c] = layer.multipliers[p]! / 2 ** layer.shifts[p]!;
    for (const k of layer.taps(c)) idx.push(k);
    start[c + 1] = idx.length;
  }
  const order = Int32Array.from(idx);
  const d = new Float64Array(order.length);
  for (let c = 0; c < C; c++) for (let i = start[c]!; i < start[c + 1]!; i++) d[i] = (layer.weights[order[i]!]! - layer.weightZp) * r[c]!;
  return { order, start, d, r };
}

/** Requantizes `layer` to one scale by `method`; null when no scale fits the weight type. */
export function requantizeLayer(layer: ChannelLayer, method: Method): Requantized | null {
  const C = layer.channels;
  const { order, start, d, r } = flatten(layer);
  const [wlo, whi] = layer.weightRange;
  const span = whi - wlo;
  let dmin = 0;
  let dmax = 0;
  let absMax = 0;
  let rMax = 0;
  for (let c = 0; c < C; c++) rMax = Math.max(rMax, r[c]!);
  for (let i = 0; i < d.length; i++) {
    dmin = Math.min(dmin, d[i]!);
    dmax = Math.max(dmax, d[i]!);
    absMax = Math.max(absMax, Math.abs(d[i]!));
  }
  const bits = layer.scale32 ? 32 : 16;
  const [xa, xb] = [layer.inputRange[0] - layer.inputZp, layer.inputRange[1] - layer.inputZp];

  const quantizedScale = (R: number): number | null => {
    if (!(R > 0) || !Number.isFinite(R)) return null;
    try {
      const ms = computeMultiplierShift(R, bits);
      return ms.multiplier / 2 ** ms.shift;
    } catch {
      return null;
    }
  };

  /**
   * Channel c's bias for step Rq and its worst deviation (in accumulator units
   * times Rq), given the per-tap error e_k = Rq * q_k - d_k through `err`.
   */
  const channelBias = (c: number, Rq: number, err: (i: number) => number, center: boolean): { bias: number; dev: number } => {
    let plus = 0;
    let minus = 0;
    for (let i = start[c]!; i < start[c + 1]!; i++) {
      const e = err(i);
      const ea = xa * e;
      const eb = xb * e;
      if (ea > eb) {
        plus += ea;
        minus += eb;
      } else {
        plus += eb;
        minus += ea;
      }
    }
    const exact = r[c]! * layer.bias[c]!;
    const target = center ? (exact - (plus + minus) / 2) / Rq : exact / Rq;
    let bias = round(target);
    let dev = Infinity;
    for (const cand of center ? [Math.floor(target), Math.ceil(target)] : [bias]) {
      const beta = Rq * cand - exact;
      const dv = Math.max(plus + beta, -(minus + beta));
      if (dv < dev) {
        dev = dv;
        bias = cand;
      }
    }
    return { bias, dev };
  };

  /** Builds weights and bias for scale `R`; null if they do not fit. */
  const build = (R: number, zpRule: 'fit' | 'mesa' | 'symmetric', center: boolean): Candidate | null => {
    const Rq = quantizedScale(R);
    if (Rq === null) return null;
    const ms = computeMultiplierShift(R, bits);
    const q = new Int32Array(d.length);
    let qmin = 0;
    let qmax = 0;
    for (let i = 0; i < d.length; i++) {
      const v = round(d[i]! / Rq);
      q[i] = v;
      if (v < qmin) qmin = v;
      if (v > qmax) qmax = v;
    }
    let zp: number;
    if (zpRule === 'symmetric') zp = wlo < 0 ? 0 : (wlo + whi + 1) / 2;
    else if (zpRule === 'mesa') zp = round(-dmin / Rq) + wlo;
    else {
      // Any zero point keeping q + zp in range gives the same error; prefer the old one.
      const lo = wlo - qmin;
      const hi = whi - qmax;
      if (lo > hi) return null;
      zp = Math.min(hi, Math.max(lo, layer.weightZp));
    }
    if (zp < wlo || zp > whi) return null;
    const weights = new Int32Array(layer.weights.length);
    const wq = new Int32Array(d.length);
    for (let i = 0; i < d.length; i++) {
      wq[i] = Math.min(whi, Math.max(wlo, q[i]! + zp));
      weights[order[i]!] = wq[i]!;
    }
    // Bias: nearest, or centred on the channel's error interval.
    const bias: number[] = [];
    let score = 0;
    for (let c = 0; c < C; c++) {
      const ch = channelBias(c, Rq, (i) => Rq * (wq[i]! - zp) - d[i]!, center);
      if (!(Math.abs(ch.bias) < 2 ** 31 - 1)) return null;
      bias.push(ch.bias);
      score = Math.max(score, ch.dev);
    }
    return { weights, weightZp: zp, bias, multiplier: ms.multiplier, shift: ms.shift, score };
  };

  /**
   * The minimax score of scale `R` with the 'fit' zero point and centred
   * biases (no weight is clamped, so e_k = Rq * round(d_k / Rq) - d_k), or
   * null when the weights do not fit or the score reaches `limit`. Channels
   * are visited in `visit` order so that a losing candidate is usually
   * rejected at its first channel.
   */
  const score = (R: number, limit: number, visit: Int32Array): { score: number; worst: number } | null => {
    const Rq = quantizedScale(R);
    if (Rq === null) return null;
    let qmin = 0;
    let qmax = 0;
    let best = 0;
    let worst = visit[0]!;
    const err = (i: number): number => {
      const v = round(d[i]! / Rq);
      if (v < qmin) qmin = v;
      if (v > qmax) qmax = v;
      return Rq * v - d[i]!;
    };
    for (const c of visit) {
      const ch = channelBias(c, Rq, err, true);
      if (qmax - qmin > span || !(Math.abs(ch.bias) < 2 ** 31 - 1) || ch.dev >= limit) return null;
      if (ch.dev > best) {
        best = ch.dev;
        worst = c;
      }
    }
    return { score: best, worst };
  };

  if (dmax === dmin) {
    // All weights at the zero point: any scale is exact; keep the largest channel scale.
    const c = build(rMax, 'fit', false);
    return c && finish(c, method);
  }
  let chosen: Candidate | null = null;
  if (method === 'mesa') chosen = build((dmax - dmin) / span, 'mesa', false);
  else if (method === 'symmetric') chosen = build(absMax / Math.floor(span / 2), 'symmetric', false);
  else {
    const R0 = (dmax - dmin) / span;
    const candidates = new Set<number>();
    for (let j = -1; j <= 24; j++) candidates.add(R0 * (1 + j / 256));
    // Scales that make one channel's weights exact multiples of the new step.
    for (let c = 0; c < C; c++) {
      const n = Math.floor(r[c]! / R0);
      if (n >= 1) candidates.add(r[c]! / n);
    }
    // Mesa's own weights (clamped if its zero point leaves the range), with a centred bias.
    chosen = build(R0, 'mesa', true);
    let bestR: number | null = null;
    let limit = chosen ? chosen.score : Infinity;
    const visit = Int32Array.from({ length: C }, (_, c) => c);
    const seen = new Set<number>();
    for (const R of candidates) {
      if (R < R0 * (1 - 1 / 128) || R > R0 * 1.125) continue;
      const Rq = quantizedScale(R);
      if (Rq === null || seen.has(Rq)) continue;
      seen.add(Rq);
      const s = score(R, limit, visit);
      if (!s) continue;
      limit = s.score;
      bestR = R;
      // The new best's worst channel goes first: most later candidates lose there.
      const at = visit.indexOf(s.worst);
      visit.copyWithin(1, 0, at);
      visit[0] = s.worst;
    }
    if (bestR !== null) chosen = build(bestR, 'fit', true) ?? chosen;
  }
  return chosen && finish(chosen, method);

  function finish(c: Candidate, m: Method): Requantized {
    return { method: m, weights: c.weights, weightZp: c.weightZp, bias: c.bias, multiplier: c.multiplier, shift: c.shift, bound: errorBound(layer, c) };
  }
}

// ---------------------------------------------------------------------------
// Measuring a layer: the old and new requantization of the same windows.

function requant(v: number, m: number, s: number, scale32: boolean, dbl: boolean): number {
  return scale32 ? applyScale32(v, m, s, dbl) : applyScale16(v, m, s);
}

/**
 * Max |old - new| output (before output saturation, which only shrinks it)
 * over each channel's two worst-case input windows, and over `probes` random
 * windows per channel on their own.
 */
export function measureLayer(layer: ChannelLayer, rq: Requantized, probes: number, seed = 1): { worstCase: number; random: number } {
  let state = seed >>> 0;
  const rand = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const [xlo, xhi] = layer.inputRange;
  const { order, start } = flatten(layer);
  const R = rq.multiplier / 2 ** rq.shift;
  const x = new Int32Array(order.length);
  let worstCase = 0;
  let random = 0;
  for (let c = 0; c < layer.channels; c++) {
    const p = layer.multipliers.length === 1 ? 0 : c;
    const [m, s] = [layer.multipliers[p]!, layer.shifts[p]!];
    const r = m / 2 ** s;
    const [a, b] = [start[c]!, start[c + 1]!];
    /** |old - new| on the window held in x[a..b). */
    const run = (): number => {
      let accOld = layer.bias[c]!;
      let accNew = rq.bias[c]!;
      for (let i = a; i < b; i++) {
        const k = order[i]!;
        const v = x[i]! - layer.inputZp;
        accOld += v * (layer.weights[k]! - layer.weightZp);
        accNew += v * (rq.weights[k]! - rq.weightZp);
      }
      return Math.abs(requant(accOld, m, s, layer.scale32, layer.doubleRound) - requant(accNew, rq.multiplier, rq.shift, layer.scale32, layer.doubleRound));
    };
    // Every input at the end of its range that pushes the error one way.
    for (const dir of [1, -1]) {
      for (let i = a; i < b; i++) {
        const k = order[i]!;
        x[i] = (R * (rq.weights[k]! - rq.weightZp) - r * (layer.weights[k]! - layer.weightZp)) * dir >= 0 ? xhi : xlo;
      }
      worstCase = Math.max(worstCase, run());
    }
    for (let n = 0; n < probes; n++) {
      for (let i = a; i < b; i++) x[i] = xlo + Math.floor(rand() * (xhi - xlo + 1));
      random = Math.max(random, run());
    }
  }
  return { worstCase: Math.max(worstCase, random), random };
}

// ---------------------------------------------------------------------------
// The pass.

const CONVS = new Set(['tosa.conv2d', 'tosa.depthwise_conv2d', 'tosa.transpose_conv2d']);

function intRange(et: IntegerType): [number, number] {
  return et.isUnsigned ? [0, 2 ** et.width - 1] : [-(2 ** (et.width - 1)), 2 ** (et.width - 1) - 1];
}

function scalar(v: Value): number | null {
  const t = constTensor(v);
  return t && t.size === 1 ? t.at(0) : null;
}

interface Match {
  conv: Operation;
  layer: ChannelLayer;
  weightType: RankedTensorType;
}

/** The layer behind a per-channel rescale, or why it cannot be converted. */
function matchLayer(rescale: Operation): Match | string {
  const conv = rescale.operand(0).definingOp;
  if (!conv || !CONVS.has(conv.name)) return 'the rescale does not requantize a convolution';
  if (!conv.result().hasOneUse) return 'the convolution result has other users';
  const p = readRescale(rescale);
  if (!p) return 'the rescale parameters are not constants';
  if (p.izp !== 0 || p.inW !== 32) return 'the rescale does not read an i32 accumulator';
  const xT = conv.operand(0).type as RankedTensorType;
  const wT = conv.operand(1).type as RankedTensorType;
  const xEt = xT.elementType;
  const wEt = wT.elementType;
  if (!(xEt instanceof IntegerType) || xEt.width !== 8 || !(wEt instanceof IntegerType) || wEt.width !== 8) return 'input and weights must be 8-bit integers';
  const w = constTensor(conv.operand(1));
  const bias = constTensor(conv.operand(2));
  const xzp = scalar(conv.operand(3));
  const wzp = scalar(conv.operand(4));
  if (!w || !bias || xzp === null || wzp === null) return 'weights, bias and zero points must be constants';
  const depthwise = conv.name === 'tosa.depthwise_conv2d';
  const [d0, d1, d2, d3] = w.shape as [number, number, number, number];
  const OC = depthwise ? d2 * d3 : d0;
  if (p.m.length !== OC) return `the rescale has ${p.m.length} multipliers for ${OC} output channels`;
  const T = depthwise ? d0 * d1 : d1 * d2 * d3;
  const taps = depthwise
    ? function* (oc: number): Iterable<number> {
        const c = Math.floor(oc / d3);
        const m = oc % d3;
        for (let t = 0; t < T; t++) yield (t * d2 + c) * d3 + m;
      }
    : function* (oc: number): Iterable<number> {
        for (let t = 0; t < T; t++) yield oc * T + t;
      };
  const b = Array.from({ length: OC }, (_, c) => bias.at(bias.size === 1 ? 0 : c));
  const xr = intRange(xEt);
  const wr = intRange(wEt);
  return {
    conv,
    weightType: wT,
    layer: {
      taps,
      channels: OC,
      weights: w.data as ArrayLike<number>,
      weightZp: wzp,
      weightRange: wr,
      inputZp: xzp,
      inputRange: xr,
      bias: b,
      multipliers: p.m,
      shifts: p.s,
      doubleRound: p.rounding === 'DOUBLE_ROUND',
      scale32: p.scale32,
    },
  };
}

function newConst(before: Operation, type: RankedTensorType, values: ArrayLike<number>): Value {
  const op = new Operation({ name: 'tosa.const', resultTypes: [type], properties: [['values', DenseElementsAttr.fromInts(type, Array.from(values))]], loc: before.loc });
  before.parent!.insertBefore(op, before);
  return op.result();
}

function uniformScale(m: readonly number[], s: readonly number[]): boolean {
  const ref = BigInt(m[0]!) << BigInt(62 - s[0]!);
  return m.every((x, i) => (BigInt(x) << BigInt(62 - s[i]!)) === ref);
}

function setOperand(op: Operation, i: number, v: Value, dead: Set<Operation>): void {
  const old = op.operand(i).definingOp;
  op.setOperand(i, v);
  if (old) dead.add(old);
}

function toPerTensor(rescale: Operation, multiplier: number, shift: number, scale32: boolean, dead: Set<Operation>): void {
  setOperand(rescale, 1, newConst(rescale, RankedTensorType.get([1], IntegerType.get(scale32 ? 32 : 16)), [multiplier]), dead);
  setOperand(rescale, 2, newConst(rescale, RankedTensorType.get([1], IntegerType.get(8)), [shift]), dead);
  rescale.properties.set('per_channel', IntegerAttr.bool(false));
}

export const perChannelToPerTensorPass: PassDef = {
  name: 'per-channel-to-per-tensor',
  summary: 'Requantize per-channel convolution weights to one scale (lossy; reports the worst error)',
  anchor: 'builtin.module',
  options: {
    method: { type: 'string', default: 'minimax', description: 'minimax (centred bias, best scale), mesa (global min/max as Mesa etnaviv), symmetric (max |w|)' },
    probes: { type: 'int', default: 8, description: 'Random input windows per channel for the measured errors (0: worst-case windows only)' },
    'max-error': { type: 'int', default: -1, description: 'Leave a layer per channel when its error bound exceeds this many LSBs (-1: no limit)' },
  },
  statistics: {
    'num-converted': 'Per-channel requantizations made per tensor by requantizing weights',
    'num-exact': 'Per-channel rescales whose channels already shared one scale',
    'num-skipped': 'Per-channel rescales left unchanged (see --pass-remarks)',
    'max-error-lsb': 'Worst-case output error introduced, in LSBs (rigorous bound, max over layers)',
    'max-measured-error-lsb': 'Largest output error seen on worst-case and random input windows, in LSBs',
    'max-random-error-lsb': 'Largest output error seen on random input windows only (typical), in LSBs',
  },
  run(module, ctx) {
    const method = ctx.options.method as Method;
    if (!['minimax', 'mesa', 'symmetric'].includes(method)) {
      ctx.fail(new Diagnostic('error', `per-channel-to-per-tensor: unknown method '${method}' (expected minimax, mesa or symmetric)`, module.loc));
    }
    let changed = false;
    let worstBound = 0;
    let worstMeasured = 0;
    let worstRandom = 0;
    const dead = new Set<Operation>();
    const rescales: Operation[] = [];
    module.walk((op) => {
      if (op.name === 'tosa.rescale' && op.attr('per_channel') instanceof IntegerAttr && (op.attr('per_channel') as IntegerAttr).value !== 0n) rescales.push(op);
    });
    for (const rescale of rescales) {
      const p = readRescale(rescale);
      if (p && uniformScale(p.m, p.s)) {
        toPerTensor(rescale, p.m[0]!, p.s[0]!, p.scale32, dead);
        ctx.stat('num-exact');
        ctx.remark(rescale, 'per-channel rescale with one scale made per tensor (exact)');
        changed = true;
        continue;
      }
      const match = matchLayer(rescale);
      if (typeof match === 'string') {
        ctx.stat('num-skipped');
        ctx.remark(rescale, `per-channel rescale kept: ${match}`);
        continue;
      }
      const { conv, layer, weightType } = match;
      const rq = requantizeLayer(layer, method);
      if (!rq) {
        ctx.stat('num-skipped');
        ctx.remark(rescale, 'per-channel rescale kept: no common scale fits the weight type');
        continue;
      }
      const maxErr = ctx.options['max-error'] as number;
      if (maxErr >= 0 && rq.bound > maxErr) {
        ctx.stat('num-skipped');
        ctx.remark(rescale, `per-channel rescale kept: error bound ${rq.bound} LSB exceeds max-error=${maxErr}`);
        continue;
      }
      // Accumulator range: taps * |x - x_zp| * |w - w_zp| + |bias| must stay in i32.
      const T = [...layer.taps(0)].length;
      const span = (layer.inputRange[1] - layer.inputRange[0]) * (layer.weightRange[1] - layer.weightRange[0]);
      if (T * span + Math.max(...rq.bias.map(Math.abs)) >= 2 ** 31) {
        ctx.stat('num-skipped');
        ctx.remark(rescale, 'per-channel rescale kept: the requantized bias could overflow the i32 accumulator');
        continue;
      }
      const measured = measureLayer(layer, rq, ctx.options.probes as number);
      const wEt = weightType.elementType as IntegerType;
      setOperand(conv, 1, newConst(conv, weightType, rq.weights), dead);
      setOperand(conv, 2, newConst(conv, RankedTensorType.get([layer.channels], IntegerType.get(32)), rq.bias), dead);
      setOperand(conv, 4, newConst(conv, RankedTensorType.get([1], wEt), [rq.weightZp]), dead);
      toPerTensor(rescale, rq.multiplier, rq.shift, layer.scale32, dead);
      ctx.stat('num-converted');
      ctx.remark(
        rescale,
        `per-channel rescale made per tensor (${method}): multiplier ${rq.multiplier}, shift ${rq.shift}, weight zero point ${rq.weightZp}; worst-case error ${rq.bound} LSB (measured ${measured.worstCase}, on random inputs ${measured.random})`,
      );
      worstBound = Math.max(worstBound, rq.bound);
      worstMeasured = Math.max(worstMeasured, measured.worstCase);
      worstRandom = Math.max(worstRandom, measured.random);
      changed = true;
    }
    for (const op of dead) if (op.parent && op.results.every((r) => !r.hasUses) && op.name === 'tosa.const') op.erase();
    ctx.stat('max-error-lsb', worstBound);
    ctx.stat('max-measured-error-lsb', worstMeasured);
    ctx.stat('max-random-error-lsb', worstRandom);
    return changed;
  },
};
