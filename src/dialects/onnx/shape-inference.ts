// Result type inference for the `onnx` dialect, following the ONNX operator
// specification's shape rules. Used twice: by the importer, for values the model
// gives no type for, and by each op's verifier, which checks that the declared
// result types agree with what the operands and attributes imply.
//
// Inference is deliberately partial: it returns null for a result it cannot
// decide (e.g. Reshape with a non-constant shape) and throws InferenceError only
// for inputs that can have no valid result (mismatched broadcast, wrong rank).

import { DenseElementsAttr, DenseResourceAttr } from '../../ir/attributes.js';
import { DYNAMIC, IntegerType, RankedTensorType, i32, i64, type Type } from '../../ir/types.js';

export class InferenceError extends Error {}

/** What an inference rule may ask about the op it infers. */
export interface InferenceContext {
  /** Type of the named input, or null when the (optional) input is absent. */
  input(name: string): Type | null;
  /** Types of a variadic input. */
  variadic(name: string): Type[];
  /** The value of the named input when it is an `onnx.Constant`, else null. */
  constant(name: string): DenseElementsAttr | null;
  /** Attribute values, with the op's ONNX defaults applied; null when absent without default. */
  int(name: string): number | null;
  ints(name: string): number[] | null;
  float(name: string): number | null;
  string(name: string): string | null;
  /** Number of results the op has (optional outputs may be absent). */
  readonly numResults: number;
}

export type InferenceRule = (ctx: InferenceContext) => (Type | null)[];

const ui8 = IntegerType.get(8, 'unsigned');

export function ranked(t: Type | null): RankedTensorType | null {
  return t instanceof RankedTensorType ? t : null;
}

export function dense(a: DenseElementsAttr | DenseResourceAttr | null | undefined): DenseElementsAttr | null {
  if (!a) return null;
  if (a instanceof DenseElementsAttr) return a;
  return a.handle.data ? a.toDense() : null;
}

/** Integer values of a constant (null if any is not a safe integer). */
export function constInts(a: DenseElementsAttr | null): number[] | null {
  if (!a || !(a.elementType instanceof IntegerType)) return null;
  const n = a.numElements;
  if (n > 1 << 16) return null;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = a.getInt(i);
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) return null;
    out.push(Number(v));
  }
  return out;
}

export function constFloats(a: DenseElementsAttr | null): number[] | null {
  if (!a || a.numElements > 1 << 16) return null;
  const out: number[] = [];
  for (let i = 0; i < a.numElements; i++) out.push(a.getFloat(i));
  return out;
}

function tensorOf(shape: readonly number[], et: Type): RankedTensorType {
  return RankedTensorType.get(shape, et);
}

function elementOf(t: Type | null): Type | null {
  return t && 'elementType' in t ? (t.elementType as Type) : null;
}

/** Normalizes a possibly negative axis; throws when out of range. */
export function normalizeAxis(axis: number, rank: number, what = 'axis'): number {
  if (axis < -rank || axis >= rank) throw new InferenceError(`${what} ${axis} is out of range for rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}

/** Numpy-style (ONNX multidirectional) broadcasting of static or dynamic shapes. */
export function broadcastShapes(shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    const off = rank - s.length;
    s.forEach((d, i) => {
      const cur = out[off + i]!;
      if (d === 1) return;
      if (cur === 1) out[off + i] = d;
      else if (d === DYNAMIC) return;
      else if (cur === DYNAMIC) out[off + i] = d;
      else if (cur !== d) throw new InferenceError(`shapes [${shapes.map((x) => x.join('x')).join('], [')}] do not broadcast`);
    });
  }
  return out;
}

/** The result has the type of the named input. */
export function sameAs(name: string): InferenceRule {
  return (ctx) => [ctx.input(name)];
}

/** Elementwise op over broadcast inputs; the element type of `etFrom` (default: first). */
export function broadcastOf(names: readonly string[], et?: (ctx: InferenceContext) => Type | null): InferenceRule {
  return (ctx) => {
    const ts = names.map((n) => ctx.input(n));
    const elem = et ? et(ctx) : elementOf(ts[0] ?? null);
    const rs = ts.map(ranked);
    if (!elem || rs.some((r) => !r)) return [null];
    return [tensorOf(broadcastShapes(rs.map((r) => r!.shape)), elem)];
  };
}

export function broadcastVariadic(name: string): InferenceRule {
  return (ctx) => {
    const ts = ctx.variadic(name).map(ranked);
    if (ts.length === 0 || ts.some((r) => !r)) return [null];
    return [tensorOf(broadcastShapes(ts.map((r) => r!.shape)), ts[0]!.elementType)];
  };
}

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

/** Spatial geometry shared by convolutions and pools. */
interface Window {
  kernel: number[];
  strides: number[];
  dilations: number[];
  pads: number[];
  autoPad: string;
}

function windowOf(ctx: InferenceContext, spatial: number, kernel: number[]): Window {
  const strides = ctx.ints('strides') ?? new Array<number>(spatial).fill(1);
  const dilations = ctx.ints('dilations') ?? new Array<number>(spatial).fill(1);
  const pads = ctx.ints('pads') ?? new Array<number>(2 * spatial).fill(0);
  if (kernel.length !== spatial) throw new InferenceError(`kernel_shape has ${kernel.length} dimensions, the input has ${spatial} spatial dimensions`);
  if (strides.length !== spatial) throw new InferenceError(`strides has ${strides.length} values, expected ${spatial}`);
  if (dilations.length !== spatial) throw new InferenceError(`dilations has ${dilations.length} values, expected ${spatial}`);
  if (pads.length !== 2 * spatial) throw new InferenceError(`pads has ${pads.length} values, expected ${2 * spatial}`);
  if (strides.some((s) => s < 1)) throw new InferenceError('strides must be positive');
  if (dilations.some((s) => s < 1)) throw new InferenceError('dilations must be positive');
  if (pads.some((p) => p < 0)) throw new InferenceError('pads must not be negative');
  if (kernel.some((k) => k < 1 && k !== DYNAMIC)) throw new InferenceError('kernel_shape must be positive');
  return { kernel, strides, dilations, pads, autoPad: ctx.string('auto_pad') ?? 'NOTSET' };
}

function windowOutput(w: Window, input: readonly number[], ceilMode: boolean): number[] {
  return input.map((inp, i) => {
    const k = w.kernel[i]!;
    if (inp === DYNAMIC || k === DYNAMIC) return DYNAMIC;
    const s = w.strides[i]!;
    const ek = (k - 1) * w.dilations[i]! + 1;
    if (w.autoPad === 'SAME_UPPER' || w.autoPad === 'SAME_LOWER') return ceilDiv(inp, s);
    if (w.autoPad === 'VALID') {
      const o = ceilDiv(inp - ek + 1, s);
      if (o < 1) throw new InferenceError(`window of ${ek} does not fit input dimension ${inp}`);
      return o;
    }
    if (w.autoPad !== 'NOTSET') throw new InferenceError(`unknown auto_pad '${w.autoPad}'`);
    const pb = w.pads[i]!;
    const padded = inp + pb + w.pads[i + input.length]!;
    if (padded < ek) throw new InferenceError(`window of ${ek} does not fit padded input dimension ${padded}`);
    if (!ceilMode) return Math.floor((padded - ek) / s) + 1;
    let o = ceilDiv(padded - ek, s) + 1;
    // As ONNX (since the ceil_mode fix) and PyTorch: the last window must start inside the input or the begin padding.
    if ((o - 1) * s >= inp + pb) o--;
    return o;
  });
}

/** Conv, ConvInteger, QLinearConv: `[N, M, ...spatial]`. */
export function convRule(xName: string, wName: string, et: (ctx: InferenceContext) => Type | null): InferenceRule {
  return (ctx) => {
    const x = ranked(ctx.input(xName));
    const w = ranked(ctx.input(wName));
    const elem = et(ctx);
    if (!x || !w || !elem) return [null];
    if (x.rank < 3) throw new InferenceError(`input must have rank 3 or more, got ${x.rank}`);
    if (w.rank !== x.rank) throw new InferenceError(`weight rank ${w.rank} differs from input rank ${x.rank}`);
    const group = ctx.int('group') ?? 1;
    if (group < 1) throw new InferenceError(`group must be positive, got ${group}`);
    const c = x.shape[1]!;
    const wc = w.shape[1]!;
    if (c !== DYNAMIC && wc !== DYNAMIC && c !== wc * group) {
      throw new InferenceError(`input has ${c} channels, weight expects ${wc} x group ${group}`);
    }
    const m = w.shape[0]!;
    if (m !== DYNAMIC && m % group !== 0) throw new InferenceError(`${m} output channels are not divisible by group ${group}`);
    const spatial = x.rank - 2;
    const kernel = ctx.ints('kernel_shape') ?? w.shape.slice(2);
    const win = windowOf(ctx, spatial, kernel);
    return [tensorOf([x.shape[0]!, m, ...windowOutput(win, x.shape.slice(2), false)], elem)];
  };
}

export const convTransposeRule: InferenceRule = (ctx) => {
  const x = ranked(ctx.input('X'));
  const w = ranked(ctx.input('W'));
  if (!x || !w) return [null];
  if (x.rank < 3 || w.rank !== x.rank) throw new InferenceError(`input rank ${x.rank} and weight rank ${w.rank} must be equal and at least 3`);
  const group = ctx.int('group') ?? 1;
  const spatial = x.rank - 2;
  const m = w.shape[1] === DYNAMIC ? DYNAMIC : w.shape[1]! * group;
  const kernel = ctx.ints('kernel_shape') ?? w.shape.slice(2);
  const win = windowOf(ctx, spatial, kernel);
  const outShape = ctx.ints('output_shape');
  if (outShape) {
    const sp = outShape.length === spatial + 2 ? outShape.slice(2) : outShape;
    if (sp.length !== spatial) throw new InferenceError(`output_shape has ${outShape.length} values, expected ${spatial}`);
    return [tensorOf([x.shape[0]!, m, ...sp], x.elementType)];
  }
  const outPad = ctx.ints('output_padding') ?? new Array<number>(spatial).fill(0);
  const dims = x.shape.slice(2).map((inp, i) => {
    const k = win.kernel[i]!;
    if (inp === DYNAMIC || k === DYNAMIC) return DYNAMIC;
    const s = win.strides[i]!;
    if (win.autoPad === 'SAME_UPPER' || win.autoPad === 'SAME_LOWER') return inp * s;
    const ek = (k - 1) * win.dilations[i]! + 1;
    const o = s * (inp - 1) + (outPad[i] ?? 0) + ek - win.pads[i]! - win.pads[i + spatial]!;
    if (o < 1) throw new InferenceError(`output dimension ${i} would be ${o}`);
    return o;
  });
  return [tensorOf([x.shape[0]!, m, ...dims], x.elementType)];
};

/** MaxPool and AveragePool (MaxPool's optional Indices output is i64). */
export const poolRule: InferenceRule = (ctx) => {
  const x = ranked(ctx.input('X'));
  if (!x) return [null, null];
  if (x.rank < 3) throw new InferenceError(`input must have rank 3 or more, got ${x.rank}`);
  const kernel = ctx.ints('kernel_shape');
  if (!kernel) throw new InferenceError("requires attribute 'kernel_shape'");
  const win = windowOf(ctx, x.rank - 2, kernel);
  const shape = [x.shape[0]!, x.shape[1]!, ...windowOutput(win, x.shape.slice(2), (ctx.int('ceil_mode') ?? 0) !== 0)];
  return [tensorOf(shape, x.elementType), tensorOf(shape, i64)];
};

export function globalPoolRule(name: string, channelsLastAttr = false): InferenceRule {
  return (ctx) => {
    const x = ranked(ctx.input(name));
    if (!x) return [null];
    if (x.rank < 3) throw new InferenceError(`input must have rank 3 or more, got ${x.rank}`);
    if (channelsLastAttr && (ctx.int('channels_last') ?? 0) !== 0) {
      return [tensorOf([x.shape[0]!, ...x.shape.slice(1, -1).map(() => 1), x.shape[x.rank - 1]!], x.elementType)];
    }
    return [tensorOf([x.shape[0]!, x.shape[1]!, ...x.shape.slice(2).map(() => 1)], x.elementType)];
  };
}

/** numpy.matmul shapes. */
export function matmulShape(a: readonly number[], b: readonly number[]): number[] {
  if (a.length === 0 || b.length === 0) throw new InferenceError('matmul operands must not be scalars');
  const a2 = a.length === 1 ? [1, a[0]!] : a;
  const b2 = b.length === 1 ? [b[0]!, 1] : b;
  const k1 = a2[a2.length - 1]!;
  const k2 = b2[b2.length - 2]!;
  if (k1 !== DYNAMIC && k2 !== DYNAMIC && k1 !== k2) throw new InferenceError(`inner dimensions ${k1} and ${k2} differ`);
  const batch = broadcastShapes([a2.slice(0, -2), b2.slice(0, -2)]);
  const out = [...batch];
  if (a.length !== 1) out.push(a2[a2.length - 2]!);
  if (b.length !== 1) out.push(b2[b2.length - 1]!);
  return out;
}

export function matmulRule(aName: string, bName: string, et: (ctx: InferenceContext) => Type | null): InferenceRule {
  return (ctx) => {
    const a = ranked(ctx.input(aName));
    const b = ranked(ctx.input(bName));
    const elem = et(ctx);
    if (!a || !b || !elem) return [null];
    return [tensorOf(matmulShape(a.shape, b.shape), elem)];
  };
}

export const gemmRule: InferenceRule = (ctx) => {
  const a = ranked(ctx.input('A'));
  const b = ranked(ctx.input('B'));
  if (!a || !b) return [null];
  if (a.rank !== 2 || b.rank !== 2) throw new InferenceError(`A and B must be 2-D, got ranks ${a.rank} and ${b.rank}`);
  const [m, k1] = ctx.int('transA') ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
  const [k2, n] = ctx.int('transB') ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
  if (k1 !== DYNAMIC && k2 !== DYNAMIC && k1 !== k2) throw new InferenceError(`inner dimensions ${k1} and ${k2} differ`);
  const c = ranked(ctx.input('C'));
  if (c) broadcastShapes([[m, n], c.shape]);
  return [tensorOf([m, n], a.elementType)];
};

export const concatRule = (name: string, stride = 1, offset = 0, et?: (ctx: InferenceContext) => Type | null): InferenceRule => (ctx) => {
  const all = ctx.variadic(name);
  const ts = all.filter((_, i) => i >= offset && (i - offset) % stride === 0).map(ranked);
  if (ts.length === 0) throw new InferenceError('needs at least one input');
  if (ts.some((t) => !t)) return [null];
  const first = ts[0]!;
  const axis = normalizeAxis(ctx.int('axis') ?? 0, first.rank);
  const shape = [...first.shape];
  shape[axis] = 0;
  for (const t of ts) {
    if (t!.rank !== first.rank) throw new InferenceError(`inputs have ranks ${first.rank} and ${t!.rank}`);
    t!.shape.forEach((d, i) => {
      if (i === axis) shape[i] = shape[i] === DYNAMIC || d === DYNAMIC ? DYNAMIC : shape[i]! + d;
      else if (shape[i] === DYNAMIC) shape[i] = d;
      else if (d !== DYNAMIC && d !== shape[i]) throw new InferenceError(`dimension ${i} differs between inputs (${shape[i]} vs ${d})`);
    });
  }
  return [tensorOf(shape, et ? (et(ctx) ?? first.elementType) : first.elementType)];
};

export const reshapeRule: InferenceRule = (ctx) => {
  const x = ranked(ctx.input('data'));
  const target = constInts(ctx.constant('shape'));
  if (!x || !target) return [null];
  const allowZero = (ctx.int('allowzero') ?? 0) !== 0;
  const out = target.map((d, i) => (d === 0 && !allowZero ? (i < x.rank ? x.shape[i]! : NaN) : d));
  if (out.some((d) => Number.isNaN(d))) throw new InferenceError('shape copies a dimension the input does not have');
  const minus = out.filter((d) => d === -1).length;
  if (minus > 1) throw new InferenceError('shape has more than one -1');
  if (out.some((d) => d < -1)) throw new InferenceError(`invalid shape [${target.join(', ')}]`);
  if (!x.hasStaticShape) return [minus ? null : tensorOf(out, x.elementType)];
  const total = x.numElements;
  if (minus) {
    const known = out.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    if (known === 0 || total % known !== 0) throw new InferenceError(`cannot reshape ${total} elements to [${target.join(', ')}]`);
    out[out.indexOf(-1)] = total / known;
  }
  if (out.reduce((a, b) => a * b, 1) !== total) throw new InferenceError(`cannot reshape ${total} elements to [${target.join(', ')}]`);
  return [tensorOf(out, x.elementType)];
};

export const flattenRule: InferenceRule = (ctx) => {
  const x = ranked(ctx.input('input'));
  if (!x) return [null];
  const a = ctx.int('axis') ?? 1;
  if (a < -x.rank || a > x.rank) throw new InferenceError(`axis ${a} is out of range for rank ${x.rank}`);
  const axis = a < 0 ? a + x.rank : a;
  const prod = (ds: readonly number[]): number => (ds.includes(DYNAMIC) ? DYNAMIC : ds.reduce((p, d) => p * d, 1));
  return [tensorOf([prod(x.shape.slice(0, axis)), prod(x.shape.slice(axis))], x.elementType)];
};

export const squeezeRule: InferenceRule = (ctx) => {
  const x = ranked(ctx.input('data'));
  if (!x) return [null];
  const axesT = ctx.input('axes');
  const axes = constInts(ctx.constant('axes'));
  if (axesT && !axes) return [null];
  if (!axes) {
    if (!x.hasStaticShape) return [null];
    return [tensorOf(x.shape.filter((d) => d !== 1), x.elementType)];
  }
  const norm = axes.map((a) => normalizeAxis(a, x.rank));
  for (const a of norm) if (x.shape[a] !== 1 && x.shape[a] !== DYNAMIC) throw new InferenceError(`cannot squeeze dimension ${a} of size ${x.shape[a]}`);
  return [tensorOf(x.shape.filter((_, i) => !norm.includes(i)), x.elementType)];
};

export const unsqueezeRule: InferenceRule = (ctx) => {
  const x = ranked(ctx.input('data'));
  const axes = constInts(ctx.constant('axes'));
  if (!x || !axes) return [null];
  const rank = x.rank + axes.length;
  const norm = axes.map((a) => normalizeAxis(a, rank));
  if (new Set(norm).size !== norm.length) throw new InferenceError('axes contains duplicates');
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < rank; i++) out.push(norm.includes(i) ? 1 : x.shape[j++]!);
  return [tensorOf(out, x.elementType)];
};

export const transposeRule: InferenceRule = (ctx) => {
  const x = ranked(ctx.input('data'));
  if (!x) return [null];
  const perm = ctx.ints('perm') ?? x.shape.map((_, i) => x.rank - 1 - i);
  if (perm.length !== x.rank || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) {
    throw new InferenceError(`perm [${perm.join(', ')}] is not a permutation of ${x.rank} dimensions`);
  }
  return [tensorOf(perm.map((p) => x.shape[p]!), x.elementType)];
};

export const padRule: InferenceRule = (ctx) => {
  const x = ranked(ctx.input('data'));
  const pads = constInts(ctx.constant('pads'));
  if (!x || !pads) return [null];
  let axes = x.shape.map((_, i) => i);
  if (ctx.input('axes')) {
    const a = constInts(ctx.constant('axes'));
    if (!a) return [null];
    axes = a.map((v) => normalizeAxis(v, x.rank));
  }
  if (pads.length !== 2 * axes.length) throw new InferenceError(`pads has ${pads.length} values, expected ${2 * axes.length}`);
  const out = [...x.shape];
  axes.forEach((a, i) => {
    if (out[a] === DYNAMIC) return;
    out[a] = out[a]! + pads[i]! + pads[i + axes.length]!;
    if (out[a]! < 0) throw new InferenceError(`padding makes dimension ${a} negative`);
  });
  return [tensorOf(out, x.elementType)];
};

export const resizeRule: InferenceRule = (ctx) => {
  const x = ranked(ctx.input('X'));
  if (!x) return [null];
  const axes = (ctx.ints('axes') ?? x.shape.map((_, i) => i)).map((a) => normalizeAxis(a, x.rank));
  const out = [...x.shape];
  if (ctx.input('sizes')) {
    const sizes = constInts(ctx.constant('sizes'));
    if (!sizes) return [null];
    if (sizes.length !== axes.length) throw new InferenceError(`sizes has ${sizes.length} values, expected ${axes.length}`);
    if ((ctx.string('keep_aspect_ratio_policy') ?? 'stretch') !== 'stretch') return [null];
    axes.forEach((a, i) => (out[a] = sizes[i]!));
    return [tensorOf(out, x.elementType)];
  }
  const scales = constFloats(ctx.constant('scales'));
  if (!scales) return [null];
  if (scales.length !== axes.length) throw new InferenceError(`scales has ${scales.length} values, expected ${axes.length}`);
  axes.forEach((a, i) => {
    if (out[a] !== DYNAMIC) out[a] = Math.floor(out[a]! * scales[i]!);
  });
  return [tensorOf(out, x.elementType)];
};

export function reduceRule(): InferenceRule {
  return (ctx) => {
    const x = ranked(ctx.input('data'));
    if (!x) return [null];
    const keep = (ctx.int('keepdims') ?? 1) !== 0;
    let axes: number[];
    if (ctx.input('axes')) {
      const a = constInts(ctx.constant('axes'));
      if (!a) return [null];
      axes = a;
    } else {
      axes = [];
    }
    if (axes.length === 0) {
      if ((ctx.int('noop_with_empty_axes') ?? 0) !== 0) return [x];
      axes = x.shape.map((_, i) => i);
    }
    const norm = axes.map((a) => normalizeAxis(a, x.rank));
    const out: number[] = [];
    x.shape.forEach((d, i) => {
      if (!norm.includes(i)) out.push(d);
      else if (keep) out.push(1);
    });
    return [tensorOf(out, x.elementType)];
  };
}

export const shapeRule: InferenceRule = (ctx) => {
  const x = ranked(ctx.input('data'));
  if (!x) return [null];
  const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + x.rank : v, 0), x.rank);
  const start = clamp(ctx.int('start') ?? 0);
  const endAttr = ctx.int('end');
  const end = endAttr === null ? x.rank : clamp(endAttr);
  return [tensorOf([Math.max(0, end - start)], i64)];
};

/** QuantizeLinear: the zero point's type, else `output_dtype`, else uint8. */
export function quantizeRule(outputDtypeToType: (code: number) => Type | null): InferenceRule {
  return (ctx) => {
    const x = ranked(ctx.input('x'));
    if (!x) return [null];
    const zp = elementOf(ctx.input('y_zero_point'));
    const code = ctx.int('output_dtype') ?? 0;
    const et = zp ?? (code ? outputDtypeToType(code) : ui8);
    return [et ? tensorOf(x.shape, et) : null];
  };
}

export const dequantizeRule: InferenceRule = (ctx) => {
  const x = ranked(ctx.input('x'));
  const et = elementOf(ctx.input('x_scale'));
  if (!x || !et) return [null];
  return [tensorOf(x.shape, et)];
};

export const batchNormRule: InferenceRule = (ctx) => {
  const x = ranked(ctx.input('X'));
  const scale = ctx.input('scale');
  return [x, scale, scale];
};

export const int32Of = (): Type => i32;
export const elementTypeOfInput = (name: string) => (ctx: InferenceContext): Type | null => elementOf(ctx.input(name));

/** Whether `actual` is compatible with `inferred`: same element type and rank, equal static dims. */
export function compatible(actual: Type, inferred: Type): boolean {
  if (actual === inferred) return true;
  const a = ranked(actual);
  const b = ranked(inferred);
  if (!a || !b) return elementOf(actual) === elementOf(inferred) || elementOf(actual) === null;
  if (a.elementType !== b.elementType || a.rank !== b.rank) return false;
  return a.shape.every((d, i) => d === DYNAMIC || b.shape[i] === DYNAMIC || d === b.shape[i]);
}

/** `declared` with its dynamic dimensions filled in from `inferred` (which must be compatible). */
export function refine(declared: Type | null, inferred: Type | null): Type | null {
  if (!declared) return inferred;
  const a = ranked(declared);
  const b = inferred ? ranked(inferred) : null;
  if (!a) return b && elementOf(declared) === b.elementType ? b : declared;
  if (!b || a.hasStaticShape) return a;
  return tensorOf(a.shape.map((d, i) => (d === DYNAMIC ? b.shape[i]! : d)), a.elementType);
}
