// Tensors as comparable numbers for exactness tests: float elements by their
// bit patterns (so -0, NaN payloads and rounding differences all show),
// integers as stored.

import type { Tensor } from '../../../src/ir/tensor.js';

export function bitsOf(t: Tensor): number[] {
  if (t.data instanceof Float32Array) return Array.from(new Int32Array(t.data.buffer, t.data.byteOffset, t.data.length));
  return Array.from(t.data as ArrayLike<number | bigint>, Number);
}
