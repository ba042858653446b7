// Tensor values for evaluators: a static shape, an element type and a typed
// array. Integers up to 32 bits use the matching typed array; i48 uses
// Float64Array (every int48 is exact in a double); i64 uses BigInt64Array.

import { DenseElementsAttr, DenseResourceAttr, elementByteWidth } from './attributes.js';
import { FloatType, IndexType, IntegerType, RankedTensorType, type Type } from './types.js';

export type TensorData =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** The typed array constructor that holds elements of `t`. */
export function storageFor(t: Type): { new (n: number): TensorData } {
  if (t instanceof IntegerType) {
    const u = t.isUnsigned;
    if (t.width === 1) return Uint8Array;
    if (t.width <= 8) return u ? Uint8Array : Int8Array;
    if (t.width <= 16) return u ? Uint16Array : Int16Array;
    if (t.width <= 32) return u ? Uint32Array : Int32Array;
    if (t.width <= 48) return Float64Array;
    if (t.width <= 64) return u ? BigUint64Array : BigInt64Array;
  }
  if (t instanceof IndexType) return BigInt64Array;
  if (t instanceof FloatType) return t.name === 'f64' ? Float64Array : Float32Array;
  throw new TypeError(`no tensor storage for element type ${t}`);
}

/** Row-major strides of `shape`, in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/**
 * For each element of `outShape` (row-major), the flat index of the element of
 * a tensor of shape `inShape` that numpy-style broadcasting maps to it (shapes
 * aligned on the right; dimensions of 1 or missing repeat).
 */
export function broadcastIndex(inShape: readonly number[], outShape: readonly number[]): Int32Array {
  const n = outShape.reduce((a, b) => a * b, 1);
  const idx = new Int32Array(n);
  const r = outShape.length;
  const off = r - inShape.length;
  const inStr = stridesOf(inShape);
  // Effective stride per output axis (0 where broadcast).
  const eff = outShape.map((_, k) => (k < off || inShape[k - off] === 1 ? 0 : inStr[k - off]!));
  const pos = new Array<number>(r).fill(0);
  let cur = 0;
  for (let i = 0; i < n; i++) {
    idx[i] = cur;
    for (let k = r - 1; k >= 0; k--) {
      pos[k]!++;
      cur += eff[k]!;
      if (pos[k]! < outShape[k]!) break;
      cur -= eff[k]! * outShape[k]!;
      pos[k] = 0;
    }
  }
  return idx;
}

export class Tensor {
  readonly size: number;
  constructor(
    readonly shape: readonly number[],
    readonly elementType: Type,
    readonly data: TensorData,
  ) {
    this.size = shape.reduce((a, b) => a * b, 1);
    if (data.length !== this.size) throw new RangeError(`tensor data has ${data.length} elements, shape needs ${this.size}`);
  }

  static zeros(shape: readonly number[], elementType: Type): Tensor {
    const n = shape.reduce((a, b) => a * b, 1);
    return new Tensor(shape, elementType, new (storageFor(elementType))(n));
  }

  get type(): RankedTensorType {
    return RankedTensorType.get(this.shape, this.elementType);
  }

  /** Row-major strides, in elements. */
  get strides(): number[] {
    return stridesOf(this.shape);
  }

  /** The values of a dense constant as a tensor (splats expanded). */
  static fromAttr(attr: DenseElementsAttr | DenseResourceAttr): Tensor {
    const dense = attr instanceof DenseResourceAttr ? attr.toDense() : attr;
    const et = dense.elementType;
    const t = Tensor.zeros(dense.type.shape, et);
    const n = t.size;
    if (et instanceof FloatType) {
      const d = t.data as Float32Array | Float64Array;
      for (let i = 0; i < n; i++) d[i] = dense.getFloat(i);
    } else if (t.data instanceof BigInt64Array || t.data instanceof BigUint64Array) {
      for (let i = 0; i < n; i++) t.data[i] = dense.getInt(i);
    } else {
      const d = t.data as Exclude<TensorData, BigInt64Array | BigUint64Array>;
      // Fast path: read little-endian bytes directly for widths up to 32 bits.
      const w = elementByteWidth(et);
      if (w <= 4 && !dense.isSplat && d.BYTES_PER_ELEMENT === w) {
        d.set(new (d.constructor as { new (b: ArrayBuffer, o: number, n: number): typeof d })(
          dense.raw.slice().buffer, 0, n,
        ));
      } else {
        for (let i = 0; i < n; i++) d[i] = Number(dense.getInt(i));
      }
    }
    return t;
  }

  /** This tensor as a dense constant of the given (or its own) type. */
  toAttr(type: RankedTensorType = this.type): DenseElementsAttr {
    if (this.elementType instanceof FloatType) return DenseElementsAttr.fromFloats(type, Array.from(this.data as Float32Array));
    return DenseElementsAttr.fromInts(type, this.data as ArrayLike<number | bigint>);
  }

  /** Element `i` as a number (bigints converted; exact up to 2^53). */
  at(i: number): number {
    return Number(this.data[i]!);
  }
}
