// One encoder per nir intrinsic the ethos-u55 runs: each reads the op's
// views and properties and writes its operation(s) (operation-writer.ts).
// The rules are listed in encode.ts's header; errors are BackendErrors
// without a location (encode.ts adds the op's).

import { BackendError } from '../../codegen/backend.js';
import type { Operation } from '../../ir/operation.js';
import { countOf, elementBytes, kindRange } from '../../dialects/nir/memory.js';
import { arrayProp, boolProp, stringProp, viewOperand, type ViewInfo } from '../../dialects/nir/views.js';
import { constantViewValues, locateView, type CoefficientImage } from './coefficient-image.js';
import type { CommandWriter } from './command-writer.js';
import { featureMap, type FeatureMapRegs } from './feature-map.js';
import { writeBlockOp, writeDma, type BlockOpSpec, type ScaleValue } from './operation-writer.js';
import { ACTIVATION_FUNCTION, ELEMENTWISE_MODE, POOLING_MODE, REGION, ROUNDING, lutAddress } from './registers.js';
import { packScaleRecords, packWeightStream, type WeightShape } from './weights.js';

export interface EncodeContext {
  readonly writer: CommandWriter;
  readonly image: CoefficientImage;
  /** One entry per NPU_OP_CONV/DEPTHWISE/POOL/ELEMENTWISE/DMA_START written. */
  readonly locations: string[];
}

type IntrinsicEncoder = (op: Operation, ctx: EncodeContext) => void;

// ---------------------------------------------------------------------------
// Helpers.

function viewsOf(op: Operation, names: readonly string[]): ViewInfo[] {
  if (op.numOperands !== names.length) throw new BackendError(`expected ${names.length} operands, got ${op.numOperands}`);
  return names.map((name, i) => {
    const v = viewOperand(op, i, name);
    if (typeof v === 'string') throw new BackendError(v);
    return v;
  });
}

/** A view the operation reads, as a feature map. */
function inputMap(view: ViewInfo, ctx: EncodeContext, what: string, zeroPoint = view.zeroPoint): FeatureMapRegs {
  return featureMap(view, locateView(view, ctx.image, what), what, zeroPoint);
}

/** The view the operation writes, as a feature map (never a constant). */
function outputMap(view: ViewInfo, ctx: EncodeContext, what: string, zeroPoint = view.zeroPoint): FeatureMapRegs {
  if (view.buffer?.isConstant) throw new BackendError(`${what} is a constant: the coefficients region is read-only`);
  return inputMap(view, ctx, what, zeroPoint);
}

interface Requant {
  readonly multiplier: readonly number[];
  readonly shift: readonly number[];
}

/** The op's requantization, or null without `multiplier` (the ofm receives the i32 result unchanged). */
function requantOf(op: Operation): Requant | null {
  const multiplier = arrayProp(op, 'multiplier');
  if (!multiplier) return null;
  checkScale32(op);
  return { multiplier, shift: arrayProp(op, 'shift') ?? [] };
}

function checkScale32(op: Operation): void {
  if (boolProp(op, 'scale32') === false) throw new BackendError('scale32 = false (16-bit scaling) has no ethos-u55 encoding');
}

/** OFM_PRECISION rounding: TFL is TOSA's DOUBLE_ROUND, NATURAL (half up) its SINGLE_ROUND. */
function roundingOf(op: Operation): number {
  return stringProp(op, 'rounding') === 'DOUBLE_ROUND' ? ROUNDING.TFL : ROUNDING.NATURAL;
}

/** OFM_SCALE meaning "unchanged": scale 1, shift 0. */
const UNIT_SCALE: ScaleValue = { scale: 1, shift: 0 };

const I32_RANGE = kindRange('i32');

/**
 * ACTIVATION_MIN/MAX: the clamp, else the OFM precision's range. The
 * registers are 16-bit, so a 32-bit OFM gets the int16 range, which stands
 * for "no clamp"; a clamp narrower than int32 on it cannot be expressed.
 */
function activationOf(ofm: FeatureMapRegs, clamp: readonly number[] | null): BlockOpSpec['activation'] {
  const fn = ACTIVATION_FUNCTION.NONE;
  if (ofm.bits === 32) {
    if (clamp && (clamp[0]! > I32_RANGE[0] || clamp[1]! < I32_RANGE[1])) {
      throw new BackendError(`clamp [${clamp[0]}, ${clamp[1]}] on a 32-bit ofm has no ethos-u55 encoding (ACTIVATION_MIN/MAX are 16-bit)`);
    }
    return { fn, min: -32768, max: 32767 };
  }
  if (clamp) return { fn, min: clamp[0]!, max: clamp[1]! };
  return { fn, ...fullRange(ofm) };
}

function fullRange(fm: FeatureMapRegs): { min: number; max: number } {
  if (fm.bits === 32) return { min: -32768, max: 32767 };
  return fm.signed ? { min: -(2 ** (fm.bits - 1)), max: 2 ** (fm.bits - 1) - 1 } : { min: 0, max: 2 ** fm.bits - 1 };
}

const UNIT_KERNEL = { kernelH: 1, kernelW: 1, strideY: 1, strideX: 1, dilationY: 1, dilationX: 1 } as const;
const NO_PAD = [0, 0, 0, 0] as const;

function sameDims(a: FeatureMapRegs, b: FeatureMapRegs): boolean {
  return a.height === b.height && a.width === b.width && a.depth === b.depth;
}

/** A 1x1 POOL REDUCE_SUM: `ofm = clamp(apply_scale(ifm - ifm.zp, scale) + ofm.zp)`, or a table lookup after it. */
function reduceSumCopy(ctx: EncodeContext, ifm: FeatureMapRegs, ofm: FeatureMapRegs, scale: ScaleValue, rounding: number, activation: BlockOpSpec['activation'], usesLut: boolean): void {
  writeBlockOp(ctx.writer, {
    kind: 'POOL',
    mode: POOLING_MODE.REDUCE_SUM,
    ifm,
    ifm2: null,
    ofm,
    kernel: UNIT_KERNEL,
    pad: NO_PAD,
    weights: null,
    scales: null,
    globalScale: true,
    rounding,
    ofmScale: scale,
    opScales: null,
    activation,
    usesLut,
  });
}

/** Appends a weight stream and scale records; returns their ranges. */
function appendCoefficients(ctx: EncodeContext, weights: Uint8Array, scales: Uint8Array): Pick<BlockOpSpec, 'weights' | 'scales'> {
  const wBase = ctx.image.appendShared(weights);
  const sBase = ctx.image.appendShared(scales);
  return { weights: { base: wBase, length: weights.length }, scales: { base: sBase, length: scales.length } };
}

// ---------------------------------------------------------------------------
// Convolutions.

function encodeConv(depthwise: boolean): IntrinsicEncoder {
  return (op, ctx) => {
    const [ifmV, wV, bV, ofmV] = viewsOf(op, ['ifm', 'weights', 'bias', 'ofm']) as [ViewInfo, ViewInfo, ViewInfo, ViewInfo];
    const [sy, sx] = arrayProp(op, 'stride') ?? [1, 1];
    const [dy, dx] = arrayProp(op, 'dilation') ?? [1, 1];
    const pad = arrayProp(op, 'pad') ?? [0, 0, 0, 0];
    if (wV.shape.length !== 4) throw new BackendError(`weights shape [${wV.shape.join(', ')}] must have rank 4`);
    let shape: WeightShape;
    let kh: number;
    let kw: number;
    if (depthwise) {
      const [h, w, c, m] = wV.shape as [number, number, number, number];
      if (m !== 1) throw new BackendError(`depth multiplier ${m} has no ethos-u55 encoding (multiplier 1 only)`);
      shape = { kind: 'DEPTHWISE', kh: h, kw: w, c };
      [kh, kw] = [h, w];
    } else {
      const [oc, h, w, ic] = wV.shape as [number, number, number, number];
      shape = { kind: 'CONV', oc, kh: h, kw: w, ic };
      [kh, kw] = [h, w];
    }
    const wzp = wV.zeroPoint;
    const weights = constantViewValues(wV, 'weights').map((v) => v - wzp);
    const bias = constantViewValues(bV, 'bias');
    const rq = requantOf(op);
    const ifm = inputMap(ifmV, ctx, 'ifm');
    const ofm = outputMap(ofmV, ctx, 'ofm', rq ? ofmV.zeroPoint : 0);
    const records = packScaleRecords(bias, rq ? rq.multiplier : [UNIT_SCALE.scale], rq ? rq.shift : [UNIT_SCALE.shift]);
    const coefficients = appendCoefficients(ctx, packWeightStream(weights, shape), records);
    ctx.locations.push(op.loc.toString());
    writeBlockOp(ctx.writer, {
      kind: depthwise ? 'DEPTHWISE' : 'CONV',
      mode: 0,
      ifm,
      ifm2: null,
      ofm,
      kernel: { kernelH: kh, kernelW: kw, strideY: sy!, strideX: sx!, dilationY: dy!, dilationX: dx! },
      pad,
      ...coefficients,
      globalScale: false,
      rounding: roundingOf(op),
      ofmScale: null,
      opScales: null,
      activation: activationOf(ofm, arrayProp(op, 'clamp')),
      usesLut: false,
    });
  };
}

// ---------------------------------------------------------------------------
// Pooling.

const encodePool: IntrinsicEncoder = (op, ctx) => {
  const [ifmV, ofmV] = viewsOf(op, ['ifm', 'ofm']) as [ViewInfo, ViewInfo];
  const kind = stringProp(op, 'kind');
  if (kind !== 'max' && kind !== 'avg') throw new BackendError(`pool kind '${kind}' has no ethos-u55 encoding`);
  const [ky, kx] = arrayProp(op, 'kernel') ?? [1, 1];
  const [sy, sx] = arrayProp(op, 'stride') ?? [1, 1];
  const max = kind === 'max';
  // Max pooling copies values and nir ignores its zero points: writing 0
  // keeps any reading of IFM/OFM_ZERO_POINT exact.
  const ifm = inputMap(ifmV, ctx, 'ifm', max ? 0 : ifmV.zeroPoint);
  const ofm = outputMap(ofmV, ctx, 'ofm', max ? 0 : ofmV.zeroPoint);
  ctx.locations.push(op.loc.toString());
  writeBlockOp(ctx.writer, {
    kind: 'POOL',
    mode: max ? POOLING_MODE.MAX : POOLING_MODE.AVERAGE,
    ifm,
    ifm2: null,
    ofm,
    kernel: { kernelH: ky!, kernelW: kx!, strideY: sy!, strideX: sx!, dilationY: 1, dilationX: 1 },
    pad: arrayProp(op, 'pad') ?? NO_PAD,
    weights: null,
    scales: null,
    globalScale: true,
    // AVERAGE: the executor scales by TOSA's reciprocal of the count, rounding half up.
    rounding: max ? ROUNDING.TFL : ROUNDING.NATURAL,
    ofmScale: null,
    opScales: null,
    activation: activationOf(ofm, arrayProp(op, 'clamp')),
    usesLut: false,
  });
};

// ---------------------------------------------------------------------------
// Elementwise.

const MODES: Record<string, number> = {
  add: ELEMENTWISE_MODE.ADD,
  sub: ELEMENTWISE_MODE.SUB,
  mul: ELEMENTWISE_MODE.MUL,
  min: ELEMENTWISE_MODE.MIN,
  max: ELEMENTWISE_MODE.MAX,
};

/** Which of H, W, C of `fm` are broadcast (1 where the ofm is not). */
function broadcastOf(fm: FeatureMapRegs, ofm: FeatureMapRegs): { h: boolean; w: boolean; c: boolean } {
  return { h: fm.height === 1 && ofm.height !== 1, w: fm.width === 1 && ofm.width !== 1, c: fm.depth === 1 && ofm.depth !== 1 };
}
const anyOf = (b: { h: boolean; w: boolean; c: boolean }): boolean => b.h || b.w || b.c;

function checkOperandDims(fm: FeatureMapRegs, ofm: FeatureMapRegs, what: string): void {
  const ok = (d: number, o: number): boolean => d === o || d === 1;
  if (!ok(fm.height, ofm.height) || !ok(fm.width, ofm.width) || !ok(fm.depth, ofm.depth)) {
    throw new BackendError(`${what} ${fm.height}x${fm.width}x${fm.depth} does not broadcast to the ofm ${ofm.height}x${ofm.width}x${ofm.depth}`);
  }
}

const encodeEltwise: IntrinsicEncoder = (op, ctx) => {
  const kind = stringProp(op, 'op') ?? '';
  if (kind === 'copy') return encodeCopy(op, ctx);
  const mode = MODES[kind];
  if (mode === undefined) throw new BackendError(`eltwise '${kind}' has no ethos-u55 encoding`);
  const [aV, bV, ofmV] = viewsOf(op, ['a', 'b', 'ofm']) as [ViewInfo, ViewInfo, ViewInfo];
  checkScale32(op);
  const rq = requantOf(op);
  if (rq && rq.multiplier.length !== 1) throw new BackendError(`per-channel output multipliers (${rq.multiplier.length}) on a two-input eltwise have no ethos-u55 encoding`);
  const im = arrayProp(op, 'input_multiplier') ?? [];
  const is = arrayProp(op, 'input_shift') ?? [];
  if (im.length !== 2 || is.length !== 2) throw new BackendError(`'${kind}' needs two input_multiplier and input_shift entries`);
  const a = inputMap(aV, ctx, 'a');
  const b = inputMap(bV, ctx, 'b');
  const ofm = outputMap(ofmV, ctx, 'ofm', rq ? ofmV.zeroPoint : 0);
  checkOperandDims(a, ofm, 'a');
  checkOperandDims(b, ofm, 'b');
  const aScale = { scale: im[0]!, shift: is[0]! };
  const bScale = { scale: im[1]!, shift: is[1]! };
  const aB = broadcastOf(a, ofm);
  const bB = broadcastOf(b, ofm);
  if (anyOf(aB) && anyOf(bB)) throw new BackendError('both operands are broadcast: the IFM cannot be');
  // The IFM must have the ofm's shape: when a is the broadcast operand, b
  // goes in the IFM and `reversed` tells the NPU that the IFM2 (a) is the
  // first operand. OPA_SCALE scales the first operand (operand A, nir's a)
  // and OPB_SCALE the second, wherever they are fetched from.
  const reversed = anyOf(aB);
  const [ifm, ifm2, broadcast] = reversed ? [b, a, aB] : [a, b, bB];
  ctx.locations.push(op.loc.toString());
  writeBlockOp(ctx.writer, {
    kind: 'ELEMENTWISE',
    mode,
    ifm,
    ifm2: { fm: ifm2, broadcast: { ...broadcast, reversed, scalar: false } },
    ofm,
    kernel: UNIT_KERNEL,
    pad: NO_PAD,
    weights: null,
    scales: null,
    globalScale: true,
    rounding: roundingOf(op),
    ofmScale: rq ? { scale: rq.multiplier[0]!, shift: rq.shift[0]! } : UNIT_SCALE,
    opScales: [aScale, bScale],
    activation: activationOf(ofm, arrayProp(op, 'clamp')),
    usesLut: false,
  });
};

/**
 * copy: one multiplier (or none) is a 1x1 POOL REDUCE_SUM with OFM_SCALE;
 * per-channel multipliers are a 1x1 DEPTHWISE with unit weights and zero
 * biases, whose scale records carry them (not for i32 inputs: the
 * convolution reads 8- and 16-bit IFMs only).
 */
function encodeCopy(op: Operation, ctx: EncodeContext): void {
  const [aV, ofmV] = viewsOf(op, ['a', 'ofm']) as [ViewInfo, ViewInfo];
  const rq = requantOf(op);
  const ifm = inputMap(aV, ctx, 'a');
  const ofm = outputMap(ofmV, ctx, 'ofm', rq ? ofmV.zeroPoint : 0);
  if (!sameDims(ifm, ofm)) throw new BackendError(`copy of a broadcast input (${ifm.height}x${ifm.width}x${ifm.depth} to ${ofm.height}x${ofm.width}x${ofm.depth}) has no ethos-u55 encoding`);
  const activation = activationOf(ofm, arrayProp(op, 'clamp'));
  const rounding = roundingOf(op);
  if (!rq || rq.multiplier.length === 1) {
    ctx.locations.push(op.loc.toString());
    reduceSumCopy(ctx, ifm, ofm, rq ? { scale: rq.multiplier[0]!, shift: rq.shift[0]! } : UNIT_SCALE, rounding, activation, false);
    return;
  }
  if (aV.kind === 'i32') throw new BackendError('copy of an i32 input with per-channel multipliers has no ethos-u55 encoding');
  const c = ofm.depth;
  const coefficients = appendCoefficients(ctx, packWeightStream(new Array<number>(c).fill(1), { kind: 'DEPTHWISE', kh: 1, kw: 1, c }), packScaleRecords(new Array<number>(c).fill(0), rq.multiplier, rq.shift));
  ctx.locations.push(op.loc.toString());
  writeBlockOp(ctx.writer, {
    kind: 'DEPTHWISE',
    mode: 0,
    ifm,
    ifm2: null,
    ofm,
    kernel: UNIT_KERNEL,
    pad: NO_PAD,
    ...coefficients,
    globalScale: false,
    rounding,
    ofmScale: null,
    opScales: null,
    activation,
    usesLut: false,
  });
}

// ---------------------------------------------------------------------------
// Table lookup.

/**
 * The 256-byte table is DMAed into SHRAM LUT slot 0, then a 1x1 REDUCE_SUM
 * at unit scale with zero points 0 passes the IFM values through the LUT
 * activation (table[v + 128] for signed, table[v] for unsigned values).
 */
const encodeLut: IntrinsicEncoder = (op, ctx) => {
  const [ifmV, tableV, ofmV] = viewsOf(op, ['ifm', 'table', 'ofm']) as [ViewInfo, ViewInfo, ViewInfo];
  // The lookup indexes by the value in the OFM precision: an IFM of the
  // other signedness would be clamped before it is looked up.
  if (ifmV.kind !== ofmV.kind) throw new BackendError(`lut from ${ifmV.elementType} to ${ofmV.elementType} has no ethos-u55 encoding (the ifm and the table must have the same type)`);
  const table = constantViewValues(tableV, 'table');
  if (table.length !== 256) throw new BackendError(`table has ${table.length} entries, expected 256`);
  const ifm = inputMap(ifmV, ctx, 'ifm', 0);
  const ofm = outputMap(ofmV, ctx, 'ofm', 0);
  const base = ctx.image.appendShared(Uint8Array.from(table, (v) => v & 0xff));
  ctx.locations.push(op.loc.toString());
  writeDma(ctx.writer, { region: REGION.coefficients, base }, { region: 'shram', address: lutAddress(0) }, 256);
  ctx.locations.push(op.loc.toString());
  reduceSumCopy(ctx, ifm, ofm, UNIT_SCALE, ROUNDING.TFL, { fn: ACTIVATION_FUNCTION.LUT_START + 0, ...fullRange(ofm) }, true);
};

// ---------------------------------------------------------------------------
// Data movement.

/** Whether the view's logical elements are its bytes in order, without holes. */
function isContiguous(v: ViewInfo): boolean {
  // Whole bricks: the brick order is then a bijection onto the span.
  if (v.layout === 'NHCWB16') return v.shape[3]! % 16 === 0;
  if (v.layout !== 'NHWC') return false;
  let expected = 1;
  for (let i = v.shape.length - 1; i >= 0; i--) {
    if (v.shape[i] !== 1 && v.strides![i] !== expected) return false;
    expected *= v.shape[i]!;
  }
  return true;
}

/**
 * nir.dma: one DMA when both views are contiguous in the same layout (the
 * bytes can be copied as they are), else an identity 1x1 REDUCE_SUM copy.
 */
const encodeDma: IntrinsicEncoder = (op, ctx) => {
  const [srcV, dstV] = viewsOf(op, ['src', 'dst']) as [ViewInfo, ViewInfo];
  const sameShape = srcV.shape.length === dstV.shape.length && srcV.shape.every((d, i) => d === dstV.shape[i]);
  if (!sameShape || srcV.kind !== dstV.kind) throw new BackendError('src and dst must have the same shape and element type');
  if (srcV.layout === dstV.layout && isContiguous(srcV) && isContiguous(dstV)) {
    if (dstV.buffer?.isConstant) throw new BackendError('dst is a constant: the coefficients region is read-only');
    const src = locateView(srcV, ctx.image, 'src');
    const dst = locateView(dstV, ctx.image, 'dst');
    ctx.locations.push(op.loc.toString());
    writeDma(ctx.writer, src, { region: dst.region, address: dst.base }, countOf(srcV.shape) * elementBytes(srcV.kind));
    return;
  }
  const ifm = inputMap(srcV, ctx, 'src', 0);
  const ofm = outputMap(dstV, ctx, 'dst', 0);
  ctx.locations.push(op.loc.toString());
  reduceSumCopy(ctx, ifm, ofm, UNIT_SCALE, ROUNDING.TFL, { fn: ACTIVATION_FUNCTION.NONE, ...fullRange(ofm) }, false);
};

// ---------------------------------------------------------------------------

export const INTRINSIC_ENCODERS: ReadonlyMap<string, IntrinsicEncoder> = new Map([
  ['nir.conv2d', encodeConv(false)],
  ['nir.depthwise_conv2d', encodeConv(true)],
  ['nir.pool', encodePool],
  ['nir.eltwise', encodeEltwise],
  ['nir.lut', encodeLut],
  ['nir.dma', encodeDma],
]);
