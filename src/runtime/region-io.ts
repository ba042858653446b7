// Moving tensors between host memory and an NPU region at a blob binding:
// the runtime's DMA. A binding places a tensor's logical elements (row-major
// over its shape) in the region by layout (docs/nir.md): NHWC with element
// strides, or the NHCWB16 / NC1HWC2 bricks of 16 channels. Elements are
// little-endian, i8/ui8 1 byte, i16 2, i32 4, i48 and i64 8 (i48
// sign-extended). The reader (src/codegen/blob-manifest.ts) has checked that
// every binding lies inside its region, so the offsets below are in range.

import { readElement, writeElement } from '../dialects/nir/memory.js';
import type { TensorData } from '../ir/tensor.js';
import type { BlobBinding, BlobDType } from '../codegen/blob-types.js';

/** Byte offset in the region of each logical element, row-major over `shape`. */
export function bindingOffsets(b: BlobBinding, shape: readonly number[], elementBytes: number): Float64Array {
  let n = 1;
  for (const d of shape) n *= d;
  const out = new Float64Array(n);
  if (n === 0) return out;
  if (b.layout === 'NHWC') {
    // Odometer over the logical index, adding strides incrementally.
    const r = shape.length;
    const pos = new Float64Array(r);
    const strides = b.strides;
    let cur = 0;
    for (let i = 0; i < n; i++) {
      out[i] = b.offset + cur * elementBytes;
      for (let k = r - 1; k >= 0; k--) {
        pos[k]!++;
        cur += strides[k]!;
        if (pos[k]! < shape[k]!) break;
        cur -= strides[k]! * shape[k]!;
        pos[k] = 0;
      }
    }
    return out;
  }
  const [N, H, W, C] = shape as [number, number, number, number];
  const bricks = Math.ceil(C / 16);
  const nhcwb16 = b.layout === 'NHCWB16';
  let i = 0;
  for (let n0 = 0; n0 < N; n0++) {
    for (let h = 0; h < H; h++) {
      for (let w = 0; w < W; w++) {
        for (let c = 0; c < C; c++) {
          const cb = Math.floor(c / 16);
          const e = nhcwb16 ? (((n0 * H + h) * bricks + cb) * W + w) * 16 + (c % 16) : (((n0 * bricks + cb) * H + h) * W + w) * 16 + (c % 16);
          out[i++] = b.offset + e * elementBytes;
        }
      }
    }
  }
  return out;
}

/** Writes `data` (a host tensor of `dtype`, row-major over `shape`) into `region` at binding `b`. */
export function writeBinding(region: Uint8Array, b: BlobBinding, shape: readonly number[], dtype: BlobDType, data: TensorData): void {
  const view = new DataView(region.buffer, region.byteOffset, region.byteLength);
  switch (dtype) {
    case 'i8':
    case 'ui8': {
      const offs = bindingOffsets(b, shape, 1);
      const d = data as Int8Array | Uint8Array;
      for (let i = 0; i < offs.length; i++) region[offs[i]!] = d[i]! & 0xff;
      return;
    }
    case 'i16': {
      const offs = bindingOffsets(b, shape, 2);
      const d = data as Int16Array;
      for (let i = 0; i < offs.length; i++) view.setInt16(offs[i]!, d[i]!, true);
      return;
    }
    case 'i32': {
      const offs = bindingOffsets(b, shape, 4);
      const d = data as Int32Array;
      for (let i = 0; i < offs.length; i++) view.setInt32(offs[i]!, d[i]!, true);
      return;
    }
    case 'i48': {
      const offs = bindingOffsets(b, shape, 8);
      const d = data as Float64Array;
      for (let i = 0; i < offs.length; i++) writeElement(view, 'i48', offs[i]!, d[i]!);
      return;
    }
    case 'i64': {
      const offs = bindingOffsets(b, shape, 8);
      const d = data as BigInt64Array;
      for (let i = 0; i < offs.length; i++) view.setBigInt64(offs[i]!, d[i]!, true);
      return;
    }
    default:
      throw new TypeError(`an NPU region cannot hold ${dtype} elements`);
  }
}

/** Reads a tensor of `dtype` and `shape` from `region` at binding `b` into `out` (row-major). */
export function readBinding(region: Uint8Array, b: BlobBinding, shape: readonly number[], dtype: BlobDType, out: TensorData): void {
  const view = new DataView(region.buffer, region.byteOffset, region.byteLength);
  switch (dtype) {
    case 'i8': {
      const offs = bindingOffsets(b, shape, 1);
      const d = out as Int8Array;
      for (let i = 0; i < offs.length; i++) d[i] = view.getInt8(offs[i]!);
      return;
    }
    case 'ui8': {
      const offs = bindingOffsets(b, shape, 1);
      const d = out as Uint8Array;
      for (let i = 0; i < offs.length; i++) d[i] = region[offs[i]!]!;
      return;
    }
    case 'i16': {
      const offs = bindingOffsets(b, shape, 2);
      const d = out as Int16Array;
      for (let i = 0; i < offs.length; i++) d[i] = view.getInt16(offs[i]!, true);
      return;
    }
    case 'i32': {
      const offs = bindingOffsets(b, shape, 4);
      const d = out as Int32Array;
      for (let i = 0; i < offs.length; i++) d[i] = view.getInt32(offs[i]!, true);
      return;
    }
    case 'i48': {
      const offs = bindingOffsets(b, shape, 8);
      const d = out as Float64Array;
      for (let i = 0; i < offs.length; i++) d[i] = readElement(view, 'i48', offs[i]!);
      return;
    }
    case 'i64': {
      const offs = bindingOffsets(b, shape, 8);
      const d = out as BigInt64Array;
      for (let i = 0; i < offs.length; i++) d[i] = view.getBigInt64(offs[i]!, true);
      return;
    }
    default:
      throw new TypeError(`an NPU region cannot hold ${dtype} elements`);
  }
}
