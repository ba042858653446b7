// Seeded random input tensors for `npuc golden`: the same seed gives the
// same tensors on every machine. Integers are uniform over their type's
// whole range; floats are uniform in [-1, 1), or over the range a known
// quantization can represent (src/driver/quant-ranges.ts).

import type { BlobDType, BlobQuantization } from '../codegen/blob-types.js';
import { Tensor, storageFor } from '../ir/tensor.js';
import { elementTypeOf } from './tensor-files.js';

/**
 * A small deterministic PRNG: a Weyl sequence (step 0x9e3779b9) through a
 * 32-bit avalanche mix (xor-shift-multiply rounds). Not for cryptography.
 */
export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A uniform 32-bit unsigned integer. */
  nextU32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }
  /** A uniform float in [0, 1) with 32 random bits. */
  next(): number {
    return this.nextU32() / 4294967296;
  }
  /** A uniform integer in [lo, hi] (a span of at most 2^32 values). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
}

const INT_RANGES: Partial<Record<BlobDType, [number, number]>> = {
  i1: [0, 1],
  i8: [-128, 127],
  ui8: [0, 255],
  i16: [-32768, 32767],
  ui16: [0, 65535],
  i32: [-2147483648, 2147483647],
  ui32: [0, 4294967295],
  i48: [-(2 ** 47), 2 ** 47 - 1],
};

/**
 * The real interval random float inputs are drawn from: what the
 * quantization (per tensor, int8 storage assumed) can represent, else [-1, 1).
 */
export function floatInputRange(q: BlobQuantization | null): [number, number] {
  if (!q || q.scale.length !== 1 || !(q.scale[0]! > 0) || !Number.isFinite(q.scale[0]!)) return [-1, 1];
  const s = q.scale[0]!;
  const zp = q.zeroPoint[0] ?? 0;
  return [(-128 - zp) * s, (127 - zp) * s];
}

/** A tensor of `dtype` and `shape` with seeded random values; floats uniform in `floatRange` (default [-1, 1)). */
export function randomTensor(rng: SeededRandom, dtype: BlobDType, shape: readonly number[], floatRange: readonly [number, number] = [-1, 1]): Tensor {
  const et = elementTypeOf(dtype);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new (storageFor(et))(n);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    for (let i = 0; i < n; i++) data[i] = BigInt.asIntN(64, (BigInt(rng.nextU32()) << 32n) | BigInt(rng.nextU32()));
  } else if (dtype === 'f16' || dtype === 'f32' || dtype === 'f64') {
    const [lo, hi] = floatRange;
    const round = dtype === 'f64' ? (x: number) => x : Math.fround;
    for (let i = 0; i < n; i++) data[i] = round(lo + (hi - lo) * rng.next());
  } else {
    const [lo, hi] = INT_RANGES[dtype]!;
    if (hi - lo + 1 > 2 ** 32) {
      // i48: two draws.
      for (let i = 0; i < n; i++) data[i] = lo + Math.floor(rng.next() * 2 ** 16) * 2 ** 32 + rng.nextU32();
    } else {
      for (let i = 0; i < n; i++) data[i] = rng.int(lo, hi);
    }
  }
  return new Tensor(shape, et, data);
}
