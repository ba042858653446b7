// Runtime objects of the nir evaluator: regions (zeroed byte arrays), buffers
// (byte ranges of a region) and views (typed, laid-out data in a buffer).
// Elements are little-endian: i8/ui8 1 byte, i16 2, i32 4, i48 and i64 8 (i48
// sign-extended to 8 bytes). A view maps each logical index (row-major over
// its shape) to an element index through its layout, and each element index
// to a byte offset in its region.

import { Tensor, storageFor, type TensorData } from '../../ir/tensor.js';
import { IntegerType, QuantUniformType, type Type } from '../../ir/types.js';

export type RegionKind = 'io' | 'scratch' | 'coefficients';
export const REGION_KINDS: readonly RegionKind[] = ['io', 'scratch', 'coefficients'];

export type Layout = 'NHWC' | 'NHCWB16' | 'NC1HWC2';
export const LAYOUTS: readonly Layout[] = ['NHWC', 'NHCWB16', 'NC1HWC2'];

/** The element types a view (or constant) may hold. */
export type ElementKind = 'i8' | 'ui8' | 'i16' | 'i32' | 'i48' | 'i64';

const KIND_BYTES: Record<ElementKind, number> = { i8: 1, ui8: 1, i16: 2, i32: 4, i48: 8, i64: 8 };

/** The element kind of an integer type, or null when views cannot hold it. */
export function elementKindOf(t: Type): ElementKind | null {
  if (!(t instanceof IntegerType) || t.signedness === 'signed') return null;
  if (t.isUnsigned) return t.width === 8 ? 'ui8' : null;
  switch (t.width) {
    case 8:
      return 'i8';
    case 16:
      return 'i16';
    case 32:
      return 'i32';
    case 48:
      return 'i48';
    case 64:
      return 'i64';
    default:
      return null;
  }
}

export function elementBytes(kind: ElementKind): number {
  return KIND_BYTES[kind];
}

/** Smallest and largest value of an element kind. */
export function kindRange(kind: ElementKind): [number, number] {
  switch (kind) {
    case 'i8':
      return [-128, 127];
    case 'ui8':
      return [0, 255];
    case 'i16':
      return [-32768, 32767];
    case 'i32':
      return [-(2 ** 31), 2 ** 31 - 1];
    case 'i48':
      return [-(2 ** 47), 2 ** 47 - 1];
    case 'i64':
      return [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
  }
}

// ---------------------------------------------------------------------------
// Layouts.

const ceil16 = (c: number): number => Math.ceil(c / 16);

/** The element index of logical `index` (an array of shape's rank). */
export function elementIndex(layout: Layout, shape: readonly number[], strides: readonly number[] | null, index: readonly number[]): number {
  if (layout === 'NHWC') {
    let e = 0;
    for (let i = 0; i < index.length; i++) e += index[i]! * strides![i]!;
    return e;
  }
  const [, H, W, C] = shape as [number, number, number, number];
  const [n, h, w, c] = index as [number, number, number, number];
  const cb = Math.floor(c / 16);
  if (layout === 'NHCWB16') return (((n * H + h) * ceil16(C) + cb) * W + w) * 16 + (c % 16);
  return (((n * ceil16(C) + cb) * H + h) * W + w) * 16 + (c % 16);
}

/** Number of logical elements of `shape`. */
export function countOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Largest element index + 1 (0 for an empty view): the view's extent in elements. */
export function spanElements(layout: Layout, shape: readonly number[], strides: readonly number[] | null): number {
  if (shape.some((d) => d === 0)) return 0;
  // Every layout's element index grows with each logical coordinate (strides are >= 0).
  return elementIndex(layout, shape, strides, shape.map((d) => d - 1)) + 1;
}

/** The element index of every logical element, row-major over `shape`. */
export function elementIndices(layout: Layout, shape: readonly number[], strides: readonly number[] | null): Float64Array {
  const n = countOf(shape);
  const out = new Float64Array(n);
  if (n === 0) return out;
  const r = shape.length;
  if (layout === 'NHWC') {
    // Odometer over the logical index, adding strides incrementally.
    const pos = new Array<number>(r).fill(0);
    let cur = 0;
    for (let i = 0; i < n; i++) {
      out[i] = cur;
      for (let k = r - 1; k >= 0; k--) {
        pos[k]!++;
        cur += strides![k]!;
        if (pos[k]! < shape[k]!) break;
        cur -= strides![k]! * shape[k]!;
        pos[k] = 0;
      }
    }
    return out;
  }
  const [N, H, W, C] = shape as [number, number, number, number];
  let i = 0;
  for (let n0 = 0; n0 < N; n0++)
    for (let h = 0; h < H; h++)
      for (let w = 0; w < W; w++)
        for (let c = 0; c < C; c++) out[i++] = elementIndex(layout, shape, null, [n0, h, w, c]);
  return out;
}

// ---------------------------------------------------------------------------
// Runtime objects.

export class MemRegion {
  readonly bytes: Uint8Array;
  readonly data: DataView;
  constructor(
    readonly kind: RegionKind,
    size: number,
  ) {
    this.bytes = new Uint8Array(size);
    this.data = new DataView(this.bytes.buffer);
  }
}

export class MemBuffer {
  constructor(
    readonly region: MemRegion,
    readonly offset: number,
    readonly size: number,
  ) {
    if (offset < 0 || size < 0 || offset + size > region.bytes.length) {
      throw new RangeError(`buffer [${offset}, ${offset + size}) lies outside its ${region.kind} region of ${region.bytes.length} bytes`);
    }
  }
}

/** Reads element `kind` at byte `off` of `d` as a number (i64 rounded to a double). */
export function readElement(d: DataView, kind: ElementKind, off: number): number {
  switch (kind) {
    case 'i8':
      return d.getInt8(off);
    case 'ui8':
      return d.getUint8(off);
    case 'i16':
      return d.getInt16(off, true);
    case 'i32':
      return d.getInt32(off, true);
    case 'i48':
      // The low 48 bits, sign-extended from bit 47.
      return d.getInt16(off + 4, true) * 2 ** 32 + d.getUint32(off, true);
    case 'i64':
      return Number(d.getBigInt64(off, true));
  }
}

/** Writes `v` (an integer, wrapped to the element width) as element `kind` at byte `off`. */
export function writeElement(d: DataView, kind: ElementKind, off: number, v: number): void {
  switch (kind) {
    case 'i8':
    case 'ui8':
      d.setUint8(off, v & 0xff);
      return;
    case 'i16':
      d.setUint16(off, v & 0xffff, true);
      return;
    case 'i32':
      d.setInt32(off, v | 0, true);
      return;
    case 'i48': {
      const hi = Math.floor(v / 2 ** 32);
      d.setUint32(off, v - hi * 2 ** 32, true);
      d.setInt32(off + 4, hi << 16 >> 16, true); // bits 32..47, sign-extended to 64
      return;
    }
    case 'i64':
      d.setBigInt64(off, BigInt(v), true);
  }
}

export interface ViewInit {
  readonly offset: number;
  readonly shape: readonly number[];
  readonly strides: readonly number[] | null;
  readonly layout: Layout;
  readonly elementType: Type;
  readonly zeroPoint: number;
}

export class MemView {
  readonly kind: ElementKind;
  readonly bytesPerElement: number;
  /** Byte offset of element 0 in the region. */
  readonly base: number;
  readonly size: number;
  readonly shape: readonly number[];
  readonly strides: readonly number[] | null;
  readonly layout: Layout;
  readonly elementType: Type;
  readonly zeroPoint: number;
  private offsetsCache: Float64Array | null = null;

  constructor(
    readonly buffer: MemBuffer,
    init: ViewInit,
  ) {
    const kind = elementKindOf(init.elementType);
    if (!kind) throw new TypeError(`a view cannot hold ${init.elementType}`);
    this.kind = kind;
    this.bytesPerElement = KIND_BYTES[kind];
    this.shape = init.shape;
    this.strides = init.strides;
    this.layout = init.layout;
    this.elementType = init.elementType;
    this.zeroPoint = init.zeroPoint;
    this.size = countOf(init.shape);
    this.base = buffer.offset + init.offset;
    const span = spanElements(init.layout, init.shape, init.strides) * this.bytesPerElement;
    if (init.offset < 0 || init.offset + span > buffer.size) {
      throw new RangeError(`view [${init.offset}, ${init.offset + span}) lies outside its buffer of ${buffer.size} bytes`);
    }
  }

  get region(): MemRegion {
    return this.buffer.region;
  }

  /** Byte offset in the region of each logical element, row-major. */
  get offsets(): Float64Array {
    if (!this.offsetsCache) {
      const idx = elementIndices(this.layout, this.shape, this.strides);
      for (let i = 0; i < idx.length; i++) idx[i] = this.base + idx[i]! * this.bytesPerElement;
      this.offsetsCache = idx;
    }
    return this.offsetsCache;
  }

  /** Byte offset in the region of logical `index`. */
  byteOffset(index: readonly number[]): number {
    return this.base + elementIndex(this.layout, this.shape, this.strides, index) * this.bytesPerElement;
  }

  /** Every element as a number, row-major over the logical shape. */
  read(): Float64Array {
    const offs = this.offsets;
    const d = this.region.data;
    const out = new Float64Array(offs.length);
    const kind = this.kind;
    if (kind === 'i8') for (let i = 0; i < out.length; i++) out[i] = d.getInt8(offs[i]!);
    else if (kind === 'ui8') for (let i = 0; i < out.length; i++) out[i] = d.getUint8(offs[i]!);
    else for (let i = 0; i < out.length; i++) out[i] = readElement(d, kind, offs[i]!);
    return out;
  }

  /** Writes every element from `values` (row-major over the logical shape). */
  write(values: ArrayLike<number>): void {
    const offs = this.offsets;
    const d = this.region.data;
    const kind = this.kind;
    if (kind === 'i8' || kind === 'ui8') for (let i = 0; i < offs.length; i++) d.setUint8(offs[i]!, values[i]! & 0xff);
    else for (let i = 0; i < offs.length; i++) writeElement(d, kind, offs[i]!, values[i]!);
  }

  /** Sets every element to `v`. */
  fill(v: bigint): void {
    const offs = this.offsets;
    const d = this.region.data;
    if (this.kind === 'i64') for (let i = 0; i < offs.length; i++) d.setBigInt64(offs[i]!, v, true);
    else {
      const n = Number(v);
      for (let i = 0; i < offs.length; i++) writeElement(d, this.kind, offs[i]!, n);
    }
  }

  /** Copies every element of `src` (same shape and element kind; any layout) into this view. */
  copyFrom(src: MemView): void {
    const so = src.offsets;
    const dOffs = this.offsets;
    const sb = src.region.bytes;
    const db = this.region.bytes;
    const w = this.bytesPerElement;
    // Read everything first, so overlapping views behave as a read followed by a write.
    const tmp = new Uint8Array(so.length * w);
    for (let i = 0; i < so.length; i++) for (let b = 0; b < w; b++) tmp[i * w + b] = sb[so[i]! + b]!;
    for (let i = 0; i < dOffs.length; i++) for (let b = 0; b < w; b++) db[dOffs[i]! + b] = tmp[i * w + b]!;
  }

  /** The view's elements as a tensor of element type `et` (the view's type, or a quant type stored as it). */
  toTensor(et: Type = this.elementType): Tensor {
    const storage = et instanceof QuantUniformType ? et.storageType : et;
    const data: TensorData = new (storageFor(storage))(this.size);
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
      const offs = this.offsets;
      const d = this.region.data;
      for (let i = 0; i < offs.length; i++) data[i] = d.getBigInt64(offs[i]!, true);
    } else data.set(this.read());
    return new Tensor(this.shape, et, data);
  }

  /** Writes a tensor of the view's shape into the view. */
  fromTensor(t: Tensor): void {
    if (t.data instanceof BigInt64Array || t.data instanceof BigUint64Array) {
      const offs = this.offsets;
      const d = this.region.data;
      const data = t.data;
      if (this.kind === 'i64') for (let i = 0; i < offs.length; i++) d.setBigInt64(offs[i]!, BigInt.asIntN(64, data[i]!), true);
      else for (let i = 0; i < offs.length; i++) writeElement(this.region.data, this.kind, offs[i]!, Number(BigInt.asIntN(64, data[i]!)));
      return;
    }
    this.write(t.data as ArrayLike<number>);
  }
}
