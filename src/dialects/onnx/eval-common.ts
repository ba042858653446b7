// Shared helpers for the onnx dialect's reference evaluators: operand access
// by ONNX input name, attributes with ONNX defaults, conversions between typed
// arrays and plain numbers, broadcasting and rounding.

import { DenseArrayAttr, FloatAttr, IntegerAttr, StringAttr } from '../../ir/attributes.js';
import type { Operation } from '../../ir/operation.js';
import { Tensor, broadcastIndex, stridesOf } from '../../ir/tensor.js';
import { FloatType, IntegerType, RankedTensorType, type Type } from '../../ir/types.js';
import { groupOnnxOperands, onnxAttr } from './ops.js';

export type EvalFn = (op: Operation, operands: readonly unknown[]) => unknown[];

/** Operand values by ONNX input name. */
export class Inputs {
  private readonly groups: Map<string, unknown[]>;
  constructor(op: Operation, operands: readonly unknown[]) {
    this.groups = groupOnnxOperands(op, operands);
  }
  get(name: string): Tensor {
    const t = this.opt(name);
    if (!t) throw new Error(`missing input '${name}'`);
    return t;
  }
  opt(name: string): Tensor | null {
    const v = this.groups.get(name)?.[0];
    if (v === undefined || v === null) return null;
    if (!(v instanceof Tensor)) throw new Error(`input '${name}' is not a tensor`);
    return v;
  }
  all(name: string): Tensor[] {
    return (this.groups.get(name) ?? []).map((v) => {
      if (!(v instanceof Tensor)) throw new Error(`input '${name}' is not a tensor`);
      return v;
    });
  }
}

export function intAttr(op: Operation, name: string): number | undefined {
  const a = onnxAttr(op, name);
  return a instanceof IntegerAttr ? Number(a.value) : undefined;
}
export function floatAttr(op: Operation, name: string): number | undefined {
  const a = onnxAttr(op, name);
  return a instanceof FloatAttr ? a.value : undefined;
}
export function intsAttr(op: Operation, name: string): number[] | undefined {
  const a = onnxAttr(op, name);
  return a instanceof DenseArrayAttr ? a.values.map(Number) : undefined;
}
export function strAttr(op: Operation, name: string): string | undefined {
  const a = onnxAttr(op, name);
  return a instanceof StringAttr ? a.value : undefined;
}

/** The static type of result `i`. */
export function resultType(op: Operation, i = 0): RankedTensorType {
  const t = op.results[i]!.type;
  if (!(t instanceof RankedTensorType)) throw new Error(`result #${i} has no static shape`);
  return t;
}

/** The elements of `t` as doubles (int64 converted; exact up to 2^53). */
export function numbers(t: Tensor): Float64Array {
  const d = t.data;
  if (d instanceof Float64Array) return d;
  const out = new Float64Array(t.size);
  if (d instanceof BigInt64Array || d instanceof BigUint64Array) {
    for (let i = 0; i < out.length; i++) out[i] = Number(d[i]!);
  } else {
    out.set(d);
  }
  return out;
}

/** A tensor of element type `et` holding `values` (stored as the type's typed array). */
export function tensorOf(shape: readonly number[], et: Type, values: ArrayLike<number>): Tensor {
  const t = Tensor.zeros(shape, et);
  const d = t.data;
  if (d instanceof BigInt64Array || d instanceof BigUint64Array) {
    for (let i = 0; i < values.length; i++) d[i] = BigInt(values[i]!);
  } else {
    (d as Float64Array).set(values);
  }
  return t;
}

export function isFloat(t: Type): boolean {
  return t instanceof FloatType;
}

/** Inclusive value range of an integer element type. */
export function intRangeOf(t: Type): [number, number] {
  if (!(t instanceof IntegerType)) throw new Error(`${t} is not an integer type`);
  const w = t.width;
  return t.isUnsigned ? [0, 2 ** w - 1] : [-(2 ** (w - 1)), 2 ** (w - 1) - 1];
}

/** Round half to even (numpy.rint). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  // Math.round rounds ties up; move ties with an odd result back down.
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function clampTo(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}


export function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new Error(`axis ${axis} is out of range for rank ${rank}`);
  return a;
}

// Strides and numpy broadcasting are shared with the tosa evaluator.
export { broadcastIndex, stridesOf };

/** numpy's broadcast shape of two shapes. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const r = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let k = 0; k < r; k++) {
    const x = a[k - (r - a.length)] ?? 1;
    const y = b[k - (r - b.length)] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new Error(`shapes [${a}] and [${b}] do not broadcast`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

/**
 * Per-element parameter for per-tensor or per-axis quantization: a function
 * from flat element index to the index into the (1-D) parameter tensor.
 */
export function perAxisIndex(shape: readonly number[], param: Tensor, axisAttr: number): (i: number) => number {
  if (param.size === 1) return () => 0;
  if (param.shape.length !== 1) throw new Error('blocked quantization is not supported');
  const axis = normAxis(axisAttr, shape.length);
  if (param.size !== shape[axis]) throw new Error(`per-axis parameter has ${param.size} elements, axis ${axis} has ${shape[axis]}`);
  const inner = stridesOf(shape)[axis]!;
  const dim = shape[axis]!;
  return (i) => Math.floor(i / inner) % dim;
}
