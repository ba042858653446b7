// The `nir` dialect's op table (docs/nir.md): memory (regions, buffers,
// constants, views), graph edges (input, output) and the intrinsics, each
// declared once as data with its checks and its reference semantics.
//
// Evaluation: `nir.region` allocates zeroed bytes on every run, `nir.buffer`
// and `nir.view` make the runtime objects of memory.ts, `nir.constant` writes
// its values into the coefficients region, `nir.input` writes its tensor into
// a view, `nir.output` reads a view into a tensor, and each intrinsic runs its
// kernel (intrinsics.ts) on its views and returns nothing.
//
// Only `nir.view` is Pure. Regions, buffers and constants are placement
// decisions (merging two equal buffers would merge their live ranges), and
// everything that reads or writes memory has effects, so dce/cse/canonicalize
// neither erase nor merge them.

import { IntegerAttr, StringAttr, TypeAttr, DenseArrayAttr, DenseElementsAttr, DenseResourceAttr } from '../../ir/attributes.js';
import type { AttrConstraint, AttrSpec, DialectDef, OpDef, OperandSpec, TypeConstraint } from '../../ir/op-def.js';
import type { Operation } from '../../ir/operation.js';
import { Tensor } from '../../ir/tensor.js';
import { IntegerType, QuantUniformType, RankedTensorType, type Type } from '../../ir/types.js';
import {
  ELTWISE_OPS,
  conv2d,
  convOutputDim,
  depthwiseConv2d,
  dma,
  eltwise,
  fill,
  lut,
  matmul,
  pool,
  reshuffle,
  transpose,
  type EltwiseOp,
  type Requant,
} from './intrinsics.js';
import { LAYOUTS, MemBuffer, MemRegion, MemView, REGION_KINDS, elementBytes, kindRange, writeElement, type Layout, type RegionKind } from './memory.js';
import { analyzeRegionSchedule, takeScheduleErrors } from './verify-schedule.js';
import {
  arrayProp,
  bigProp,
  boolProp,
  bufferInfo,
  bufferType,
  constantLayout,
  constantValues,
  intProp,
  regionInfo,
  regionType,
  stringProp,
  typeProp,
  viewInfoOf,
  viewOperand,
  viewType,
  type ViewInfo,
} from './views.js';

// ---------------------------------------------------------------------------
// Constraints.

const isType = (t: Type, description: string): TypeConstraint => ({ description, check: (x) => x === t });
const regionT = isType(regionType, "nir region ('!nir.region')");
const bufferT = isType(bufferType, "nir buffer ('!nir.buffer')");
const viewT = isType(viewType, "nir view ('!nir.view')");
const staticTensor: TypeConstraint = {
  description: 'statically shaped tensor',
  check: (t) => t instanceof RankedTensorType && t.hasStaticShape,
};

const i64Attr: AttrConstraint = {
  description: '64-bit signless integer attribute',
  check: (a) => a instanceof IntegerAttr && a.type === IntegerType.get(64),
};
const boolAttr: AttrConstraint = { description: 'bool attribute', check: (a) => a instanceof IntegerAttr && a.isBool };
function i64Array(n?: number): AttrConstraint {
  return {
    description: n === undefined ? 'i64 dense array attribute' : `i64 dense array attribute with exactly ${n} elements`,
    check: (a) => a instanceof DenseArrayAttr && a.elementType === IntegerType.get(64) && (n === undefined || a.values.length === n),
  };
}
function oneOf(values: readonly string[]): AttrConstraint {
  return {
    description: `string attribute, one of ${values.map((v) => `"${v}"`).join(', ')}`,
    check: (a) => a instanceof StringAttr && values.includes(a.value),
  };
}
const elementTypeAttr: AttrConstraint = {
  description: 'type attribute of i8, ui8, i16, i32, i48 or i64',
  check: (a) => a instanceof TypeAttr && ['i8', 'ui8', 'i16', 'i32', 'i48', 'i64'].includes(String(a.type)),
};
const elementsAttr: AttrConstraint = {
  description: 'dense or dense_resource elements attribute',
  check: (a) => a instanceof DenseElementsAttr || a instanceof DenseResourceAttr,
};

const ROUNDINGS = ['SINGLE_ROUND', 'DOUBLE_ROUND'] as const;
const requantAttrs: AttrSpec[] = [
  { name: 'multiplier', constraint: i64Array(), optional: true },
  { name: 'shift', constraint: i64Array(), optional: true },
  { name: 'rounding', constraint: oneOf(ROUNDINGS), default: new StringAttr('SINGLE_ROUND') },
  { name: 'scale32', constraint: boolAttr, default: IntegerAttr.bool(true) },
  { name: 'clamp', constraint: i64Array(2), optional: true },
];
const geometryAttrs: AttrSpec[] = [
  { name: 'stride', constraint: i64Array(2) },
  { name: 'pad', constraint: i64Array(4) },
  { name: 'dilation', constraint: i64Array(2) },
];

const view = (name: string): OperandSpec => ({ name, type: viewT });

// ---------------------------------------------------------------------------
// Verification helpers.

/** Wraps an op's own checks so that the schedule problems left for the op are reported too. */
function withSchedule(def: OpDef): OpDef {
  const own = def.verify;
  return {
    ...def,
    verify(op) {
      const scheduled = takeScheduleErrors(op);
      return own?.(op) ?? scheduled;
    },
  };
}

const isPow2 = (n: number): boolean => n >= 1 && Number.isInteger(Math.log2(n)) && 2 ** Math.log2(n) === n;
const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;
const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);
const EIGHT_BIT = ['i8', 'ui8'];

/** Collects the view operands of `op`, or the first error. */
function viewsOf(op: Operation, names: readonly string[]): ViewInfo[] | string {
  const out: ViewInfo[] = [];
  for (let i = 0; i < names.length; i++) {
    const v = viewOperand(op, i, names[i]!);
    if (typeof v === 'string') return v;
    out.push(v);
  }
  return out;
}

function checkRank(v: ViewInfo, rank: number, name: string): string | null {
  return v.shape.length === rank ? null : `${name} must have rank ${rank}, got shape ${shapeText(v.shape)}`;
}
function checkKind(v: ViewInfo, kinds: readonly string[], name: string): string | null {
  return kinds.includes(v.kind) ? null : `${name} element type must be one of ${kinds.join(', ')}, got ${v.elementType}`;
}
function checkOfmShape(ofm: ViewInfo, expected: readonly number[], what: string): string | null {
  return sameShape(ofm.shape, expected) ? null : `ofm shape ${shapeText(ofm.shape)} does not match the ${what}: expected ${shapeText(expected)}`;
}

/** Multiplier and shift values TOSA accepts for the scale width. */
function checkScaleValues(m: readonly number[], s: readonly number[], scale32: boolean, prefix: string): string | null {
  const mBits = scale32 ? 31 : 15;
  for (const x of m) if (x < 0 || x >= 2 ** mBits) return `${prefix}multiplier ${x} is outside [0, 2^${mBits}) for scale32 = ${scale32}`;
  for (const x of s) if (x < 2 || x > 62) return `${prefix}shift ${x} is outside [2, 62]`;
  return null;
}

/** The requantization properties against the ofm (channels: the ofm's last dimension, when per channel is allowed). */
function checkRequant(op: Operation, ofm: ViewInfo, perChannel: boolean): string | null {
  const m = arrayProp(op, 'multiplier');
  const s = arrayProp(op, 'shift');
  const clamp = arrayProp(op, 'clamp');
  const scale32 = boolProp(op, 'scale32') ?? true;
  if (stringProp(op, 'rounding') === 'DOUBLE_ROUND' && !scale32) return 'DOUBLE_ROUND requires scale32 = true';
  if (m === null) {
    if (s !== null || clamp !== null) return "'shift' and 'clamp' are requantization properties and need 'multiplier'";
    return ofm.kind === 'i32' ? null : `without requantization ('multiplier') the ofm must be i32, got ${ofm.elementType}`;
  }
  if (s === null) return "'multiplier' needs 'shift'";
  if (m.length !== s.length) return `has ${m.length} multipliers but ${s.length} shifts`;
  const channels = ofm.shape.length ? ofm.shape[ofm.shape.length - 1]! : 1;
  if (m.length !== 1 && !(perChannel && m.length === channels)) {
    return `expected ${perChannel ? `1 or ${channels} (one per output channel)` : '1 (per tensor)'} multipliers, got ${m.length}`;
  }
  const e = checkScaleValues(m, s, scale32, '');
  if (e) return e;
  const ke = checkKind(ofm, ['i8', 'ui8', 'i16', 'i32'], 'requantized ofm');
  if (ke) return ke;
  return checkClamp(op, ofm);
}

function checkClamp(op: Operation, ofm: ViewInfo): string | null {
  const clamp = arrayProp(op, 'clamp');
  if (!clamp) return null;
  const [lo, hi] = kindRange(ofm.kind);
  if (clamp[0]! > clamp[1]!) return `clamp [${clamp[0]}, ${clamp[1]}] is empty`;
  if (clamp[0]! < lo || clamp[1]! > hi) return `clamp [${clamp[0]}, ${clamp[1]}] exceeds the range of ${ofm.elementType}`;
  return null;
}

function checkGeometry(op: Operation, names: readonly string[]): string | null {
  for (const name of names) {
    const v = arrayProp(op, name) ?? [];
    const min = name === 'pad' ? 0 : 1;
    if (v.some((x) => x < min)) return `${name} values must be >= ${min}, got [${v.join(', ')}]`;
  }
  return null;
}

// ---------------------------------------------------------------------------
// Evaluation helpers.

function requantOf(op: Operation): Requant | null {
  const multiplier = arrayProp(op, 'multiplier');
  if (!multiplier) return null;
  const clamp = arrayProp(op, 'clamp');
  return {
    multiplier,
    shift: arrayProp(op, 'shift')!,
    doubleRound: stringProp(op, 'rounding') === 'DOUBLE_ROUND',
    scale32: boolProp(op, 'scale32') ?? true,
    clamp: clamp ? [clamp[0]!, clamp[1]!] : null,
  };
}

function asView(v: unknown, what: string): MemView {
  if (!(v instanceof MemView)) throw new TypeError(`${what}: expected a view operand`);
  return v;
}

function convParams(op: Operation) {
  return { stride: arrayProp(op, 'stride')!, pad: arrayProp(op, 'pad')!, dilation: arrayProp(op, 'dilation')! };
}

// ---------------------------------------------------------------------------
// Memory.

const regionOp: OpDef = {
  name: 'nir.region',
  summary: 'An address space of the segment (io, scratch or coefficients)',
  operands: [],
  results: [{ name: 'region', type: regionT }],
  attributes: [
    { name: 'kind', constraint: oneOf(REGION_KINDS) },
    { name: 'size', constraint: i64Attr },
  ],
  verify(op) {
    // The schedule analysis of this region's buffers runs first, so the
    // messages it leaves for later ops are always fresh.
    analyzeRegionSchedule(op);
    const scheduled = takeScheduleErrors(op);
    const size = intProp(op, 'size')!;
    if (size < 0) return `size ${size} is negative`;
    const kind = stringProp(op, 'kind');
    for (let o = op.prev; o; o = o.prev) {
      if (o.name === 'nir.region' && stringProp(o, 'kind') === kind) return `a function has at most one '${kind}' region`;
    }
    return scheduled;
  },
  eval(op) {
    return [new MemRegion(stringProp(op, 'kind') as RegionKind, intProp(op, 'size')!)];
  },
};

function checkPlacement(op: Operation, offset: number, size: number, what: string): string | null {
  const region = regionInfo(op.operand(0));
  if (!region) return "region (operand #0) must be defined by 'nir.region'";
  const alignment = intProp(op, 'alignment')!;
  if (offset < 0) return `offset ${offset} is negative`;
  if (!isPow2(alignment)) return `alignment ${alignment} is not a power of two`;
  if (offset % alignment !== 0) return `offset ${offset} is not a multiple of its alignment ${alignment}`;
  if (offset + size > region.size) {
    return `${what} [${offset}, ${offset + size}) lies outside its '${region.kind}' region of ${region.size} bytes`;
  }
  return null;
}

const bufferOp: OpDef = withSchedule({
  name: 'nir.buffer',
  summary: 'A byte range of a region',
  operands: [{ name: 'region', type: regionT }],
  results: [{ name: 'buffer', type: bufferT }],
  attributes: [
    { name: 'offset', constraint: i64Attr },
    { name: 'size', constraint: i64Attr },
    { name: 'alignment', constraint: i64Attr, default: IntegerAttr.i64(1) },
  ],
  verify(op) {
    const size = intProp(op, 'size')!;
    if (size < 0) return `size ${size} is negative`;
    return checkPlacement(op, intProp(op, 'offset')!, size, 'buffer');
  },
  eval(op, [region]) {
    if (!(region instanceof MemRegion)) throw new TypeError('expected a region operand');
    return [new MemBuffer(region, intProp(op, 'offset')!, intProp(op, 'size')!)];
  },
});

const constantOp: OpDef = withSchedule({
  name: 'nir.constant',
  summary: 'A buffer of the coefficients region holding constant values',
  operands: [{ name: 'region', type: regionT }],
  results: [{ name: 'buffer', type: bufferT }],
  attributes: [
    { name: 'offset', constraint: i64Attr },
    { name: 'alignment', constraint: i64Attr, default: IntegerAttr.i64(1) },
    { name: 'values', constraint: elementsAttr },
  ],
  verify(op) {
    const region = regionInfo(op.operand(0));
    if (region && region.kind !== 'coefficients') return `must be placed in a 'coefficients' region, not in the '${region.kind}' region`;
    const layout = constantLayout(op);
    if (!layout) return `values of type ${(op.attr('values') as DenseElementsAttr).type} cannot be stored (statically shaped i8, ui8, i16, i32, i48 or i64)`;
    return checkPlacement(op, intProp(op, 'offset')!, layout.size, `constant of ${layout.size} bytes at`);
  },
  eval(op, [region]) {
    if (!(region instanceof MemRegion)) throw new TypeError('expected a region operand');
    const values = constantValues(op);
    const layout = constantLayout(op);
    if (!values || !layout) throw new Error('constant values are not available');
    const offset = intProp(op, 'offset')!;
    const buffer = new MemBuffer(region, offset, layout.size);
    const w = elementBytes(layout.kind);
    const n = values.numElements;
    if (!values.isSplat && values.elementBytes === w) region.bytes.set(values.raw, offset);
    else if (layout.kind === 'i64') for (let i = 0; i < n; i++) region.data.setBigInt64(offset + i * w, values.getInt(i), true);
    else for (let i = 0; i < n; i++) writeElement(region.data, layout.kind, offset + i * w, Number(values.getInt(i)));
    return [buffer];
  },
});

const viewOp: OpDef = withSchedule({
  name: 'nir.view',
  summary: 'Typed, laid-out data in a buffer',
  operands: [{ name: 'buffer', type: bufferT }],
  results: [{ name: 'view', type: viewT }],
  attributes: [
    { name: 'offset', constraint: i64Attr },
    { name: 'shape', constraint: i64Array() },
    { name: 'strides', constraint: i64Array(), optional: true },
    { name: 'element_type', constraint: elementTypeAttr },
    { name: 'layout', constraint: oneOf(LAYOUTS) },
    { name: 'zero_point', constraint: i64Attr },
  ],
  traits: ['Pure'],
  verify(op) {
    const info = viewInfoOf(op);
    if (typeof info === 'string') return info;
    const buffer = bufferInfo(op.operand(0));
    if (!buffer) return "buffer (operand #0) must be defined by 'nir.buffer' or 'nir.constant'";
    const [lo, hi] = kindRange(info.kind);
    if (info.zeroPoint < lo || info.zeroPoint > hi) return `zero point ${info.zeroPoint} is outside the range of ${info.elementType}`;
    if (info.offset + info.span > buffer.size) {
      return `view [${info.offset}, ${info.offset + info.span}) lies outside its buffer of ${buffer.size} bytes`;
    }
    return null;
  },
  eval(op, [buffer]) {
    if (!(buffer instanceof MemBuffer)) throw new TypeError('expected a buffer operand');
    return [
      new MemView(buffer, {
        offset: intProp(op, 'offset')!,
        shape: arrayProp(op, 'shape')!,
        strides: arrayProp(op, 'strides'),
        layout: stringProp(op, 'layout') as Layout,
        elementType: typeProp(op, 'element_type')!,
        zeroPoint: intProp(op, 'zero_point')!,
      }),
    ];
  },
});

// ---------------------------------------------------------------------------
// Graph edges.

/** Whether a tensor type matches a view: same shape, and the view's element type (or a quant type stored as it). */
function tensorMatchesView(t: Type, v: ViewInfo): string | null {
  if (!(t instanceof RankedTensorType)) return `expected a ranked tensor, got ${t}`;
  const et = t.elementType instanceof QuantUniformType ? t.elementType.storageType : t.elementType;
  if (!sameShape(t.shape, v.shape) || et !== v.elementType) {
    return `tensor type ${t} does not match the view (shape ${shapeText(v.shape)}, element type ${v.elementType})`;
  }
  return null;
}

const inputOp: OpDef = withSchedule({
  name: 'nir.input',
  summary: 'Writes a function argument into a view',
  operands: [{ name: 'tensor', type: staticTensor }, view('view')],
  results: [],
  verify(op) {
    const v = viewOperand(op, 1, 'view');
    return typeof v === 'string' ? v : tensorMatchesView(op.operand(0).type, v);
  },
  eval(op, [t, v]) {
    if (!(t instanceof Tensor)) throw new TypeError('expected a tensor operand');
    const dst = asView(v, op.name);
    if (!sameShape(t.shape, dst.shape)) throw new Error(`tensor of shape ${shapeText(t.shape)} does not fit a view of shape ${shapeText(dst.shape)}`);
    dst.fromTensor(t);
    return [];
  },
});

const outputOp: OpDef = withSchedule({
  name: 'nir.output',
  summary: 'Reads a view into a tensor',
  operands: [view('view')],
  results: [{ name: 'tensor', type: staticTensor }],
  verify(op) {
    const v = viewOperand(op, 0, 'view');
    return typeof v === 'string' ? v : tensorMatchesView(op.result().type, v);
  },
  eval(op, [v]) {
    return [asView(v, op.name).toTensor((op.result().type as RankedTensorType).elementType)];
  },
});

// ---------------------------------------------------------------------------
// Intrinsics.

function intrinsic(def: Omit<OpDef, 'results'>): OpDef {
  return withSchedule({ ...def, results: [] });
}

function verifyConv(op: Operation, depthwise: boolean): string | null {
  const vs = viewsOf(op, ['ifm', 'weights', 'bias', 'ofm']);
  if (typeof vs === 'string') return vs;
  const [ifm, w, b, ofm] = vs as [ViewInfo, ViewInfo, ViewInfo, ViewInfo];
  const e =
    checkRank(ifm, 4, 'ifm') ??
    checkRank(w, 4, 'weights') ??
    checkRank(b, 1, 'bias') ??
    checkRank(ofm, 4, 'ofm') ??
    checkKind(ifm, EIGHT_BIT, 'ifm') ??
    checkKind(w, EIGHT_BIT, 'weights') ??
    checkKind(b, ['i32'], 'bias') ??
    checkGeometry(op, ['stride', 'pad', 'dilation']);
  if (e) return e;
  const [N, IH, IW, IC] = ifm.shape as [number, number, number, number];
  const [sy, sx] = arrayProp(op, 'stride') as [number, number];
  const [pt, pb, pl, pr] = arrayProp(op, 'pad') as [number, number, number, number];
  const [dy, dx] = arrayProp(op, 'dilation') as [number, number];
  let KH: number, KW: number, OC: number;
  if (depthwise) {
    const [kh, kw, c, m] = w.shape as [number, number, number, number];
    if (c !== IC) return `weights [KH, KW, C, M] = ${shapeText(w.shape)} do not match the ifm's ${IC} channels`;
    [KH, KW, OC] = [kh, kw, c * m];
  } else {
    const [oc, kh, kw, ic] = w.shape as [number, number, number, number];
    if (ic !== IC) return `weights [OC, KH, KW, IC] = ${shapeText(w.shape)} do not match the ifm's ${IC} channels`;
    [KH, KW, OC] = [kh, kw, oc];
  }
  if (!sameShape(b.shape, [OC])) return `bias shape ${shapeText(b.shape)} must be [${OC}] (one per output channel)`;
  const OH = convOutputDim(IH, KH, pt, pb, sy, dy);
  const OW = convOutputDim(IW, KW, pl, pr, sx, dx);
  if (OH === null || OW === null) return `ifm ${IH}x${IW} with kernel ${KH}x${KW}, pad [${pt}, ${pb}, ${pl}, ${pr}], stride [${sy}, ${sx}], dilation [${dy}, ${dx}] gives no whole output size`;
  return checkOfmShape(ofm, [N, OH, OW, OC], `${op.name.slice(4)} geometry`) ?? checkRequant(op, ofm, true);
}

const conv2dOp = intrinsic({
  name: 'nir.conv2d',
  summary: '2-D convolution: weights [OC, KH, KW, IC], bias i32 [OC], requantized',
  operands: [view('ifm'), view('weights'), view('bias'), view('ofm')],
  attributes: [...geometryAttrs, ...requantAttrs],
  verify: (op) => verifyConv(op, false),
  eval(op, xs) {
    const [x, w, b, o] = xs.map((v) => asView(v, op.name)) as [MemView, MemView, MemView, MemView];
    conv2d(x, w, b, o, convParams(op), requantOf(op));
    return [];
  },
});

const depthwiseConv2dOp = intrinsic({
  name: 'nir.depthwise_conv2d',
  summary: 'Depthwise 2-D convolution: weights [KH, KW, C, M], output channel c*M + m',
  operands: [view('ifm'), view('weights'), view('bias'), view('ofm')],
  attributes: [...geometryAttrs, ...requantAttrs],
  verify: (op) => verifyConv(op, true),
  eval(op, xs) {
    const [x, w, b, o] = xs.map((v) => asView(v, op.name)) as [MemView, MemView, MemView, MemView];
    depthwiseConv2d(x, w, b, o, convParams(op), requantOf(op));
    return [];
  },
});

const matmulOp = intrinsic({
  name: 'nir.matmul',
  summary: 'Batched matrix product a [N, H, C] x b [N, C, W], requantized per tensor',
  operands: [view('a'), view('b'), view('ofm')],
  attributes: requantAttrs,
  verify(op) {
    const vs = viewsOf(op, ['a', 'b', 'ofm']);
    if (typeof vs === 'string') return vs;
    const [a, b, ofm] = vs as [ViewInfo, ViewInfo, ViewInfo];
    const e = checkRank(a, 3, 'a') ?? checkRank(b, 3, 'b') ?? checkRank(ofm, 3, 'ofm') ?? checkKind(a, EIGHT_BIT, 'a') ?? checkKind(b, EIGHT_BIT, 'b');
    if (e) return e;
    const [N, H, C] = a.shape as [number, number, number];
    const [NB, CB, W] = b.shape as [number, number, number];
    if (NB !== N || CB !== C) return `b shape ${shapeText(b.shape)} must be [${N}, ${C}, W] for a of shape ${shapeText(a.shape)}`;
    return checkOfmShape(ofm, [N, H, W], 'matmul geometry') ?? checkRequant(op, ofm, false);
  },
  eval(op, xs) {
    const [a, b, o] = xs.map((v) => asView(v, op.name)) as [MemView, MemView, MemView];
    matmul(a, b, o, requantOf(op));
    return [];
  },
});

const poolOp = intrinsic({
  name: 'nir.pool',
  summary: 'Max or average pooling (TOSA max_pool2d / avg_pool2d), optional clamp',
  operands: [view('ifm'), view('ofm')],
  attributes: [
    { name: 'kind', constraint: oneOf(['max', 'avg']) },
    { name: 'kernel', constraint: i64Array(2) },
    { name: 'stride', constraint: i64Array(2) },
    { name: 'pad', constraint: i64Array(4) },
    { name: 'clamp', constraint: i64Array(2), optional: true },
  ],
  verify(op) {
    const vs = viewsOf(op, ['ifm', 'ofm']);
    if (typeof vs === 'string') return vs;
    const [ifm, ofm] = vs as [ViewInfo, ViewInfo];
    const e =
      checkRank(ifm, 4, 'ifm') ?? checkRank(ofm, 4, 'ofm') ?? checkKind(ifm, ['i8', 'ui8', 'i16'], 'ifm') ?? checkGeometry(op, ['kernel', 'stride', 'pad']);
    if (e) return e;
    if (ofm.elementType !== ifm.elementType) return `ofm element type ${ofm.elementType} must match the ifm's ${ifm.elementType}`;
    if (stringProp(op, 'kind') === 'avg' && ifm.kind === 'i16' && (ifm.zeroPoint !== 0 || ofm.zeroPoint !== 0)) return 'i16 average pooling needs zero points of 0';
    const [KY, KX] = arrayProp(op, 'kernel') as [number, number];
    const [sy, sx] = arrayProp(op, 'stride') as [number, number];
    const [pt, pb, pl, pr] = arrayProp(op, 'pad') as [number, number, number, number];
    if (pt >= KY || pb >= KY || pl >= KX || pr >= KX) return `padding [${pt}, ${pb}, ${pl}, ${pr}] must be smaller than the kernel ${KY}x${KX}`;
    const [N, IH, IW, C] = ifm.shape as [number, number, number, number];
    const OH = convOutputDim(IH, KY, pt, pb, sy, 1);
    const OW = convOutputDim(IW, KX, pl, pr, sx, 1);
    if (OH === null || OW === null) return `ifm ${IH}x${IW} with kernel ${KY}x${KX}, pad [${pt}, ${pb}, ${pl}, ${pr}], stride [${sy}, ${sx}] gives no whole output size`;
    return checkOfmShape(ofm, [N, OH, OW, C], 'pool geometry') ?? checkClamp(op, ofm);
  },
  eval(op, xs) {
    const [x, o] = xs.map((v) => asView(v, op.name)) as [MemView, MemView];
    const clamp = arrayProp(op, 'clamp');
    pool(x, o, {
      kind: stringProp(op, 'kind') as 'max' | 'avg',
      kernel: arrayProp(op, 'kernel')!,
      stride: arrayProp(op, 'stride')!,
      pad: arrayProp(op, 'pad')!,
      clamp: clamp ? [clamp[0]!, clamp[1]!] : null,
    });
    return [];
  },
});

const eltwiseOp = intrinsic({
  name: 'nir.eltwise',
  summary: 'Elementwise add/sub/mul/min/max of two inputs each scaled into i32, or copy of one, then requantized',
  operands: [view('a'), { name: 'b', type: viewT, arity: 'optional' }, view('ofm')],
  attributes: [
    { name: 'op', constraint: oneOf(ELTWISE_OPS) },
    { name: 'input_multiplier', constraint: i64Array(), optional: true },
    { name: 'input_shift', constraint: i64Array(), optional: true },
    ...requantAttrs,
  ],
  verify(op) {
    const kind = stringProp(op, 'op') as EltwiseOp;
    const inputs = kind === 'copy' ? 1 : 2;
    if (op.numOperands !== inputs + 1) return `'${kind}' takes ${inputs} input view${inputs > 1 ? 's' : ''} and the ofm, got ${op.numOperands} operands`;
    const vs = viewsOf(op, inputs === 1 ? ['a', 'ofm'] : ['a', 'b', 'ofm']);
    if (typeof vs === 'string') return vs;
    const ofm = vs[vs.length - 1]!;
    const names = ['a', 'b'];
    for (let i = 0; i < inputs; i++) {
      const v = vs[i]!;
      const e = checkKind(v, ['i8', 'ui8', 'i16', 'i32'], names[i]!);
      if (e) return e;
      const fits = v.shape.length === ofm.shape.length && v.shape.every((d, k) => d === ofm.shape[k] || d === 1);
      if (!fits) return `${names[i]} shape ${shapeText(v.shape)} does not broadcast to the ofm shape ${shapeText(ofm.shape)}`;
    }
    const im = arrayProp(op, 'input_multiplier');
    const is = arrayProp(op, 'input_shift');
    if (kind === 'copy') {
      if (im || is) return "'copy' has no input scaling: 'input_multiplier' and 'input_shift' must be absent";
      return checkRequant(op, ofm, true);
    }
    if (!im || !is) return `'${kind}' needs 'input_multiplier' and 'input_shift'`;
    if (im.length !== inputs || is.length !== inputs) return `expected ${inputs} input_multiplier and input_shift entries (one per input), got ${im.length} and ${is.length}`;
    return checkScaleValues(im, is, boolProp(op, 'scale32') ?? true, 'input ') ?? checkRequant(op, ofm, true);
  },
  eval(op, xs) {
    const views = xs.map((v) => asView(v, op.name));
    const ofm = views[views.length - 1]!;
    const rq = requantOf(op);
    eltwise(
      views[0]!,
      views.length === 3 ? views[1]! : null,
      ofm,
      {
        op: stringProp(op, 'op') as EltwiseOp,
        inputMultiplier: arrayProp(op, 'input_multiplier') ?? [],
        inputShift: arrayProp(op, 'input_shift') ?? [],
        mode: { doubleRound: stringProp(op, 'rounding') === 'DOUBLE_ROUND', scale32: boolProp(op, 'scale32') ?? true },
      },
      rq,
    );
    return [];
  },
});

const lutOp = intrinsic({
  name: 'nir.lut',
  summary: '8-bit table lookup: table[ifm + 128] (i8) or table[ifm] (ui8), 256 entries',
  operands: [view('ifm'), view('table'), view('ofm')],
  verify(op) {
    const vs = viewsOf(op, ['ifm', 'table', 'ofm']);
    if (typeof vs === 'string') return vs;
    const [ifm, table, ofm] = vs as [ViewInfo, ViewInfo, ViewInfo];
    const e = checkKind(ifm, EIGHT_BIT, 'ifm') ?? checkKind(table, EIGHT_BIT, 'table');
    if (e) return e;
    if (!sameShape(table.shape, [256])) return `table shape ${shapeText(table.shape)} must be [256]`;
    if (ofm.elementType !== table.elementType) return `ofm element type ${ofm.elementType} must match the table's ${table.elementType}`;
    return checkOfmShape(ofm, ifm.shape, 'ifm shape');
  },
  eval(op, xs) {
    const [x, t, o] = xs.map((v) => asView(v, op.name)) as [MemView, MemView, MemView];
    lut(x, t, o);
    return [];
  },
});

const transposeOp = intrinsic({
  name: 'nir.transpose',
  summary: 'TOSA transpose: ofm dimension i is ifm dimension perms[i]',
  operands: [view('ifm'), view('ofm')],
  attributes: [{ name: 'perms', constraint: i64Array() }],
  verify(op) {
    const vs = viewsOf(op, ['ifm', 'ofm']);
    if (typeof vs === 'string') return vs;
    const [ifm, ofm] = vs as [ViewInfo, ViewInfo];
    const perms = arrayProp(op, 'perms')!;
    const r = ifm.shape.length;
    if (perms.length !== r || [...perms].sort((a, b) => a - b).some((p, i) => p !== i)) return `perms [${perms.join(', ')}] is not a permutation of the ifm's ${r} dimensions`;
    if (ofm.elementType !== ifm.elementType) return `ofm element type ${ofm.elementType} must match the ifm's ${ifm.elementType}`;
    return checkOfmShape(ofm, perms.map((p) => ifm.shape[p]!), 'transposed ifm shape');
  },
  eval(op, xs) {
    const [x, o] = xs.map((v) => asView(v, op.name)) as [MemView, MemView];
    transpose(x, o, arrayProp(op, 'perms')!);
    return [];
  },
});

const reshuffleOp = intrinsic({
  name: 'nir.reshuffle',
  summary: 'Space-to-depth of the zero-point-padded ifm by blocks of by x bx',
  operands: [view('ifm'), view('ofm')],
  attributes: [
    { name: 'block', constraint: i64Array(2) },
    { name: 'pad', constraint: i64Array(4) },
  ],
  verify(op) {
    const vs = viewsOf(op, ['ifm', 'ofm']);
    if (typeof vs === 'string') return vs;
    const [ifm, ofm] = vs as [ViewInfo, ViewInfo];
    const e = checkRank(ifm, 4, 'ifm') ?? checkRank(ofm, 4, 'ofm') ?? checkGeometry(op, ['block', 'pad']);
    if (e) return e;
    if (ofm.elementType !== ifm.elementType) return `ofm element type ${ofm.elementType} must match the ifm's ${ifm.elementType}`;
    const [by, bx] = arrayProp(op, 'block') as [number, number];
    const [pt, pb, pl, pr] = arrayProp(op, 'pad') as [number, number, number, number];
    const [N, H, W, C] = ifm.shape as [number, number, number, number];
    const ph = H + pt + pb;
    const pw = W + pl + pr;
    if (ph % by !== 0 || pw % bx !== 0) return `padded ifm ${ph}x${pw} is not a whole number of ${by}x${bx} blocks`;
    return checkOfmShape(ofm, [N, ph / by, pw / bx, by * bx * C], 'reshuffle geometry');
  },
  eval(op, xs) {
    const [x, o] = xs.map((v) => asView(v, op.name)) as [MemView, MemView];
    reshuffle(x, o, arrayProp(op, 'block')!, arrayProp(op, 'pad')!);
    return [];
  },
});

const dmaOp = intrinsic({
  name: 'nir.dma',
  summary: 'Copies a view into a view of the same shape and element type',
  operands: [view('src'), view('dst')],
  verify(op) {
    const vs = viewsOf(op, ['src', 'dst']);
    if (typeof vs === 'string') return vs;
    const [src, dst] = vs as [ViewInfo, ViewInfo];
    if (dst.elementType !== src.elementType) return `dst element type ${dst.elementType} must match the src's ${src.elementType}`;
    return sameShape(src.shape, dst.shape) ? null : `dst shape ${shapeText(dst.shape)} must match the src shape ${shapeText(src.shape)}`;
  },
  eval(op, xs) {
    const [s, d] = xs.map((v) => asView(v, op.name)) as [MemView, MemView];
    dma(s, d);
    return [];
  },
});

const fillOp = withSchedule({
  name: 'nir.fill',
  summary: 'Sets every element of a view',
  operands: [view('dst')],
  results: [],
  attributes: [{ name: 'value', constraint: i64Attr }],
  verify(op) {
    const dst = viewOperand(op, 0, 'dst');
    if (typeof dst === 'string') return dst;
    const v = bigProp(op, 'value')!;
    const [lo, hi] = dst.kind === 'i64' ? [-(2n ** 63n), 2n ** 63n - 1n] : kindRange(dst.kind).map(BigInt);
    return v < lo! || v > hi! ? `value ${v} is outside the range of ${dst.elementType}` : null;
  },
  eval(op, [d]) {
    fill(asView(d, op.name), bigProp(op, 'value')!);
    return [];
  },
});

export const nirOps: readonly OpDef[] = [
  regionOp,
  bufferOp,
  constantOp,
  viewOp,
  inputOp,
  outputOp,
  conv2dOp,
  depthwiseConv2dOp,
  matmulOp,
  poolOp,
  eltwiseOp,
  lutOp,
  transposeOp,
  reshuffleOp,
  dmaOp,
  fillOp,
];

export const nirDialect: DialectDef = {
  name: 'nir',
  summary: 'Hardware-level IR: placed memory, views and scheduled intrinsics (docs/nir.md)',
  ops: nirOps,
};
