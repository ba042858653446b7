// The ethos-u55 executor on hand-built command streams. Each stream is
// written word by word from registers.ts's command table and packers (test/
// unit/support/ethos-u55-stream.ts), with feature maps, weight streams and
// scale records laid out by the test's own code; the expected outputs come
// from a straightforward reference written here from the formulas of npuc's
// model (src/targets/ethos-u55/execute.ts): plain nested loops, BigInt
// arithmetic. Random data with fixed seeds; a few hand-computed rounding
// cases per mode, and the rounding modes checked against TOSA's
// apply_scale_32 (the nir evaluator's); every malformed input is one test.

import { describe, expect, it } from 'vitest';
import { BackendError, type NpuJob } from '../../src/codegen/backend.js';
import { reciprocalScale as nirReciprocalScale } from '../../src/dialects/nir/intrinsics.js';
import { applyScale32 } from '../../src/dialects/tosa/numerics.js';
import { executeJob } from '../../src/targets/ethos-u55/execute.js';
import type { BlockOperation } from '../../src/targets/ethos-u55/operation.js';
import { OutputStage } from '../../src/targets/ethos-u55/output-stage.js';
import { ChannelScales, reciprocalScale, scaleValue } from '../../src/targets/ethos-u55/rounding.js';
import {
  ACTIVATION_FUNCTION,
  DMA_REGION_SHRAM,
  ELEMENTWISE_MODE,
  POOLING_MODE,
  ROUNDING,
  lutAddress,
  packActivation,
  packIfm2Broadcast,
  packKernelStride,
  shramNeed,
  fitsShram,
  type Ifm2Broadcast,
} from '../../src/targets/ethos-u55/registers.js';
import { Emitter, S16, S32, S8, U8, denseFm, emitFm, readFm, rng, typeRange, writeFm, type FmSpec } from './support/ethos-u55-stream.js';

// ---------------------------------------------------------------------------
// Reference arithmetic (BigInt, from the formulas).

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function refScale(v: bigint, m: number, s: number, rounding: number): bigint {
  const p = v * BigInt(m);
  const d = 2n ** BigInt(s);
  if (rounding === ROUNDING.TRUNCATE) return p / d; // BigInt division truncates
  let round = s === 0 ? 0n : 2n ** BigInt(s - 1);
  if (rounding === ROUNDING.TFL && s > 31) round += v >= 0n ? 2n ** 30n : -(2n ** 30n);
  return floorDiv(p + round, d);
}

const I32: [bigint, bigint] = [-(2n ** 31n), 2n ** 31n - 1n];
const sat32 = (v: bigint): bigint => (v < I32[0] ? I32[0] : v > I32[1] ? I32[1] : v);

interface Act {
  fn: number;
  min: number;
  max: number;
}

function refFinish(v: bigint, ofm: FmSpec, act: Act, lut: number[] | null): number {
  let r = sat32(v) + BigInt(ofm.zp);
  if (ofm.type.bits === 32) return Number(sat32(r));
  if (r < BigInt(act.min)) r = BigInt(act.min);
  if (r > BigInt(act.max)) r = BigInt(act.max);
  const [lo, hi] = typeRange(ofm.type);
  if (r < BigInt(lo)) r = BigInt(lo);
  if (r > BigInt(hi)) r = BigInt(hi);
  let n = Number(r);
  if (lut) n = lut[ofm.type.signed ? n + 128 : n]!;
  return n;
}

// ---------------------------------------------------------------------------
// Operation specs, their streams and their reference results.

interface Kernel {
  h: number;
  w: number;
  sy: number;
  sx: number;
  dy: number;
  dx: number;
}
interface Pad {
  t: number;
  b: number;
  l: number;
  r: number;
}
interface Rec {
  bias: bigint;
  scale: number;
  shift: number;
}
interface Scale {
  scale: number;
  shift: number;
}

interface Spec {
  kind: 'CONV' | 'DEPTHWISE' | 'POOL' | 'ELEMENTWISE';
  mode: number;
  ifm: FmSpec;
  ifm2: FmSpec | null;
  ofm: FmSpec;
  kernel: Kernel;
  pad: Pad;
  rounding: number;
  act: Act;
  /** CONV [oc][ky][kx][ic], DEPTHWISE [ky][kx][c]. */
  weights: number[];
  records: Rec[];
  ofmScale: Scale;
  opa: Scale;
  opb: Scale;
  broadcast: Ifm2Broadcast;
  scalar: number;
  lut: number[] | null;
}

const NO_BROADCAST: Ifm2Broadcast = { h: false, w: false, c: false, reversed: false, scalar: false };
const ID: Scale = { scale: 1, shift: 0 };

function spec(p: Partial<Spec> & Pick<Spec, 'kind' | 'ifm' | 'ofm'>): Spec {
  const [lo, hi] = typeRange(p.ofm.type);
  return {
    mode: 0,
    ifm2: null,
    kernel: { h: 1, w: 1, sy: 1, sx: 1, dy: 1, dx: 1 },
    pad: { t: 0, b: 0, l: 0, r: 0 },
    rounding: ROUNDING.TFL,
    act: { fn: ACTIVATION_FUNCTION.NONE, min: Math.max(lo, -32768), max: Math.min(hi, 32767) },
    weights: [],
    records: [],
    ofmScale: ID,
    opa: ID,
    opb: ID,
    broadcast: NO_BROADCAST,
    scalar: 0,
    lut: null,
    ...p,
  };
}

/** The 9-bit weight stream, in registers.ts's order, packed LSB first, padded to 16 bytes. */
function packWeights(s: Spec): Uint8Array {
  const { h: KH, w: KW } = s.kernel;
  const order: number[] = [];
  if (s.kind === 'CONV') {
    const OC = s.ofm.c;
    const IC = s.ifm.c;
    for (let b = 0; b < OC; b += 16)
      for (let ky = 0; ky < KH; ky++)
        for (let kx = 0; kx < KW; kx++)
          for (let ic = 0; ic < IC; ic++)
            for (let oc = b; oc < Math.min(b + 16, OC); oc++) order.push(s.weights[((oc * KH + ky) * KW + kx) * IC + ic]!);
  } else {
    const C = s.ofm.c;
    for (let b = 0; b < C; b += 16)
      for (let ky = 0; ky < KH; ky++)
        for (let kx = 0; kx < KW; kx++)
          for (let c = b; c < Math.min(b + 16, C); c++) order.push(s.weights[(ky * KW + kx) * C + c]!);
  }
  const out = new Uint8Array(Math.ceil(Math.ceil((order.length * 9) / 8) / 16) * 16);
  order.forEach((w, i) => {
    const u = w & 0x1ff;
    for (let b = 0; b < 9; b++) if (u & (1 << b)) out[(i * 9 + b) >> 3]! |= 1 << ((i * 9 + b) & 7);
  });
  return out;
}

function packRecords(recs: Rec[]): Uint8Array {
  const out = new Uint8Array(recs.length * 10);
  recs.forEach((r, i) => {
    const b = BigInt.asUintN(40, r.bias);
    for (let k = 0; k < 5; k++) out[i * 10 + k] = Number((b >> BigInt(8 * k)) & 0xffn);
    for (let k = 0; k < 4; k++) out[i * 10 + 5 + k] = (r.scale >>> (8 * k)) & 0xff;
    out[i * 10 + 9] = r.shift;
  });
  return out;
}

/** A block config that fits SHRAM, and the bank registers that go with it. */
function emitBlockConfig(e: Emitter, s: Spec): void {
  const usesLut = s.act.fn >= ACTIVATION_FUNCTION.LUT_START;
  const k = s.kind === 'ELEMENTWISE' ? { h: 1, w: 1, sy: 1, sx: 1, dy: 1, dx: 1 } : s.kernel;
  for (const [w, h, d] of [
    [4, 4, 16],
    [2, 2, 16],
    [1, 1, 8],
  ] as const) {
    const need = shramNeed(s.kind, { width: w, height: h, depth: d }, { kernelH: k.h, kernelW: k.w, strideY: k.sy, strideX: k.sx, dilationY: k.dy, dilationX: k.dx }, s.ifm.c, Math.max(s.ifm.type.bits, s.ifm2?.type.bits ?? 0) / 8, s.ifm2 !== null);
    if (!fitsShram(need, usesLut)) continue;
    e.cmd0('NPU_SET_OFM_BLK_WIDTH_M1', w - 1).cmd0('NPU_SET_OFM_BLK_HEIGHT_M1', h - 1).cmd0('NPU_SET_OFM_BLK_DEPTH_M1', d - 1);
    // Vela's layout: IFM then IFM2 buffers up to IFM_IB_END, accumulators at the top (below the LUT).
    e.cmd0('NPU_SET_IFM_IB_END', need.ifmBanks + need.ifm2Banks);
    e.cmd0('NPU_SET_IFM2_IB_START', need.ifmBanks);
    e.cmd0('NPU_SET_AB_START', 48 - (usesLut ? 2 : 0) - need.accBanks);
    return;
  }
  throw new Error('no block config fits');
}

const OP_NAME = { CONV: 'NPU_OP_CONV', DEPTHWISE: 'NPU_OP_DEPTHWISE', POOL: 'NPU_OP_POOL', ELEMENTWISE: 'NPU_OP_ELEMENTWISE' } as const;

/** Emits one operation's registers and its NPU_OP_* word; weights and records go to `coef` at the given offsets. */
function emitOp(e: Emitter, s: Spec, coef: Uint8Array | null, at: { weights: number; scales: number }): void {
  emitFm(e, 'IFM', s.ifm);
  if (s.ifm2) emitFm(e, 'IFM2', s.ifm2);
  emitFm(e, 'OFM', s.ofm, { rounding: s.rounding, globalScale: s.kind === 'POOL' || s.kind === 'ELEMENTWISE' });
  const k = s.kernel;
  e.cmd0('NPU_SET_KERNEL_WIDTH_M1', k.dx * (k.w - 1));
  e.cmd0('NPU_SET_KERNEL_HEIGHT_M1', k.dy * (k.h - 1));
  e.cmd0('NPU_SET_KERNEL_STRIDE', packKernelStride({ strideX: k.sx, strideY: k.sy, dilationX: k.dx, dilationY: k.dy, partKernelFirst: false }));
  e.cmd0('NPU_SET_IFM_PAD_TOP', s.pad.t).cmd0('NPU_SET_IFM_PAD_BOTTOM', s.pad.b).cmd0('NPU_SET_IFM_PAD_LEFT', s.pad.l).cmd0('NPU_SET_IFM_PAD_RIGHT', s.pad.r);
  if (s.kind === 'CONV' || s.kind === 'DEPTHWISE') {
    const w = packWeights(s);
    const r = packRecords(s.records);
    // (A test that points them outside the region leaves them unwritten.)
    if (at.weights + w.length <= coef!.length) coef!.set(w, at.weights);
    if (at.scales + r.length <= coef!.length) coef!.set(r, at.scales);
    e.cmd0('NPU_SET_WEIGHT_REGION', 0).address('NPU_SET_WEIGHT_BASE', at.weights).address('NPU_SET_WEIGHT_LENGTH', w.length);
    e.cmd0('NPU_SET_SCALE_REGION', 0).address('NPU_SET_SCALE_BASE', at.scales).address('NPU_SET_SCALE_LENGTH', r.length);
  }
  e.cmd1('NPU_SET_OFM_SCALE', s.ofmScale.scale, s.ofmScale.shift);
  e.cmd1('NPU_SET_OPA_SCALE', s.opa.scale, s.opa.shift);
  e.cmd1('NPU_SET_OPB_SCALE', s.opb.scale, s.opb.shift);
  e.cmd0('NPU_SET_IFM2_BROADCAST', packIfm2Broadcast(s.broadcast));
  e.cmd0('NPU_SET_IFM2_SCALAR', s.scalar);
  e.cmd0('NPU_SET_ACTIVATION', packActivation(s.act.fn));
  e.cmd0('NPU_SET_ACTIVATION_MIN', s.act.min).cmd0('NPU_SET_ACTIVATION_MAX', s.act.max);
  emitBlockConfig(e, s);
  e.cmd0('NPU_SET_BLOCKDEP', 0);
  e.cmd0(OP_NAME[s.kind], s.mode);
}

/** IFM height/width as npuc's model derives them from the OFM, kernel, stride and padding. */
function ifmDims(ofmH: number, ofmW: number, k: Kernel, p: Pad): [number, number] {
  return [(ofmH - 1) * k.sy + k.dy * (k.h - 1) + 1 - p.t - p.b, (ofmW - 1) * k.sx + k.dx * (k.w - 1) + 1 - p.l - p.r];
}

function reference(s: Spec, x: number[], x2: number[] | null): number[] {
  const { ifm, ofm, kernel: k } = s;
  const out: number[] = [];
  const X = (y: number, xx: number, c: number): bigint => BigInt(x[(y * ifm.w + xx) * ifm.c + c]! - ifm.zp);
  const inside = (y: number, xx: number): boolean => y >= 0 && y < ifm.h && xx >= 0 && xx < ifm.w;
  for (let oy = 0; oy < ofm.h; oy++)
    for (let ox = 0; ox < ofm.w; ox++)
      for (let oc = 0; oc < ofm.c; oc++) {
        if (s.kind === 'ELEMENTWISE') {
          const a = X(oy, ox, oc);
          let b: bigint;
          if (s.broadcast.scalar) b = BigInt(s.scalar);
          else {
            const f2 = s.ifm2!;
            const yy = s.broadcast.h ? 0 : oy;
            const xx = s.broadcast.w ? 0 : ox;
            const cc = s.broadcast.c ? 0 : oc;
            b = BigInt(x2![(yy * f2.w + xx) * f2.c + cc]! - f2.zp);
          }
          const [first, second] = s.broadcast.reversed ? [b, a] : [a, b];
          const a1 = sat32(refScale(first, s.opa.scale, s.opa.shift, s.rounding));
          const b1 = sat32(refScale(second, s.opb.scale, s.opb.shift, s.rounding));
          const r = { [ELEMENTWISE_MODE.ADD]: a1 + b1, [ELEMENTWISE_MODE.SUB]: a1 - b1, [ELEMENTWISE_MODE.MUL]: a1 * b1, [ELEMENTWISE_MODE.MIN]: a1 < b1 ? a1 : b1, [ELEMENTWISE_MODE.MAX]: a1 > b1 ? a1 : b1 }[s.mode]!;
          out.push(refFinish(refScale(sat32(r), s.ofmScale.scale, s.ofmScale.shift, s.rounding), ofm, s.act, s.lut));
          continue;
        }
        let acc = 0n;
        let max: bigint | null = null;
        let count = 0;
        for (let ky = 0; ky < k.h; ky++)
          for (let kx = 0; kx < k.w; kx++) {
            const y = oy * k.sy - s.pad.t + ky * k.dy;
            const xx = ox * k.sx - s.pad.l + kx * k.dx;
            if (!inside(y, xx)) continue;
            count++;
            if (s.kind === 'CONV') {
              for (let ic = 0; ic < ifm.c; ic++) acc += X(y, xx, ic) * BigInt(s.weights[((oc * k.h + ky) * k.w + kx) * ifm.c + ic]!);
            } else if (s.kind === 'DEPTHWISE') {
              acc += X(y, xx, oc) * BigInt(s.weights[(ky * k.w + kx) * ofm.c + oc]!);
            } else {
              const v = X(y, xx, oc);
              acc += v;
              if (max === null || v > max) max = v;
            }
          }
        let v: bigint;
        if (s.kind === 'CONV' || s.kind === 'DEPTHWISE') {
          const r = s.records[oc]!;
          v = refScale(acc + r.bias, r.scale, r.shift, s.rounding);
        } else if (s.mode === POOLING_MODE.MAX) v = max!;
        else if (s.mode === POOLING_MODE.AVERAGE) {
          let kk = 0;
          while (2 ** kk < count) kk++;
          const m = Number(((2n ** 30n + 1n) * 2n ** BigInt(kk)) / BigInt(count));
          v = refScale(acc, m, 30 + kk, s.rounding);
        } else v = refScale(acc, s.ofmScale.scale, s.ofmScale.shift, s.rounding);
        out.push(refFinish(v, ofm, s.act, s.lut));
      }
  return out;
}

function randomValues(r: ReturnType<typeof rng>, n: number, t: { signed: boolean; bits: number }): number[] {
  const [lo, hi] = typeRange(t as FmSpec['type']);
  return Array.from({ length: n }, () => r.int(lo, hi));
}

/** Random per-channel records with realistic multipliers (2^30..2^31) and shifts. */
function randomRecords(r: ReturnType<typeof rng>, n: number, shiftLo: number, shiftHi: number): Rec[] {
  return Array.from({ length: n }, () => ({ bias: BigInt(r.int(-40000, 40000)), scale: r.int(2 ** 30, 2 ** 31 - 1), shift: r.int(shiftLo, shiftHi) }));
}

const IO = 1;
const COEF = 0;

/**
 * Runs one spec: IFM/IFM2 data random (or given), coefficients in region 0,
 * feature maps in region 1, optionally a LUT DMA'd into SHRAM first.
 */
function run(s: Spec, seed: number, io = 4096, given?: { x?: number[]; x2?: number[] }): { got: number[]; want: number[] } {
  const r = rng(seed);
  const x = given?.x ?? randomValues(r, s.ifm.h * s.ifm.w * s.ifm.c, s.ifm.type);
  const x2 = s.ifm2 ? (given?.x2 ?? randomValues(r, s.ifm2.h * s.ifm2.w * s.ifm2.c, s.ifm2.type)) : null;
  const coef = new Uint8Array(16384);
  const ioBytes = new Uint8Array(io);
  ioBytes.fill(0xa5); // junk around and between the feature maps
  writeFm(ioBytes, s.ifm, x);
  if (s.ifm2) writeFm(ioBytes, s.ifm2, x2!);
  const e = new Emitter();
  if (s.lut) {
    const slot = s.act.fn - ACTIVATION_FUNCTION.LUT_START;
    coef.set(s.lut.map((v) => v & 0xff), 12288);
    e.cmd0('NPU_SET_DMA0_SRC_REGION', COEF).address('NPU_SET_DMA0_SRC', 12288);
    e.cmd0('NPU_SET_DMA0_DST_REGION', DMA_REGION_SHRAM).address('NPU_SET_DMA0_DST', lutAddress(slot));
    e.address('NPU_SET_DMA0_LEN', 256).cmd0('NPU_OP_DMA_START').cmd0('NPU_OP_DMA_WAIT');
  }
  emitOp(e, s, coef, { weights: 16, scales: 8192 });
  e.cmd0('NPU_OP_KERNEL_WAIT').stop();
  const job: NpuJob = { commandStream: e.bytes(), regions: [coef, ioBytes] };
  executeJob(job);
  const want = reference(s, x, x2);
  // Keep the cases honest: random data must not collapse to one clamped value.
  if (want.length > 8) expect(new Set(want).size).toBeGreaterThan(2);
  return { got: readFm(ioBytes, s.ofm), want };
}

// ---------------------------------------------------------------------------

describe('ethos-u55 scale()', () => {
  it('rounds ties per mode (hand-computed)', () => {
    // -2^31 / 2^32 = -0.5: TFL (double rounding) goes away from zero, NATURAL up.
    expect(scaleValue(-1, 2 ** 31, 32, ROUNDING.TFL)).toBe(-1);
    expect(scaleValue(-1, 2 ** 31, 32, ROUNDING.NATURAL)).toBe(0);
    expect(scaleValue(1, 2 ** 31, 32, ROUNDING.TFL)).toBe(1);
    expect(scaleValue(1, 2 ** 31, 32, ROUNDING.NATURAL)).toBe(1);
    // Shift <= 31: TFL is single rounding, ties up: -3/2 = -1.5 -> -1, 3/2 -> 2.
    expect(scaleValue(-3, 1, 1, ROUNDING.TFL)).toBe(-1);
    expect(scaleValue(3, 1, 1, ROUNDING.TFL)).toBe(2);
    // TRUNCATE goes towards zero: -7/4 = -1.75 -> -1 (NATURAL: -2); 7/4 -> 1.
    expect(scaleValue(-7, 1, 2, ROUNDING.TRUNCATE)).toBe(-1);
    expect(scaleValue(-7, 1, 2, ROUNDING.NATURAL)).toBe(-2);
    expect(scaleValue(7, 1, 2, ROUNDING.TRUNCATE)).toBe(1);
    // Shift 0: no rounding term.
    expect(scaleValue(-5, 3, 0, ROUNDING.TFL)).toBe(-15);
    expect(scaleValue(-5, 3, 0, ROUNDING.NATURAL)).toBe(-15);
  });

  it('is exact past 2^53 and agrees with the BigInt formula on random values', () => {
    expect(scaleValue(2 ** 40 - 1, 2 ** 32 - 1, 63, ROUNDING.TFL)).toBe(Number(refScale(2n ** 40n - 1n, 2 ** 32 - 1, 63, ROUNDING.TFL)));
    expect(scaleValue(-(2 ** 40), 2 ** 32 - 1, 40, ROUNDING.TRUNCATE)).toBe(Number(refScale(-(2n ** 40n), 2 ** 32 - 1, 40, ROUNDING.TRUNCATE)));
    const r = rng(7);
    for (let i = 0; i < 20000; i++) {
      const mag = 2 ** r.int(0, 40);
      const v = Math.floor((r.next() * 2 - 1) * mag);
      const m = r.int(0, 2 ** 32 - 1) >>> r.int(0, 31);
      const s = r.int(0, 63);
      const rd = r.int(0, 2);
      expect(scaleValue(v, m, s, rd), `${v} ${m} ${s} ${rd}`).toBe(Number(refScale(BigInt(v), m, s, rd)));
    }
  });

  it('the fused per-channel scaling (all its paths) agrees with the BigInt formula', () => {
    const r = rng(9);
    for (const rounding of [ROUNDING.TFL, ROUNDING.NATURAL, ROUNDING.TRUNCATE]) {
      const n = 64;
      const scale = Float64Array.from({ length: n }, (_, i) => (i % 8 === 0 ? 0 : r.int(0, 2 ** 32 - 1) >>> r.int(0, 4)));
      const shift = Int32Array.from({ length: n }, (_, i) => (i < 8 ? i : i < 56 ? r.int(8, 52) : r.int(53, 63)));
      const cs = new ChannelScales(scale, shift, rounding);
      // The convolutions' fused epilogue, on a 32-bit OFM with zero point 0: sat32(scale(acc + bias)).
      const wide = new OutputStage({ ofm: { zeroPoint: 0, bits: 32, signed: true }, activation: { fn: 0, min: 0, max: 0 } } as unknown as BlockOperation, new Uint8Array(0));
      const acc = new Float64Array(n);
      const bias = new Float64Array(n);
      const vals = new Float64Array(n);
      for (let i = 0; i < 100; i++) {
        for (let c = 0; c < n; c++) {
          acc[c] = Math.floor((r.next() * 2 - 1) * 2 ** r.int(0, 45));
          bias[c] = Math.floor((r.next() * 2 - 1) * 2 ** r.int(0, 39));
        }
        wide.finishChannels(acc, bias, cs, vals, n);
        for (let c = 0; c < n; c++) {
          const want = refScale(BigInt(acc[c]!) + BigInt(bias[c]!), scale[c]!, shift[c]!, rounding);
          const what = `${acc[c]} ${bias[c]} ${scale[c]} ${shift[c]} ${rounding}`;
          expect(vals[c], what).toBe(Number(sat32(want)));
        }
      }
    }
  });

  it('reciprocal_scale matches TOSA', () => {
    expect(reciprocalScale(1)).toEqual({ multiplier: 2 ** 30 + 1, shift: 30 });
    expect(reciprocalScale(9)).toEqual({ multiplier: Math.floor(((2 ** 30 + 1) * 16) / 9), shift: 34 });
    for (let n = 1; n <= 64 * 64; n++) expect(reciprocalScale(n)).toEqual(nirReciprocalScale(n));
  });

  it('TFL is TOSA apply_scale_32 with double rounding, NATURAL with single rounding', () => {
    const r = rng(8);
    for (let i = 0; i < 20000; i++) {
      const s = r.int(2, 62);
      const half = 2 ** Math.min(s - 1, 31);
      const v = r.int(-half, Math.min(half - 1, 2 ** 31 - 1));
      const m = r.int(0, 2 ** 31 - 1);
      expect(scaleValue(v, m, s, ROUNDING.TFL)).toBe(applyScale32(v, m, s, true));
      expect(scaleValue(v, m, s, ROUNDING.NATURAL)).toBe(applyScale32(v, m, s, false));
    }
  });
});

describe('ethos-u55 executor: convolutions', () => {
  it('1x1 conv', () => {
    const r = rng(1);
    const ifm = denseFm(IO, 64, [4, 5, 8], S8, 'NHWC', 3);
    const ofm = denseFm(IO, 1024, [4, 5, 6], S8, 'NHWC', -7);
    const s = spec({ kind: 'CONV', ifm, ofm, weights: Array.from({ length: 6 * 8 }, () => r.int(-256, 255)), records: randomRecords(r, 6, 36, 40) });
    const { got, want } = run(s, 11);
    expect(got).toEqual(want);
  });

  it('1x1 conv with stride 2 and padding (windows outside the IFM)', () => {
    const r = rng(12);
    const k = { h: 1, w: 1, sy: 2, sx: 2, dy: 1, dx: 1 };
    const pad = { t: 1, b: 1, l: 1, r: 0 };
    const [ih, iw] = ifmDims(4, 5, k, pad);
    const ifm = denseFm(IO, 0, [ih, iw, 6], S8, 'NHWC', -9);
    const ofm = denseFm(IO, 1024, [4, 5, 5], S8, 'NHWC', 1);
    const s = spec({ kind: 'CONV', ifm, ofm, kernel: k, pad, weights: Array.from({ length: 5 * 6 }, () => r.int(-256, 255)), records: randomRecords(r, 5, 34, 38) });
    const { got, want } = run(s, 13);
    expect(got).toEqual(want);
  });

  it('3x3 strided padded conv across two weight blocks, each rounding mode', () => {
    for (const rounding of [ROUNDING.TFL, ROUNDING.NATURAL, ROUNDING.TRUNCATE]) {
      const r = rng(2 + rounding);
      const k = { h: 3, w: 3, sy: 2, sx: 2, dy: 1, dx: 1 };
      const pad = { t: 1, b: 1, l: 1, r: 0 };
      const [ih, iw] = ifmDims(4, 3, k, pad);
      const ifm = denseFm(IO, 32, [ih, iw, 5], S8, 'NHWC', -5);
      const ofm = denseFm(IO, 2048, [4, 3, 20], S8, 'NHWC', 4);
      const s = spec({
        kind: 'CONV',
        ifm,
        ofm,
        kernel: k,
        pad,
        rounding,
        act: { fn: 0, min: -100, max: 90 },
        weights: Array.from({ length: 20 * 9 * 5 }, () => r.int(-256, 255)),
        records: randomRecords(r, 20, 33, 40),
      });
      const { got, want } = run(s, 20 + rounding);
      expect(got).toEqual(want);
    }
  });

  it('dilated conv with u8 data and a 32-bit OFM', () => {
    const r = rng(3);
    const k = { h: 3, w: 2, sy: 1, sx: 1, dy: 2, dx: 2 };
    const pad = { t: 2, b: 2, l: 1, r: 1 };
    const [ih, iw] = ifmDims(5, 4, k, pad);
    const ifm = denseFm(IO, 0, [ih, iw, 3], U8, 'NHWC', 128);
    const ofm = denseFm(IO, 1024, [5, 4, 7], S32, 'NHWC', 0);
    const s = spec({ kind: 'CONV', ifm, ofm, kernel: k, pad, weights: Array.from({ length: 7 * 6 * 3 }, () => r.int(-256, 255)), records: randomRecords(r, 7, 0, 4).map((x) => ({ ...x, scale: r.int(1, 3000) })) });
    const { got, want } = run(s, 30);
    expect(got).toEqual(want);
  });

  it('16-bit IFM and OFM with a 40-bit bias', () => {
    const r = rng(4);
    const ifm = denseFm(IO, 0, [3, 3, 4], S16, 'NHWC', 0);
    const ofm = denseFm(IO, 512, [3, 3, 5], S16, 'NHWC', 0);
    const k = { h: 3, w: 3, sy: 1, sx: 1, dy: 1, dx: 1 };
    // The 40-bit bias extremes; shift 56 brings them into 16 bits, with the sums still visible.
    const records = randomRecords(r, 5, 56, 56).map((x, i) => ({ ...x, bias: i % 2 ? 2n ** 39n - 1n : -(2n ** 39n) + BigInt(i) }));
    const s = spec({ kind: 'CONV', ifm, ofm, kernel: k, pad: { t: 1, b: 1, l: 1, r: 1 }, weights: Array.from({ length: 5 * 9 * 4 }, () => r.int(-256, 255)), records });
    const { got, want } = run(s, 40);
    expect(got).toEqual(want);
  });

  it('depthwise 3x3 over 20 channels', () => {
    const r = rng(5);
    const k = { h: 3, w: 3, sy: 1, sx: 2, dy: 1, dx: 1 };
    const pad = { t: 1, b: 1, l: 1, r: 1 };
    const [ih, iw] = ifmDims(4, 3, k, pad);
    const ifm = denseFm(IO, 16, [ih, iw, 20], S8, 'NHWC', -1);
    const ofm = denseFm(IO, 2048, [4, 3, 20], S8, 'NHWC', 2);
    const s = spec({ kind: 'DEPTHWISE', ifm, ofm, kernel: k, pad, weights: Array.from({ length: 9 * 20 }, () => r.int(-256, 255)), records: randomRecords(r, 20, 30, 38) });
    const { got, want } = run(s, 50);
    expect(got).toEqual(want);
  });

  it('NHCWB16 IFM and OFM', () => {
    const r = rng(6);
    const k = { h: 3, w: 3, sy: 1, sx: 1, dy: 1, dx: 1 };
    const pad = { t: 1, b: 1, l: 1, r: 1 };
    const ifm = denseFm(IO, 0, [3, 4, 20], S8, 'NHCWB16', 1);
    const ofm = denseFm(IO, 1024, [3, 4, 24], S8, 'NHCWB16', -3);
    const s = spec({ kind: 'CONV', ifm, ofm, kernel: k, pad, weights: Array.from({ length: 24 * 9 * 20 }, () => r.int(-256, 255)), records: randomRecords(r, 24, 36, 42) });
    const { got, want } = run(s, 60);
    expect(got).toEqual(want);
  });

  it('tiled IFM and OFM (each tile from its own base)', () => {
    const r = rng(7);
    const k = { h: 3, w: 3, sy: 1, sx: 1, dy: 1, dx: 1 };
    const pad = { t: 1, b: 1, l: 1, r: 1 };
    const base = denseFm(IO, 0, [6, 5, 4], S8, 'NHWC', 0);
    // IFM: 4 tiles (split at row 2 on the left, row 4 on the right, column 3), rows of 5 pixels each.
    const ifm: FmSpec = { ...base, bases: [0, 1000, 2000, 3000], h0: 2, h1: 4, w0: 3 };
    const ofmBase = denseFm(IO, 0, [6, 5, 3], S8, 'NHWC', 0);
    const ofm: FmSpec = { ...ofmBase, bases: [4000, 4500, 5000, 5500], h0: 3, h1: 1, w0: 2 };
    const s = spec({ kind: 'CONV', ifm, ofm, kernel: k, pad, weights: Array.from({ length: 3 * 9 * 4 }, () => r.int(-256, 255)), records: randomRecords(r, 3, 36, 40) });
    const { got, want } = run(s, 70, 8192);
    expect(got).toEqual(want);
  });
});

describe('ethos-u55 executor: pooling', () => {
  it('max pool 3x3 stride 2 with padding', () => {
    const k = { h: 3, w: 3, sy: 2, sx: 2, dy: 1, dx: 1 };
    const pad = { t: 1, b: 1, l: 1, r: 1 };
    const [ih, iw] = ifmDims(3, 4, k, pad);
    const ifm = denseFm(IO, 0, [ih, iw, 6], S8, 'NHWC', 5);
    const ofm = denseFm(IO, 1024, [3, 4, 6], S8, 'NHWC', -2);
    const s = spec({ kind: 'POOL', mode: POOLING_MODE.MAX, ifm, ofm, kernel: k, pad, act: { fn: 0, min: -120, max: 100 } });
    const { got, want } = run(s, 80);
    expect(got).toEqual(want);
  });

  it('average pool with partial windows, TFL and NATURAL', () => {
    for (const rounding of [ROUNDING.TFL, ROUNDING.NATURAL, ROUNDING.TRUNCATE]) {
      const k = { h: 3, w: 3, sy: 1, sx: 1, dy: 1, dx: 1 };
      const pad = { t: 1, b: 1, l: 2, r: 2 };
      const [ih, iw] = ifmDims(4, 4, k, pad);
      const ifm = denseFm(IO, 0, [ih, iw, 5], S8, 'NHWC', -3);
      const ofm = denseFm(IO, 1024, [4, 4, 5], S8, 'NHWC', 1);
      const s = spec({ kind: 'POOL', mode: POOLING_MODE.AVERAGE, ifm, ofm, kernel: k, pad, rounding, ofmScale: { scale: 12345, shift: 3 } });
      const { got, want } = run(s, 90 + rounding);
      expect(got).toEqual(want);
    }
  });

  it('reduce-sum with OFM_SCALE into 16 bits', () => {
    const k = { h: 2, w: 3, sy: 2, sx: 3, dy: 1, dx: 1 };
    const ifm = denseFm(IO, 0, [6, 6, 3], S8, 'NHWC', 0);
    const ofm = denseFm(IO, 1024, [3, 2, 3], S16, 'NHWC', 0);
    const s = spec({ kind: 'POOL', mode: POOLING_MODE.REDUCE_SUM, ifm, ofm, kernel: k, ofmScale: { scale: 3 * 2 ** 29, shift: 30 } });
    const { got, want } = run(s, 100);
    expect(got).toEqual(want);
  });
});

describe('ethos-u55 executor: elementwise', () => {
  const shape: [number, number, number] = [3, 4, 5];

  it('add with per-operand scaling', () => {
    const ifm = denseFm(IO, 0, shape, S8, 'NHWC', -10);
    const ifm2 = denseFm(IO, 256, shape, S8, 'NHWC', 7);
    const ofm = denseFm(IO, 512, shape, S8, 'NHWC', 3);
    const s = spec({
      kind: 'ELEMENTWISE',
      mode: ELEMENTWISE_MODE.ADD,
      ifm,
      ifm2,
      ofm,
      opa: { scale: 1518500250, shift: 31 },
      opb: { scale: 1073741824, shift: 29 },
      ofmScale: { scale: 1431655765, shift: 33 },
    });
    const { got, want } = run(s, 110);
    expect(got).toEqual(want);
  });

  it('maps larger than their value range (operands scaled through a table), reversed and broadcast', () => {
    const big: [number, number, number] = [6, 8, 9];
    const ifm = denseFm(IO, 0, big, U8, 'NHWC', 130);
    const ifm2 = denseFm(IO, 512, [6, 8, 1], S8, 'NHWC', -20);
    const ofm = denseFm(IO, 1024, big, S8, 'NHWC', -5);
    for (const reversed of [false, true]) {
      const s = spec({
        kind: 'ELEMENTWISE',
        mode: ELEMENTWISE_MODE.SUB,
        ifm,
        ifm2,
        ofm,
        broadcast: { ...NO_BROADCAST, c: true, reversed },
        opa: { scale: 1518500250, shift: 32 },
        opb: { scale: 1200000000, shift: 30 },
        ofmScale: { scale: 1431655765, shift: 31 },
      });
      const { got, want } = run(s, 115, 2048);
      expect(got).toEqual(want);
    }
  });

  it('add with broadcast IFM2 and reversed operands, and a scalar', () => {
    const cases: Partial<Ifm2Broadcast>[] = [{ h: true }, { w: true, c: true }, { h: true, w: true, reversed: true }, { c: true, reversed: true }];
    cases.forEach((b, i) => {
      const bc = { ...NO_BROADCAST, ...b };
      const ifm = denseFm(IO, 0, shape, S8, 'NHWC', 1);
      const ifm2 = denseFm(IO, 256, [bc.h ? 1 : 3, bc.w ? 1 : 4, bc.c ? 1 : 5], S8, 'NHWC', -4);
      const ofm = denseFm(IO, 512, shape, S8, 'NHWC', 0);
      const s = spec({ kind: 'ELEMENTWISE', mode: ELEMENTWISE_MODE.SUB, ifm, ifm2, ofm, broadcast: bc, opa: { scale: 3, shift: 1 }, opb: { scale: 5, shift: 2 } });
      const { got, want } = run(s, 120 + i);
      expect(got).toEqual(want);
    });
    const ifm = denseFm(IO, 0, shape, S8, 'NHWC', 1);
    const ofm = denseFm(IO, 512, shape, S8, 'NHWC', 0);
    const s = spec({ kind: 'ELEMENTWISE', mode: ELEMENTWISE_MODE.ADD, ifm, ofm, broadcast: { ...NO_BROADCAST, scalar: true }, scalar: -37 });
    const { got, want } = run(s, 130);
    expect(got).toEqual(want);
  });

  it('sub takes its operands in order (reversed swaps them)', () => {
    const ifm = denseFm(IO, 0, [1, 1, 2], S8, 'NHWC', 0);
    const ifm2 = denseFm(IO, 16, [1, 1, 2], S8, 'NHWC', 0);
    const ofm = denseFm(IO, 32, [1, 1, 2], S8, 'NHWC', 0);
    const s = spec({ kind: 'ELEMENTWISE', mode: ELEMENTWISE_MODE.SUB, ifm, ifm2, ofm });
    expect(run(s, 0, 64, { x: [10, -3], x2: [4, 5] }).got).toEqual([6, -8]);
    expect(run({ ...s, broadcast: { ...NO_BROADCAST, reversed: true } }, 0, 64, { x: [10, -3], x2: [4, 5] }).got).toEqual([-6, 8]);
  });

  it('mul, min and max, with 16-bit inputs', () => {
    for (const mode of [ELEMENTWISE_MODE.MUL, ELEMENTWISE_MODE.MIN, ELEMENTWISE_MODE.MAX]) {
      const ifm = denseFm(IO, 0, shape, S16, 'NHWC', 0);
      const ifm2 = denseFm(IO, 256, shape, S8, 'NHWC', -1);
      const ofm = denseFm(IO, 512, shape, S16, 'NHWC', 0);
      const s = spec({ kind: 'ELEMENTWISE', mode, ifm, ifm2, ofm, ofmScale: mode === ELEMENTWISE_MODE.MUL ? { scale: 1 << 30, shift: 36 } : ID });
      const { got, want } = run(s, 140 + mode);
      expect(got).toEqual(want);
    }
  });
});

describe('ethos-u55 executor: LUT', () => {
  it('applies a LUT loaded into SHRAM by DMA (signed and unsigned OFMs)', () => {
    for (const type of [S8, U8]) {
      const r = rng(type.signed ? 150 : 151);
      const lut = randomValues(r, 256, type);
      const ifm = denseFm(IO, 0, [3, 3, 4], type, 'NHWC', 0);
      const ofm = denseFm(IO, 512, [3, 3, 4], type, 'NHWC', 0);
      const s = spec({ kind: 'POOL', mode: POOLING_MODE.MAX, ifm, ofm, act: { fn: ACTIVATION_FUNCTION.LUT_START + 3, min: -100, max: 200 }, lut });
      const { got, want } = run(s, 152);
      expect(got).toEqual(want);
    }
  });
});

// ---------------------------------------------------------------------------
// Malformed jobs: one test each.

/** A valid 1x1 conv job whose pieces a test can break. */
function convJob(tweak: { ofmBase?: number; ifmRegion?: number; weightLength?: number; scaleLength?: number; scaleBase?: number; weightBase?: number; blockDepth?: number; ibEnd?: number; regions?: (Uint8Array | undefined)[] } = {}): NpuJob {
  const ifm = denseFm(tweak.ifmRegion ?? IO, 0, [2, 2, 16], S8);
  const ofm = denseFm(IO, tweak.ofmBase ?? 256, [2, 2, 16], S8);
  const s = spec({ kind: 'CONV', ifm, ofm, weights: new Array(256).fill(1), records: new Array(16).fill({ bias: 0n, scale: 1, shift: 0 }) });
  const coef = new Uint8Array(1024);
  const e = new Emitter();
  emitOp(e, s, coef, { weights: tweak.weightBase ?? 0, scales: tweak.scaleBase ?? 512 });
  // Re-emit with overrides placed just before the NPU_OP_CONV word.
  const words = e.words.splice(0);
  const op = words.pop()!;
  e.words.push(...words);
  if (tweak.weightLength !== undefined) e.address('NPU_SET_WEIGHT_LENGTH', tweak.weightLength);
  if (tweak.scaleLength !== undefined) e.address('NPU_SET_SCALE_LENGTH', tweak.scaleLength);
  if (tweak.blockDepth !== undefined) e.cmd0('NPU_SET_OFM_BLK_WIDTH_M1', 15).cmd0('NPU_SET_OFM_BLK_HEIGHT_M1', 15).cmd0('NPU_SET_OFM_BLK_DEPTH_M1', tweak.blockDepth - 1);
  if (tweak.ibEnd !== undefined) e.cmd0('NPU_SET_IFM_IB_END', tweak.ibEnd);
  e.words.push(op);
  e.stop();
  return { commandStream: e.bytes(), regions: tweak.regions ?? [coef, new Uint8Array(512)] };
}

function expectError(job: NpuJob, msg: RegExp): void {
  expect(() => executeJob(job)).toThrow(BackendError);
  expect(() => executeJob(job)).toThrow(msg);
}

describe('ethos-u55 executor: malformed jobs', () => {
  it('runs the unbroken job', () => {
    expect(() => executeJob(convJob())).not.toThrow();
  });

  it('OFM outside its region', () => {
    expectError(convJob({ ofmBase: 500 }), /^op 0 \(CONV at byte \d+\): OFM bytes \[500, 564\) outside region 1 \(size 512\)$/);
  });

  it('IFM outside its region', () => {
    expectError(convJob({ regions: [new Uint8Array(1024), new Uint8Array(40)] }), /IFM bytes \[0, 64\) outside region 1 \(size 40\)/);
  });

  it('missing region', () => {
    expectError(convJob({ ifmRegion: 2 }), /IFM region 2 is not in the job/);
  });

  it('weights outside their region', () => {
    expectError(convJob({ weightBase: 900 }), /weight stream bytes \[900, 1188\) outside region 0 \(size 1024\)/);
  });

  it('scale records outside their region', () => {
    expectError(convJob({ scaleBase: 1000 }), /scale records bytes \[1000, 1160\) outside region 0/);
  });

  it('weight stream too short', () => {
    expectError(convJob({ weightLength: 200 }), /weight stream length 200 is shorter than the 288 bytes of its 256 weights/);
  });

  it('scale records too short', () => {
    expectError(convJob({ scaleLength: 150 }), /scale length 150 is less than 10 \* OFM depth 16 = 160/);
  });

  it('block config that does not fit SHRAM', () => {
    expectError(convJob({ blockDepth: 64 }), /block config 16x16x64 needs .* more than the 48 available/);
  });

  it('IFM_IB_END / AB_START inconsistent with the block config', () => {
    expectError(convJob({ ibEnd: 47 }), /AB_START 46 does not place the 2 accumulator banks of block config 4x4x16 between IFM_IB_END 47 and bank 48/);
    expectError(convJob({ ibEnd: 0 }), /IFM_IB_END 0 does not hold the 2 IFM banks of block config 4x4x16/);
  });

  it('IFM2 buffer inconsistent with the block config', () => {
    const ifm = denseFm(IO, 0, [2, 2, 16], S8);
    const ifm2 = denseFm(IO, 64, [2, 2, 16], S8);
    const ofm = denseFm(IO, 128, [2, 2, 16], S8);
    const s = spec({ kind: 'ELEMENTWISE', mode: ELEMENTWISE_MODE.ADD, ifm, ifm2, ofm });
    const e = new Emitter();
    emitOp(e, s, null, { weights: 0, scales: 0 });
    const op = e.words.pop()!;
    e.cmd0('NPU_SET_IFM2_IB_START', 1);
    e.words.push(op);
    expectError({ commandStream: e.stop().bytes(), regions: [new Uint8Array(16), new Uint8Array(256)] }, /IFM2_IB_START 1 and IFM_IB_END 4 do not hold the 2 IFM and 2 IFM2 banks/);
  });

  it('DMA outside its regions', () => {
    const job = (src: number, dst: number, dstRegion: number): NpuJob => ({
      commandStream: new Emitter()
        .cmd0('NPU_SET_DMA0_SRC_REGION', 0)
        .address('NPU_SET_DMA0_SRC', src)
        .cmd0('NPU_SET_DMA0_DST_REGION', dstRegion)
        .address('NPU_SET_DMA0_DST', dst)
        .address('NPU_SET_DMA0_LEN', 64)
        .cmd0('NPU_OP_DMA_START')
        .stop()
        .bytes(),
      regions: [new Uint8Array(100), new Uint8Array(100)],
    });
    expect(() => executeJob(job(0, 0, 1))).not.toThrow();
    expectError(job(40, 0, 1), /^op 0 \(DMA at byte 32\): DMA source bytes \[40, 104\) outside region 0 \(size 100\)$/);
    expectError(job(0, 50, 1), /DMA destination bytes \[50, 114\) outside region 1/);
    expectError(job(0, 49150, DMA_REGION_SHRAM), /DMA destination bytes \[49150, 49214\) outside SHRAM \(size 49152\)/);
  });

  it('DMA copies, also within one region (memmove)', () => {
    const r0 = Uint8Array.from({ length: 16 }, (_, i) => i);
    const stream = new Emitter()
      .cmd0('NPU_SET_DMA0_SRC_REGION', 0)
      .address('NPU_SET_DMA0_SRC', 0)
      .cmd0('NPU_SET_DMA0_DST_REGION', 0)
      .address('NPU_SET_DMA0_DST', 2)
      .address('NPU_SET_DMA0_LEN', 8)
      .cmd0('NPU_OP_DMA_START')
      .stop()
      .bytes();
    executeJob({ commandStream: stream, regions: [r0] });
    expect(Array.from(r0)).toEqual([0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15]);
  });

  it('a LUT on a 16-bit OFM', () => {
    const ifm = denseFm(IO, 0, [2, 2, 4], S16);
    const ofm = denseFm(IO, 64, [2, 2, 4], S16);
    const s = spec({ kind: 'POOL', mode: POOLING_MODE.MAX, ifm, ofm, act: { fn: ACTIVATION_FUNCTION.LUT_START, min: -10, max: 10 } });
    const e = new Emitter();
    emitOp(e, s, null, { weights: 0, scales: 0 });
    expectError({ commandStream: e.stop().bytes(), regions: [new Uint8Array(16), new Uint8Array(256)] }, /a LUT activation needs an 8-bit OFM, not 16-bit/);
  });

  it('work budget exceeded', () => {
    // 512x512x64 OFM, 16x16 kernel over 16 channels: 2^36 MACs. Strides 0 keep the maps tiny in memory.
    const ifm0 = denseFm(IO, 0, [527, 527, 16], S8);
    const ofm0 = denseFm(IO, 64, [512, 512, 64], S8);
    const ifm: FmSpec = { ...ifm0, sx: 0, sy: 0 };
    const ofm: FmSpec = { ...ofm0, sx: 0, sy: 0 };
    const k = { h: 16, w: 16, sy: 1, sx: 1, dy: 1, dx: 1 };
    const s = spec({ kind: 'CONV', ifm, ofm, kernel: k, weights: new Array(64 * 256 * 16).fill(0), records: new Array(64).fill({ bias: 0n, scale: 1, shift: 0 }) });
    const coef = new Uint8Array(300000);
    const e = new Emitter();
    emitOp(e, s, coef, { weights: 0, scales: 299000 });
    const t0 = Date.now();
    expectError({ commandStream: e.stop().bytes(), regions: [coef, new Uint8Array(256)] }, /the job's work reaches \d+ units, more than the budget of 2\^34/);
    expect(Date.now() - t0).toBeLessThan(10000);
  });
});
