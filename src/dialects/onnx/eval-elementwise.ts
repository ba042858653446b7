// Reference semantics of the onnx dialect's elementwise, quantization and
// data-movement ops (ONNX operator specification; float results are float32,
// as ONNX's numpy reference computes them).

import type { Operation } from '../../ir/operation.js';
import { DenseElementsAttr, DenseResourceAttr } from '../../ir/attributes.js';
import { Tensor } from '../../ir/tensor.js';
import {
  Inputs,
  broadcastIndex,
  broadcastShapes,
  clampTo,
  intAttr,
  intRangeOf,
  intsAttr,
  isFloat,
  normAxis,
  numbers,
  perAxisIndex,
  resultType,
  roundHalfEven,
  stridesOf,
  tensorOf,
  type EvalFn,
} from './eval-common.js';

const f = Math.fround;

export const evalConstant: EvalFn = (op) => {
  const v = op.attr('value');
  if (!(v instanceof DenseElementsAttr || v instanceof DenseResourceAttr)) throw new Error('Constant has no dense value');
  return [Tensor.fromAttr(v)];
};

export const evalIdentity: EvalFn = (op, operands) => [new Inputs(op, operands).get('input')];

function binaryEval(fn: (a: number, b: number) => number): EvalFn {
  return (op, operands) => {
    const ins = new Inputs(op, operands);
    const A = ins.get('A');
    const B = ins.get('B');
    const shape = broadcastShapes(A.shape, B.shape);
    const et = resultType(op).elementType;
    const ia = broadcastIndex(A.shape, shape);
    const ib = broadcastIndex(B.shape, shape);
    const a = numbers(A);
    const b = numbers(B);
    const out = new Float64Array(ia.length);
    const float = isFloat(et);
    for (let i = 0; i < out.length; i++) {
      const r = fn(a[ia[i]!]!, b[ib[i]!]!);
      out[i] = float ? f(r) : r;
    }
    // Integer results wrap modulo 2^width (numpy's fixed-width arithmetic) when stored.
    return [tensorOf(shape, et, out)];
  };
}

export const evalAdd = binaryEval((a, b) => a + b);
export const evalSub = binaryEval((a, b) => a - b);
export const evalMul = binaryEval((a, b) => a * b);

export const evalRelu: EvalFn = (op, operands) => {
  const X = new Inputs(op, operands).get('X');
  const x = numbers(X);
  return [tensorOf(X.shape, X.elementType, x.map((v) => (v > 0 ? v : 0)))];
};

export const evalClip: EvalFn = (op, operands) => {
  const ins = new Inputs(op, operands);
  const X = ins.get('input');
  const mn = ins.opt('min');
  const mx = ins.opt('max');
  const lo = mn ? numbers(mn)[0]! : -Infinity;
  const hi = mx ? numbers(mx)[0]! : Infinity;
  // numpy.clip(x, min, max) = minimum(maximum(x, min), max).
  const x = numbers(X).map((v) => Math.min(Math.max(v, lo), hi));
  return [tensorOf(X.shape, X.elementType, x)];
};

/**
 * The operands of QuantizeLinear/DequantizeLinear: the input, and its scale and
 * zero point (per-tensor or along `axis`) with an index function mapping each
 * input element to its parameter.
 */
function quantizationParams(op: Operation, operands: readonly unknown[], scale: string, zeroPoint: string) {
  const ins = new Inputs(op, operands);
  const X = ins.get('x');
  const S = ins.get(scale);
  const Z = ins.opt(zeroPoint);
  if ((intAttr(op, 'block_size') ?? 0) !== 0) throw new Error('blocked quantization is not supported');
  const axis = intAttr(op, 'axis') ?? 1;
  return {
    X,
    x: numbers(X),
    s: numbers(S),
    z: Z ? numbers(Z) : new Float64Array(1),
    si: perAxisIndex(X.shape, S, axis),
    zi: Z ? perAxisIndex(X.shape, Z, axis) : () => 0,
  };
}

export const evalQuantizeLinear: EvalFn = (op, operands) => {
  const { X, x, s, z, si, zi } = quantizationParams(op, operands, 'y_scale', 'y_zero_point');
  const et = resultType(op).elementType;
  const [lo, hi] = intRangeOf(et);
  const out = new Float64Array(X.size);
  for (let i = 0; i < out.length; i++) {
    // y = saturate(rint(x / y_scale) + y_zero_point); the division is float32.
    const q = roundHalfEven(f(x[i]! / s[si(i)]!)) + z[zi(i)]!;
    out[i] = Number.isNaN(q) ? 0 : clampTo(q, lo, hi);
  }
  return [tensorOf(X.shape, et, out)];
};

export const evalDequantizeLinear: EvalFn = (op, operands) => {
  const { X, x, s, z, si, zi } = quantizationParams(op, operands, 'x_scale', 'x_zero_point');
  const out = new Float64Array(X.size);
  // y = (float32(x) - float32(x_zero_point)) * x_scale, in float32.
  for (let i = 0; i < out.length; i++) out[i] = f(f(f(x[i]!) - f(z[zi(i)]!)) * s[si(i)]!);
  return [tensorOf(X.shape, resultType(op).elementType, out)];
};

/** Copies the data of `t` into a tensor of the result's static shape (Reshape, Flatten). */
const reshapeTo =
  (input: string): EvalFn =>
  (op, operands) => {
    const X = new Inputs(op, operands).get(input);
    const shape = resultType(op).shape;
    return [new Tensor(shape, X.elementType, X.data.slice())];
  };

export const evalReshape = reshapeTo('data');
export const evalFlatten = reshapeTo('input');

export const evalTranspose: EvalFn = (op, operands) => {
  const X = new Inputs(op, operands).get('data');
  const r = X.shape.length;
  const perm = intsAttr(op, 'perm') ?? [...Array(r).keys()].reverse();
  const outShape = perm.map((p) => X.shape[p]!);
  const inStr = stridesOf(X.shape);
  const eff = perm.map((p) => inStr[p]!);
  const out = new (X.data.constructor as new (n: number) => typeof X.data)(X.size);
  const pos = new Array<number>(r).fill(0);
  let cur = 0;
  const src = X.data as ArrayLike<number | bigint>;
  const dst = out as unknown as { [i: number]: number | bigint };
  for (let i = 0; i < X.size; i++) {
    dst[i] = src[cur]!;
    for (let k = r - 1; k >= 0; k--) {
      pos[k]!++;
      cur += eff[k]!;
      if (pos[k]! < outShape[k]!) break;
      cur -= eff[k]! * outShape[k]!;
      pos[k] = 0;
    }
  }
  return [new Tensor(outShape, X.elementType, out)];
};

export const evalConcat: EvalFn = (op, operands) => {
  const xs = new Inputs(op, operands).all('inputs');
  const first = xs[0]!;
  const axis = normAxis(intAttr(op, 'axis')!, first.shape.length);
  const outShape = [...first.shape];
  outShape[axis] = xs.reduce((a, t) => a + t.shape[axis]!, 0);
  const outer = first.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = first.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out = Tensor.zeros(outShape, first.elementType);
  const dst = out.data as unknown as { [i: number]: number | bigint };
  const rowOut = outShape[axis]! * inner;
  let offset = 0;
  for (const t of xs) {
    const row = t.shape[axis]! * inner;
    const src = t.data as ArrayLike<number | bigint>;
    for (let o = 0; o < outer; o++) for (let j = 0; j < row; j++) dst[o * rowOut + offset + j] = src[o * row + j]!;
    offset += row;
  }
  return [out];
};

export const evalSoftmax: EvalFn = (op, operands) => {
  const X = new Inputs(op, operands).get('input');
  const axis = normAxis(intAttr(op, 'axis') ?? -1, X.shape.length);
  const n = X.shape[axis]!;
  const inner = stridesOf(X.shape)[axis]!;
  const outer = X.size / (n * inner);
  const x = numbers(X);
  const out = new Float64Array(X.size);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      let mx = -Infinity;
      for (let k = 0; k < n; k++) mx = Math.max(mx, x[base + k * inner]!);
      let sum = 0;
      for (let k = 0; k < n; k++) {
        const e = f(Math.exp(f(x[base + k * inner]! - mx)));
        out[base + k * inner] = e;
        sum += e;
      }
      sum = f(sum);
      for (let k = 0; k < n; k++) out[base + k * inner] = f(out[base + k * inner]! / sum);
    }
  }
  return [tensorOf(X.shape, X.elementType, out)];
};
