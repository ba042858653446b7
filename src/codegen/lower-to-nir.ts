// lower-to-nir: rewrites every NPU segment function (`npuc.segment = "npu"`,
// made by `partition`) from target-legal tosa into `nir` (docs/nir.md):
//
//   1. groups: each compute op takes the ops the hardware runs in the same
//      operation (LOWERINGS below): a convolution its requantizing rescale and
//      activation clamp; an add its operands' input rescales and its output
//      rescale; ...; what is left over (a standalone rescale or clamp)
//      becomes an element-wise copy. The program order is the schedule.
//   2. placement: graph inputs and outputs live in the `io` region (NHWC),
//      intermediates in `scratch` in the target's feature-map layout
//      (NHCWB16 on ethos-u55 for depths that are multiples of 16, NC1HWC2 on
//      rknpu) unless a view must alias them, constants in `coefficients`. Reshapes,
//      slices and concatenations are views of their operand's buffer
//      (a concatenation's inputs are written straight into its slices) and
//      cost no operation; a reshape of a non-contiguous view is a dma.
//   3. memory planning: the scratch buffers get offsets from the memory
//      planner (src/codegen/memory-planner.ts) over their live ranges.
//   4. emission: regions, buffers, constants, views, inputs, intrinsics,
//      outputs, return, replacing the tosa body.
//
// An op of an NPU segment that has no nir form is an error naming it (the
// partition put it there, so the target's capabilities and this lowering
// disagree). Numerics are unchanged: every intrinsic computes exactly what
// the tosa ops it replaces computed.

import { DenseElementsAttr, IntegerAttr, StringAttr, type Attribute, type Location } from '../ir/attributes.js';
import { Diagnostic, DiagnosticError } from '../ir/diagnostics.js';
import { Operation, type Block, type Value } from '../ir/operation.js';
import type { PassDef } from '../ir/pass.js';
import { IntegerType, RankedTensorType, type Type } from '../ir/types.js';
import { i64Array } from '../dialects/tosa/common.js';
import { readRescale } from '../passes/signed-to-unsigned.js';
import { constTensor } from '../passes/onnx-to-tosa/quant.js';
import { planMemory } from './memory-planner.js';
import type { FeatureMapLayout } from '../targets/capabilities.js';
import { lookupTarget } from '../targets/registry.js';
import { matchSpaceToDepth } from '../targets/space-to-depth.js';
import { NirEmitter, denseStrides, i64, i64s } from './nir-emit.js';

// ---------------------------------------------------------------------------
// Values, storage and placement.

/** Bytes per element as nir stores it (docs/nir.md: 1, 2, 4 or 8). */
export function elementBytes(et: Type): number {
  if (!(et instanceof IntegerType)) throw new Error(`nir stores integers only, not ${et}`);
  return et.width <= 8 ? 1 : et.width <= 16 ? 2 : et.width <= 32 ? 4 : 8;
}

function tensorType(v: Value): RankedTensorType {
  const t = v.type;
  if (!(t instanceof RankedTensorType) || !t.hasStaticShape) throw new Error(`expected a statically shaped tensor, got ${t}`);
  return t;
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Bytes of memory that some values share (an intermediate, a graph input or output). */
interface Storage {
  readonly id: number;
  readonly bytes: number;
  kind: 'io' | 'scratch';
  /** First and last schedule step that writes / reads it. */
  first: number;
  last: number;
  buffer?: Value;
}

/** A constant placed in the coefficients region. */
interface Coefficient {
  readonly values: DenseElementsAttr;
  readonly bytes: number;
  offset: number;
  buffer?: Value;
}

/**
 * Where a tosa value's elements are: a storage or a coefficient, an element
 * offset, shape and strides (NHWC), or a brick layout over a whole storage.
 */
interface Placement {
  readonly storage: Storage | Coefficient;
  readonly offset: number;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly elementType: Type;
  readonly layout: Layout;
}

/** A view's layout (a planar NCHW feature map is an NHWC view with planar strides). */
type Layout = Exclude<FeatureMapLayout['layout'], 'NCHW'>;

const isDense = (p: Placement): boolean => p.layout === 'NHWC' && denseStrides(p.shape).every((s, i) => p.shape[i] === 1 || s === p.strides[i]);

/** Elements a rank-4 feature map takes in `layout` (brick layouts round the depth up to 16). */
function elementsIn(shape: readonly number[], layout: FeatureMapLayout['layout']): number {
  if (layout === 'NHWC' || layout === 'NCHW') return sizeOf(shape);
  const [n, h, w, c] = shape as [number, number, number, number];
  return n * h * w * Math.ceil(c / 16) * 16;
}

/**
 * Users that read a value through an intrinsic (any layout); a value with
 * another user (reshape, slice, a return) stays NHWC so views can alias it.
 */
const VIEW_WRITTEN = new Set(['tosa.pad', 'tosa.concat', 'tosa.reshape', 'tosa.slice', 'tosa.identity', 'tosa.const']);

const LAYOUT_FREE_USERS = new Set([
  'tosa.conv2d',
  'tosa.depthwise_conv2d',
  'tosa.avg_pool2d',
  'tosa.max_pool2d',
  'tosa.rescale',
  'tosa.clamp',
  'tosa.table',
  'tosa.transpose',
  'tosa.pad',
  'tosa.concat',
]);

/** An operand of a step: a tosa value read with a zero point (and, for rescale flags, a reinterpreted element type). */
interface Use {
  readonly value: Value;
  readonly zeroPoint: number;
  readonly elementType?: Type;
}

/** One scheduled nir operation. */
interface Step {
  readonly name: string;
  readonly inputs: readonly Use[];
  /** The tosa value whose placement it writes, or an explicit placement (dma into a concat slice, fill of a pad). */
  readonly output: Use | { placement: Placement; zeroPoint: number };
  readonly props: [string, Attribute][];
  readonly loc: Location;
}

class LoweringError extends Error {
  constructor(
    readonly op: Operation,
    message: string,
  ) {
    super(message);
  }
}

const fail = (op: Operation, message: string): never => {
  throw new LoweringError(op, message);
};

// ---------------------------------------------------------------------------
// Groups: what each compute op takes with it.

interface Requant {
  props: [string, Attribute][];
  /** The value the group's result ends in (the rescale's, or the fused clamp's). */
  value: Value;
  zeroPoint: number;
  elementType: Type;
  /** Ops the group absorbed after the root. */
  ops: Operation[];
}

function typeRange(et: Type): [number, number] {
  const t = et as IntegerType;
  return [Number(t.minValue), Number(t.maxValue)];
}

/** `et` reinterpreted as unsigned (rescale's input_unsigned / output_unsigned on signless storage). */
function asUnsigned(et: Type, unsigned: boolean): Type {
  const t = et as IntegerType;
  if (!unsigned || t.isUnsigned) return et;
  return IntegerType.get(t.width, 'unsigned');
}

/** A single-use integer clamp after `v`, as [lo, hi], or null. */
function clampAfter(v: Value): { op: Operation; range: [number, number] } | null {
  if (!v.hasOneUse) return null;
  const u = v.users[0]!;
  if (u.name !== 'tosa.clamp') return null;
  const lo = u.attr('min_val');
  const hi = u.attr('max_val');
  if (!(lo instanceof IntegerAttr) || !(hi instanceof IntegerAttr)) return null;
  return { op: u, range: [Number(lo.value), Number(hi.value)] };
}

/** The requantizing rescale (and clamp) that consume an i32 accumulator `acc`, or null. */
function requantAfter(acc: Value, channels: number): Requant | null {
  if (!acc.hasOneUse) return null;
  const r = acc.users[0]!;
  if (r.name !== 'tosa.rescale' || r.operand(0) !== acc) return null;
  const p = readRescale(r);
  if (!p || p.izp !== 0 || p.inW !== 32) return null;
  if (p.m.length !== 1 && p.m.length !== channels) return null;
  const et = asUnsigned(tensorType(r.result()).elementType, p.ou);
  let range = typeRange(et);
  const ops = [r];
  let value: Value = r.result();
  const c = clampAfter(value);
  if (c) {
    range = [Math.max(range[0], c.range[0]), Math.min(range[1], c.range[1])];
    ops.push(c.op);
    value = c.op.result();
  }
  const out = absorbIdentityRescales({ value, zeroPoint: p.ozp, elementType: et, range });
  ops.push(...out.ops);
  return { props: requantProps(p.m, p.s, p.rounding, p.scale32, out.range), value: out.value, zeroPoint: out.zeroPoint, elementType: out.elementType, ops };
}

/** An operand as an intrinsic reads it: the value, its zero point and element type. */
interface Source {
  value: Value;
  zeroPoint: number;
  elementType: Type;
}

/**
 * Reads through a single-use unit-scale rescale (multiplier 2^shift) that
 * only moves a value to another type and zero point, when its clamp cannot
 * bind (x - zp + zp' stays in range for every x of the input type): the
 * consumer then reads the original, with its zero point, and computes the same
 * x - zp. (A uint8 operand of a quantized add reaches TOSA's i32 rescale
 * through such an i16 step.)
 */
function identityRescaleBefore(src: Source): Source & { ops: Operation[] } {
  const r = src.value.definingOp;
  if (!r || r.name !== 'tosa.rescale' || !src.value.hasOneUse) return { ...src, ops: [] };
  const p = readRescale(r);
  if (!p || p.m.length !== 1 || p.m[0] !== 2 ** p.s[0]! || p.ozp !== src.zeroPoint) return { ...src, ops: [] };
  if (asUnsigned(tensorType(r.result()).elementType, p.ou) !== src.elementType) return { ...src, ops: [] };
  const inType = asUnsigned(tensorType(r.operand(0)).elementType, p.iu);
  const [inLo, inHi] = typeRange(inType);
  const [lo, hi] = typeRange(src.elementType);
  if (inLo - p.izp + p.ozp < lo || inHi - p.izp + p.ozp > hi) return { ...src, ops: [] };
  return { value: r.operand(0), zeroPoint: p.izp, elementType: inType, ops: [r] };
}

/** Where a requantized value ends up: its value, zero point, element type and clamp. */
interface RequantEnd {
  value: Value;
  zeroPoint: number;
  elementType: Type;
  range: [number, number];
}

/**
 * Folds the unit-scale rescales (multiplier 2^shift: x -> x exactly) that
 * only change a requantized value's zero point and type, and their clamps,
 * into the requantization that produced it: TOSA cannot rescale i32 to an
 * unsigned type in one step, so a uint8 result arrives as i32 -> i16 -> ui8,
 * and one nir intrinsic writes the uint8 directly. With y = clamp(a + zp, lo, hi)
 * and z = clamp(y - zp + zp', lo', hi'), z = clamp(a + zp', max(lo', lo - zp + zp'),
 * min(hi', hi - zp + zp')); folded only when that range is not empty.
 */
function absorbIdentityRescales(end: RequantEnd): RequantEnd & { ops: Operation[] } {
  const ops: Operation[] = [];
  for (;;) {
    if (!end.value.hasOneUse) break;
    const r = end.value.users[0]!;
    if (r.name !== 'tosa.rescale' || r.operand(0) !== end.value) break;
    const p = readRescale(r);
    if (!p || p.m.length !== 1 || p.m[0] !== 2 ** p.s[0]! || p.izp !== end.zeroPoint) break;
    // It must read the value as it was written (input_unsigned reinterprets the storage).
    if (asUnsigned(tensorType(end.value).elementType, p.iu) !== end.elementType) break;
    const et = asUnsigned(tensorType(r.result()).elementType, p.ou);
    // Only narrowing steps: a widening one (ui8 -> i16 before an add's i32 rescale) is the consumer's to fold.
    if ((et as IntegerType).width > (end.elementType as IntegerType).width) break;
    let range = typeRange(et);
    let value: Value = r.result();
    const c = clampAfter(value);
    if (c) range = [Math.max(range[0], c.range[0]), Math.min(range[1], c.range[1])];
    const lo = Math.max(range[0], end.range[0] - end.zeroPoint + p.ozp);
    const hi = Math.min(range[1], end.range[1] - end.zeroPoint + p.ozp);
    if (lo > hi) break;
    ops.push(r);
    if (c) {
      ops.push(c.op);
      value = c.op.result();
    }
    end = { value, zeroPoint: p.ozp, elementType: et, range: [lo, hi] };
  }
  return { ...end, ops };
}

function requantProps(m: readonly number[], s: readonly number[], rounding: string, scale32: boolean, clamp: readonly [number, number]): [string, Attribute][] {
  return [
    ['multiplier', i64s(m)],
    ['shift', i64s(s)],
    ['rounding', new StringAttr(rounding)],
    ['scale32', IntegerAttr.bool(scale32)],
    ['clamp', i64s(clamp)],
  ];
}

function scalarConst(op: Operation, v: Value, what: string): number {
  const t = constTensor(v);
  if (!t || t.size !== 1) return fail(op, `${what} is not a constant`);
  return t.at(0);
}

/** The steps of one segment, built in program order. */
class SegmentLowering {
  readonly steps: Step[] = [];
  private readonly absorbed = new Set<Operation>();
  /** Values a view op defines in tosa but an intrinsic writes in nir (a reshuffle's final reshape). */
  private readonly intrinsicWritten = new Set<Value>();
  /** Values whose placement is fixed before they are produced (concatenation inputs). */
  private readonly preplaced = new Map<Value, Placement>();
  private readonly placements = new Map<Value, Placement>();
  readonly storages: Storage[] = [];
  readonly coefficients: Coefficient[] = [];
  private readonly coefByValue = new Map<Value, Coefficient>();

  constructor(
    readonly fn: Operation,
    readonly body: Block,
    private readonly featureMaps: FeatureMapLayout,
  ) {}

  /** The layout of a new intermediate: the target's for rank-4 values only intrinsics read, else NHWC. */
  private layoutFor(v: Value, shape: readonly number[]): FeatureMapLayout['layout'] {
    const { layout, depthMultiple } = this.featureMaps;
    // Values written through views of themselves (pads, concatenations, copies of reshapes) stay NHWC.
    if (layout === 'NHWC' || shape.length !== 4) return 'NHWC';
    // Graph inputs keep NHWC, except planar maps (a binding's strides say where each element goes).
    if (!v.definingOp && layout !== 'NCHW') return 'NHWC';
    // Planar maps alias by strides alone, so a concatenation may be planar (its inputs write planar slices).
    const planarConcat = layout === 'NCHW' && v.definingOp?.name === 'tosa.concat';
    if (v.definingOp && VIEW_WRITTEN.has(v.definingOp.name) && !this.intrinsicWritten.has(v) && !planarConcat) return 'NHWC';
    if (depthMultiple !== null && shape[3]! % depthMultiple !== 0) return 'NHWC';
    // A segment's result may be planar too: its binding's strides tell the runtime where each element is.
    return v.users.every((u) => LAYOUT_FREE_USERS.has(u.name) || (layout === 'NCHW' && u.name === 'func.return')) ? layout : 'NHWC';
  }

  newStorage(bytes: number, kind: 'io' | 'scratch'): Storage {
    const s: Storage = { id: this.storages.length, bytes, kind, first: Infinity, last: -Infinity };
    this.storages.push(s);
    return s;
  }

  private densePlacement(storage: Storage | Coefficient, shape: readonly number[], et: Type, layout: FeatureMapLayout['layout'] = 'NHWC'): Placement {
    if (layout === 'NCHW') {
      // Planar: an NHWC view whose channel stride is a whole H x W plane.
      const [, h, w, c] = shape as [number, number, number, number];
      return { storage, offset: 0, shape, strides: [c * h * w, w, 1, h * w], elementType: et, layout: 'NHWC' };
    }
    return { storage, offset: 0, shape, strides: denseStrides(shape), elementType: et, layout };
  }

  /** Where `v` is; constants are placed in the coefficients region on first use. */
  placementOf(v: Value): Placement {
    const known = this.placements.get(v);
    if (known) return known;
    const t = tensorType(v);
    const def = v.definingOp;
    let p: Placement;
    if (def && (def.name === 'tosa.const')) {
      const attr = def.attr('values');
      if (!(attr instanceof DenseElementsAttr)) return fail(def, 'constant without dense values');
      let c = this.coefByValue.get(v);
      if (!c) {
        c = { values: attr, bytes: sizeOf(t.shape) * elementBytes(t.elementType), offset: 0 };
        this.coefByValue.set(v, c);
        this.coefficients.push(c);
      }
      p = this.densePlacement(c, t.shape, t.elementType);
    } else if (this.preplaced.has(v)) {
      p = this.preplaced.get(v)!;
    } else {
      const layout = this.layoutFor(v, t.shape);
      p = this.densePlacement(this.newStorage(elementsIn(t.shape, layout) * elementBytes(t.elementType), def ? 'scratch' : 'io'), t.shape, t.elementType, layout);
    }
    this.placements.set(v, p);
    return p;
  }

  private setPlacement(v: Value, p: Placement): void {
    this.placements.set(v, p);
  }

  addStep(step: Step): void {
    this.steps.push(step);
  }

  // -- the walk -------------------------------------------------------------

  run(): void {
    const ops = [...this.body.ops];
    // Concatenations first: their inputs are written into the result's slices.
    for (const op of ops) if (op.name === 'tosa.concat') this.preplaceConcat(op);
    // Space-to-depth chains (unstride-conv's) become one reshuffle at their first op.
    const grouped = new Map<Operation, Step>();
    for (const op of ops) {
      if (this.absorbed.has(op) || (op.name !== 'tosa.pad' && op.name !== 'tosa.reshape')) continue;
      const step = this.matchReshuffle(op);
      if (step) grouped.set(op, step);
    }
    // Groups rooted at binary element-wise ops claim their operands' rescales.
    for (const op of ops) {
      const step = ELTWISE_ROOTS.has(op.name) ? this.matchEltwise(op) : null;
      if (step) grouped.set(op, step);
    }
    for (const op of ops) {
      if (this.absorbed.has(op) || op.hasTrait('ReturnLike')) continue;
      const step = grouped.get(op);
      if (step) {
        this.addStep(step);
        continue;
      }
      const lower = LOWERINGS.get(op.name);
      if (!lower) fail(op, `'${op.name}' has no nir form`);
      lower!(op, this);
    }
  }

  absorb(...ops: Operation[]): void {
    for (const op of ops) this.absorbed.add(op);
  }

  /** The space-to-depth chain starting at `op` as one nir.reshuffle (padding with the pad value as the input zero point). */
  private matchReshuffle(op: Operation): Step | null {
    const m = matchSpaceToDepth(op);
    if (!m) return null;
    let pad = [0, 0, 0, 0];
    let zp = 0;
    if (m.pad) {
      const padding = constTensor(m.pad.operand(1));
      const value = constTensor(m.pad.operand(2));
      if (!padding || !value || value.size !== 1) return null;
      const p = Array.from({ length: 8 }, (_, i) => padding.at(i));
      if (p[0] || p[1] || p[6] || p[7]) return null;
      pad = p.slice(2, 6);
      zp = value.at(0);
    }
    this.absorb(...m.ops.filter((o) => o !== m.first));
    this.intrinsicWritten.add(m.last.result());
    return {
      name: 'nir.reshuffle',
      inputs: [{ value: m.first.operand(0), zeroPoint: zp }],
      output: { value: m.last.result(), zeroPoint: zp },
      props: [['block', i64s(m.block)], ['pad', i64s(pad)]],
      loc: op.loc,
    };
  }

  /** An add/sub/mul/max/min whose operands are single-use rescales to i32 and whose result is requantized. */
  private matchEltwise(op: Operation): Step | null {
    const ins = [op.operand(0), op.operand(1)].map((v) => (v.hasOneUse && v.definingOp?.name === 'tosa.rescale' ? v.definingOp : null));
    if (ins.some((r) => !r)) return null;
    const params = ins.map((r) => readRescale(r!));
    if (params.some((p) => !p || p.outW !== 32 || p.ozp !== 0 || p.m.length !== 1)) return null;
    const shape = tensorType(op.result()).shape;
    if (ins.some((r) => tensorType(r!.operand(0)).shape.join('x') !== shape.join('x'))) return null;
    if (op.name === 'tosa.mul' && scalarConst(op, op.operand(2), 'the mul shift') !== 0) return null;
    const rq = requantAfter(op.result(), 1);
    if (!rq) return null;
    const out = readRescale(rq.ops[0]!)!;
    if (params.some((p) => p!.rounding !== out.rounding || p!.scale32 !== out.scale32)) return null;
    const sources = ins.map((r, i) => {
      const src = { value: r!.operand(0), zeroPoint: params[i]!.izp, elementType: asUnsigned(tensorType(r!.operand(0)).elementType, params[i]!.iu) };
      const through = identityRescaleBefore(src);
      return through.ops.some((o) => this.absorbed.has(o)) ? { ...src, ops: [] } : through;
    });
    this.absorb(...(ins as Operation[]), ...rq.ops, ...sources.flatMap((src) => src.ops));
    return {
      name: 'nir.eltwise',
      inputs: sources.map((src) => ({ value: src.value, zeroPoint: src.zeroPoint, elementType: src.elementType })),
      output: { value: rq.value, zeroPoint: rq.zeroPoint, elementType: rq.elementType },
      props: [['op', new StringAttr(ELTWISE_ROOTS.get(op.name)!)], ['input_multiplier', i64s(params.map((p) => p!.m[0]!))], ['input_shift', i64s(params.map((p) => p!.s[0]!))], ...rq.props],
      loc: op.loc,
    };
  }

  /** Places a concatenation's result and writes inputs produced in this segment straight into its slices. */
  private preplaceConcat(op: Operation): void {
    const axis = Number((op.attr('axis') as IntegerAttr).value);
    const t = tensorType(op.result());
    const whole = this.placementOf(op.result());
    let at = 0;
    for (const v of op.operands) {
      const shape = tensorType(v).shape;
      const slice: Placement = { storage: whole.storage, offset: whole.offset + at * whole.strides[axis]!, shape, strides: whole.strides, elementType: t.elementType, layout: 'NHWC' };
      const def = v.definingOp;
      const direct = def && v.hasOneUse && def.parent === this.body && !['tosa.const', 'tosa.concat', 'tosa.reshape', 'tosa.slice', 'tosa.identity'].includes(def.name) && !this.preplaced.has(v);
      if (direct) this.preplaced.set(v, slice);
      at += shape[axis]!;
    }
  }

  /** Lowers a concatenation: inputs not written in place are copied into their slices. */
  concat(op: Operation): void {
    const axis = Number((op.attr('axis') as IntegerAttr).value);
    const whole = this.placementOf(op.result());
    let at = 0;
    for (const v of op.operands) {
      const shape = tensorType(v).shape;
      const slice: Placement = { storage: whole.storage, offset: whole.offset + at * whole.strides[axis]!, shape, strides: whole.strides, elementType: whole.elementType, layout: 'NHWC' };
      if (!this.preplaced.has(v)) {
        this.addStep({ name: 'nir.dma', inputs: [{ value: v, zeroPoint: 0 }], output: { placement: slice, zeroPoint: 0 }, props: [], loc: op.loc });
      }
      at += shape[axis]!;
    }
  }

  /** A reshape: a view of the same elements when they are contiguous, else a copy. */
  reshape(op: Operation): void {
    const src = this.placementOf(op.operand(0));
    const shape = tensorType(op.result()).shape;
    if (isDense(src)) {
      this.setPlacement(op.result(), { ...src, shape, strides: denseStrides(shape) });
      return;
    }
    const copy = this.placementOf(op.result());
    const asSource: Placement = { ...copy, shape: src.shape, strides: denseStrides(src.shape) };
    this.addStep({ name: 'nir.dma', inputs: [{ value: op.operand(0), zeroPoint: 0 }], output: { placement: asSource, zeroPoint: 0 }, props: [], loc: op.loc });
  }

  /** A slice: a view into its operand. */
  slice(op: Operation): void {
    const src = this.placementOf(op.operand(0));
    const start = constTensor(op.operand(1));
    if (!start) return fail(op, 'slice start is not constant');
    const shape = tensorType(op.result()).shape;
    let offset = src.offset;
    for (let i = 0; i < shape.length; i++) offset += start.at(i) * src.strides[i]!;
    this.setPlacement(op.result(), { ...src, offset, shape });
  }

  identity(op: Operation): void {
    this.setPlacement(op.result(), this.placementOf(op.operand(0)));
  }

  /** A pad: the result filled with the pad value, the input copied into its interior. */
  pad(op: Operation): void {
    const padding = constTensor(op.operand(1));
    if (!padding) return fail(op, 'padding is not constant');
    const value = scalarConst(op, op.operand(2), 'the pad value');
    const out = this.placementOf(op.result());
    const shape = tensorType(op.operand(0)).shape;
    let offset = out.offset;
    for (let i = 0; i < shape.length; i++) offset += padding.at(2 * i) * out.strides[i]!;
    this.addStep({ name: 'nir.fill', inputs: [], output: { value: op.result(), zeroPoint: 0 }, props: [['value', i64(value)]], loc: op.loc });
    this.addStep({ name: 'nir.dma', inputs: [{ value: op.operand(0), zeroPoint: 0 }], output: { placement: { ...out, offset, shape }, zeroPoint: 0 }, props: [], loc: op.loc });
  }
}

const ELTWISE_ROOTS = new Map([
  ['tosa.add', 'add'],
  ['tosa.sub', 'sub'],
  ['tosa.mul', 'mul'],
  ['tosa.maximum', 'max'],
  ['tosa.minimum', 'min'],
]);

type Lowering = (op: Operation, s: SegmentLowering) => void;

function convLowering(name: 'nir.conv2d' | 'nir.depthwise_conv2d'): Lowering {
  return (op, s) => {
    const wT = tensorType(op.operand(1));
    const channels = name === 'nir.conv2d' ? wT.shape[0]! : wT.shape[2]! * wT.shape[3]!;
    const izp = scalarConst(op, op.operand(3), 'the input zero point');
    const wzp = scalarConst(op, op.operand(4), 'the weight zero point');
    if (!(op.operand(1).definingOp?.name === 'tosa.const') || !(op.operand(2).definingOp?.name === 'tosa.const')) fail(op, 'weights and bias must be constants');
    const geometry: [string, Attribute][] = [['stride', i64s(i64Array(op, 'stride'))], ['pad', i64s(i64Array(op, 'pad'))], ['dilation', i64s(i64Array(op, 'dilation'))]];
    const rq = requantAfter(op.result(), channels);
    if (rq) s.absorb(...rq.ops);
    s.addStep({
      name,
      inputs: [
        { value: op.operand(0), zeroPoint: izp },
        { value: op.operand(1), zeroPoint: wzp },
        { value: op.operand(2), zeroPoint: 0 },
      ],
      output: rq ? { value: rq.value, zeroPoint: rq.zeroPoint, elementType: rq.elementType } : { value: op.result(), zeroPoint: 0 },
      props: [...geometry, ...(rq ? rq.props : [])],
      loc: op.loc,
    });
  };
}

function poolLowering(kind: 'avg' | 'max'): Lowering {
  return (op, s) => {
    const izp = kind === 'avg' ? scalarConst(op, op.operand(1), 'the input zero point') : 0;
    const ozp = kind === 'avg' ? scalarConst(op, op.operand(2), 'the output zero point') : 0;
    const props: [string, Attribute][] = [['kind', new StringAttr(kind)], ['kernel', i64s(i64Array(op, 'kernel'))], ['stride', i64s(i64Array(op, 'stride'))], ['pad', i64s(i64Array(op, 'pad'))]];
    let value: Value = op.result();
    const c = clampAfter(value);
    if (c) {
      s.absorb(c.op);
      value = c.op.result();
      props.push(['clamp', i64s(c.range)]);
    }
    s.addStep({ name: 'nir.pool', inputs: [{ value: op.operand(0), zeroPoint: izp }], output: { value, zeroPoint: ozp }, props, loc: op.loc });
  };
}

/** A standalone rescale: an element-wise copy with the rescale as its requantization. */
const rescaleLowering: Lowering = (op, s) => {
  const p = readRescale(op);
  if (!p) return fail(op, 'rescale parameters are not constants');
  const et = asUnsigned(tensorType(op.result()).elementType, p.ou);
  let range = typeRange(et);
  let value: Value = op.result();
  const c = clampAfter(value);
  if (c) {
    s.absorb(c.op);
    range = [Math.max(range[0], c.range[0]), Math.min(range[1], c.range[1])];
    value = c.op.result();
  }
  const out = absorbIdentityRescales({ value, zeroPoint: p.ozp, elementType: et, range });
  s.absorb(...out.ops);
  s.addStep({
    name: 'nir.eltwise',
    inputs: [{ value: op.operand(0), zeroPoint: p.izp, elementType: asUnsigned(tensorType(op.operand(0)).elementType, p.iu) }],
    output: { value: out.value, zeroPoint: out.zeroPoint, elementType: out.elementType },
    props: [['op', new StringAttr('copy')], ...requantProps(p.m, p.s, p.rounding, p.scale32, out.range)],
    loc: op.loc,
  });
};

/** A standalone integer clamp: a copy at unit scale (2^30 >> 30 is exact for 8- and 16-bit values) with the clamp. */
const clampLowering: Lowering = (op, s) => {
  const lo = op.attr('min_val');
  const hi = op.attr('max_val');
  if (!(lo instanceof IntegerAttr) || !(hi instanceof IntegerAttr)) return fail(op, 'only integer clamps run on the NPU');
  const et = tensorType(op.result()).elementType;
  if (!(et instanceof IntegerType) || et.width > 16) return fail(op, `clamp of ${et} has no nir form`);
  s.addStep({
    name: 'nir.eltwise',
    inputs: [{ value: op.operand(0), zeroPoint: 0 }],
    output: { value: op.result(), zeroPoint: 0 },
    props: [['op', new StringAttr('copy')], ...requantProps([2 ** 30], [30], 'SINGLE_ROUND', true, [Number(lo.value), Number(hi.value)])],
    loc: op.loc,
  });
};

/** Every tosa op an NPU segment may hold, and its nir form (one line each). */
const LOWERINGS = new Map<string, Lowering>([
  // conv2d [-> rescale [-> clamp]]  =>  nir.conv2d with per-channel requantization
  ['tosa.conv2d', convLowering('nir.conv2d')],
  // depthwise_conv2d [-> rescale [-> clamp]]  =>  nir.depthwise_conv2d
  ['tosa.depthwise_conv2d', convLowering('nir.depthwise_conv2d')],
  // avg_pool2d / max_pool2d [-> clamp]  =>  nir.pool
  ['tosa.avg_pool2d', poolLowering('avg')],
  ['tosa.max_pool2d', poolLowering('max')],
  // rescale [-> clamp] on its own  =>  nir.eltwise copy
  ['tosa.rescale', rescaleLowering],
  // clamp on its own  =>  nir.eltwise copy at unit scale
  ['tosa.clamp', clampLowering],
  // table  =>  nir.lut over a 256-entry coefficient table
  ['tosa.table', (op, s) => s.addStep({ name: 'nir.lut', inputs: [{ value: op.operand(0), zeroPoint: 0 }, { value: op.operand(1), zeroPoint: 0 }], output: { value: op.result(), zeroPoint: 0 }, props: [], loc: op.loc })],
  // transpose  =>  nir.transpose
  ['tosa.transpose', (op, s) => s.addStep({ name: 'nir.transpose', inputs: [{ value: op.operand(0), zeroPoint: 0 }], output: { value: op.result(), zeroPoint: 0 }, props: [['perms', i64s(i64Array(op, 'perms'))]], loc: op.loc })],
  // pad  =>  nir.fill of the result + nir.dma of the input into its interior
  ['tosa.pad', (op, s) => s.pad(op)],
  // [pad ->] reshape -> transpose -> reshape (space-to-depth)  =>  nir.reshuffle, matched before the walk
  // reshape / slice / identity  =>  views of the operand's buffer (a dma when not contiguous)
  ['tosa.reshape', (op, s) => s.reshape(op)],
  ['tosa.slice', (op, s) => s.slice(op)],
  ['tosa.identity', (op, s) => s.identity(op)],
  // concat  =>  the inputs written into slices of one buffer
  ['tosa.concat', (op, s) => s.concat(op)],
  // constants  =>  nir.constant in the coefficients region, placed when first used
  ['tosa.const', () => {}],
  ['tosa.const_shape', () => {}],
]);

// ---------------------------------------------------------------------------
// Scheduling.

/**
 * A topological order of the steps that keeps live scratch memory low: list
 * scheduling that, among the steps whose inputs are ready, runs the one that
 * grows live memory least (its output's bytes if it starts that storage,
 * minus the storages it is the last reader of), ties in program order. The
 * program order is valid too; this one can only start buffers later and end
 * them sooner. Dependencies: a step after every earlier step that writes
 * what it reads or writes, or reads what it writes (concatenation slices
 * and pad fills share a storage).
 */
function scheduleForMemory(s: SegmentLowering): Step[] {
  const steps = s.steps;
  const n = steps.length;
  const storageOf = (p: Placement): Storage | null => ('id' in p.storage ? p.storage : null);
  const reads = steps.map((st) => st.inputs.map((u) => storageOf(s.placementOf(u.value))).filter((x): x is Storage => x !== null));
  const writes = steps.map((st) => storageOf('value' in st.output ? s.placementOf(st.output.value) : st.output.placement));
  const preds: Set<number>[] = steps.map(() => new Set());
  const writers = new Map<Storage, number[]>();
  const readers = new Map<Storage, number[]>();
  for (let j = 0; j < n; j++) {
    for (const r of reads[j]!) for (const i of writers.get(r) ?? []) preds[j]!.add(i);
    const w = writes[j];
    if (w) {
      for (const i of writers.get(w) ?? []) preds[j]!.add(i);
      for (const i of readers.get(w) ?? []) preds[j]!.add(i);
      writers.set(w, [...(writers.get(w) ?? []), j]);
    }
    for (const r of reads[j]!) readers.set(r, [...(readers.get(r) ?? []), j]);
  }
  const remainingReads = new Map<Storage, number>();
  for (const rs of reads) for (const r of new Set(rs)) remainingReads.set(r, (remainingReads.get(r) ?? 0) + 1);
  const started = new Set<Storage>();
  const order: Step[] = [];
  const waiting = preds.map((p) => p.size);
  const succs: number[][] = steps.map(() => []);
  preds.forEach((p, j) => p.forEach((i) => succs[i]!.push(j)));
  const ready = new Set<number>();
  for (let j = 0; j < n; j++) if (waiting[j] === 0) ready.add(j);
  const growth = (j: number): number => {
    let g = 0;
    const w = writes[j];
    if (w && w.kind === 'scratch' && !started.has(w)) g += w.bytes;
    for (const r of new Set(reads[j]!)) if (r.kind === 'scratch' && remainingReads.get(r) === 1) g -= r.bytes;
    return g;
  };
  while (ready.size) {
    let best = -1;
    let bestGrowth = Infinity;
    for (const j of ready) {
      const g = growth(j);
      if (g < bestGrowth || (g === bestGrowth && j < best)) {
        best = j;
        bestGrowth = g;
      }
    }
    ready.delete(best);
    order.push(steps[best]!);
    const w = writes[best];
    if (w) started.add(w);
    for (const r of new Set(reads[best]!)) remainingReads.set(r, remainingReads.get(r)! - 1);
    for (const k of succs[best]!) if (--waiting[k]! === 0) ready.add(k);
  }
  if (order.length !== n) throw new Error('lower-to-nir: the step dependencies have a cycle');
  // Greedy is not always better: keep the program order when it peaks lower.
  return peakScratch(s, order) < peakScratch(s, steps) ? order : [...steps];
}

/** The largest sum of scratch bytes live at one step of `order` (a storage is live from its first write to its last read). */
function peakScratch(s: SegmentLowering, order: readonly Step[]): number {
  const span = new Map<Storage, [number, number]>();
  const touch = (p: Placement, t: number): void => {
    if (!('id' in p.storage) || p.storage.kind !== 'scratch') return;
    const r = span.get(p.storage);
    span.set(p.storage, r ? [Math.min(r[0], t), Math.max(r[1], t)] : [t, t]);
  };
  order.forEach((st, t) => {
    for (const u of st.inputs) touch(s.placementOf(u.value), t);
    touch('value' in st.output ? s.placementOf(st.output.value) : st.output.placement, t);
  });
  const delta = new Array<number>(order.length + 1).fill(0);
  for (const [st, [a, b]] of span) {
    delta[a]! += st.bytes;
    delta[b + 1]! -= st.bytes;
  }
  let live = 0;
  let peak = 0;
  for (const d of delta) peak = Math.max(peak, (live += d));
  return peak;
}

// ---------------------------------------------------------------------------
// Placement, planning and emission.

const ALIGN = 16;
const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

export interface SegmentMemoryReport {
  readonly name: string;
  readonly scratchBytes: number;
  readonly lowerBound: number;
  readonly ioBytes: number;
  readonly coefficientBytes: number;
  readonly operations: number;
}

function lowerSegment(fn: Operation): SegmentMemoryReport {
  const body = fn.regions[0]!.blocks[0]!;
  const target = fn.attr('npuc.target');
  const caps = target instanceof StringAttr ? lookupTarget(target.value) : undefined;
  const s = new SegmentLowering(fn, body, caps?.featureMaps ?? { layout: 'NHWC', depthMultiple: null });
  s.run();
  s.steps.splice(0, s.steps.length, ...scheduleForMemory(s));
  const ret = body.terminator!;

  // Live ranges: args are written before step 0, returned values read after the last step.
  const storageOf = (v: Value): Storage | null => {
    const st = s.placementOf(v).storage;
    return 'id' in st ? st : null;
  };
  for (const a of body.args) {
    const st = storageOf(a);
    if (st) st.first = -1;
  }
  s.steps.forEach((step, t) => {
    for (const u of step.inputs) {
      const st = storageOf(u.value);
      if (st) st.last = Math.max(st.last, t);
    }
    const out = 'value' in step.output ? s.placementOf(step.output.value).storage : step.output.placement.storage;
    if ('id' in out) out.first = Math.min(out.first, t);
  });
  for (const v of ret.operands) {
    const st = storageOf(v);
    if (st) {
      st.kind = 'io';
      st.last = s.steps.length;
    }
  }

  // io: inputs then outputs, in order; scratch: planned; coefficients: in order of first use.
  let ioSize = 0;
  const ioOffset = new Map<Storage, number>();
  for (const st of s.storages) {
    if (st.kind !== 'io') continue;
    ioSize = alignUp(ioSize, ALIGN);
    ioOffset.set(st, ioSize);
    ioSize += st.bytes;
  }
  // A scratch storage no step touches (an intermediate whose producer and consumer were folded) gets no buffer.
  const scratch = s.storages.filter((st) => st.kind === 'scratch' && st.first !== Infinity);
  const plan = planMemory(
    scratch.map((st) => ({ id: st.id, size: st.bytes, alignment: ALIGN, start: Math.max(0, st.first), end: Math.max(st.first, st.last, 0) })),
  );
  let coefSize = 0;
  for (const c of s.coefficients) {
    coefSize = alignUp(coefSize, ALIGN);
    c.offset = coefSize;
    coefSize += c.bytes;
  }

  // Emit after the old body, then drop the old ops.
  const old = [...body.ops];
  const e = new NirEmitter(body);
  const loc = fn.loc;
  const io = e.region('io', Math.max(ioSize, 1), loc);
  const sc = e.region('scratch', Math.max(plan.arenaSize, 1), loc);
  const coef = e.region('coefficients', Math.max(coefSize, 1), loc);
  for (const st of s.storages) {
    if (st.kind === 'io') st.buffer = e.buffer(io, ioOffset.get(st)!, st.bytes, ALIGN, loc);
    else if (plan.offsets.has(st.id)) st.buffer = e.buffer(sc, plan.offsets.get(st.id)!, st.bytes, ALIGN, loc);
  }
  for (const c of s.coefficients) c.buffer = e.constant(coef, c.offset, ALIGN, c.values, loc);
  const viewOf = (p: Placement, zeroPoint: number, et: Type | undefined, at: Location): Value => {
    const elementType = et ?? p.elementType;
    return e.view(p.storage.buffer!, { offset: p.offset, shape: p.shape, strides: p.layout === 'NHWC' ? p.strides : null, layout: p.layout, elementType, zeroPoint }, elementBytes(elementType), at);
  };
  for (const a of body.args) e.input(a, viewOf(s.placementOf(a), 0, undefined, loc), loc);
  for (const step of s.steps) {
    const views = step.inputs.map((u) => viewOf(s.placementOf(u.value), u.zeroPoint, u.elementType, step.loc));
    const out = 'value' in step.output ? viewOf(s.placementOf(step.output.value), step.output.zeroPoint, step.output.elementType, step.loc) : viewOf(step.output.placement, step.output.zeroPoint, undefined, step.loc);
    e.intrinsic(step.name, [...views, out], step.props, step.loc);
  }
  const results = ret.operands.map((v) => e.output(viewOf(s.placementOf(v), 0, undefined, ret.loc), v.type, ret.loc));
  body.append(new Operation({ name: 'func.return', operands: results, loc: ret.loc }));
  for (const op of old.reverse()) {
    op.dropAllReferences();
    op.erase();
  }
  return {
    name: String((fn.attr('sym_name') as StringAttr).value),
    scratchBytes: plan.arenaSize,
    lowerBound: plan.lowerBound,
    ioBytes: ioSize,
    coefficientBytes: coefSize,
    operations: s.steps.length,
  };
}

/** Whether `fn` is an NPU segment made by `partition`. */
export function isNpuSegment(fn: Operation): boolean {
  const a = fn.attr('npuc.segment');
  return fn.name === 'func.func' && a instanceof StringAttr && a.value === 'npu' && fn.regions[0]?.blocks[0] !== undefined;
}

/** Lowers every NPU segment of `module`; the memory report per segment. */
export function lowerModuleToNir(module: Operation): SegmentMemoryReport[] {
  const reports: SegmentMemoryReport[] = [];
  for (const fn of [...(module.regions[0]?.blocks[0]?.ops ?? [])]) {
    if (!isNpuSegment(fn)) continue;
    try {
      reports.push(lowerSegment(fn));
    } catch (err) {
      if (err instanceof LoweringError) throw new DiagnosticError(new Diagnostic('error', `lower-to-nir: cannot lower '${err.op.name}': ${err.message}`, err.op.loc));
      throw err;
    }
  }
  return reports;
}

export const lowerToNirPass: PassDef = {
  name: 'lower-to-nir',
  summary: 'Lower NPU segments (made by partition) from tosa to nir: intrinsics, buffers, views and planned memory',
  anchor: 'builtin.module',
  statistics: {
    'num-segments': 'NPU segments lowered',
    'num-operations': 'nir intrinsics emitted',
    'scratch-bytes': 'Scratch arena bytes, summed over segments',
    'scratch-lower-bound': 'Largest set of simultaneously live intermediates, bytes, summed over segments',
    'coefficient-bytes': 'Coefficient bytes, summed over segments',
  },
  run(module, ctx) {
    const reports = lowerModuleToNir(module);
    for (const r of reports) {
      ctx.stat('num-segments');
      ctx.stat('num-operations', r.operations);
      ctx.stat('scratch-bytes', r.scratchBytes);
      ctx.stat('scratch-lower-bound', r.lowerBound);
      ctx.stat('coefficient-bytes', r.coefficientBytes);
      ctx.remark(module, `segment @${r.name}: ${r.operations} operations, scratch ${r.scratchBytes} bytes (lower bound ${r.lowerBound}), io ${r.ioBytes} bytes, coefficients ${r.coefficientBytes} bytes`);
    }
    return reports.length > 0;
  },
};
