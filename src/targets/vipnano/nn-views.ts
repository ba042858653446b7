// What the NN encoder reads from an nir op's views: the views themselves,
// 8-bit data types, planar images (job.ts: an nir view [1, H, W, C] with
// strides [*, X, 1, X * Y] is an image with x stride X and y stride Y), and
// the values of constants (weights, biases), which are read at compile time.

import { BackendError } from '../../codegen/backend.js';
import type { Operation, Value } from '../../ir/operation.js';
import { MemBuffer, MemRegion, MemView, elementBytes, writeElement } from '../../dialects/nir/memory.js';
import { constantLayout, constantValues, viewOperand, type ViewInfo } from '../../dialects/nir/views.js';
import type { NnDataType, NnImage } from './nn-job.js';

export interface OpView {
  readonly info: ViewInfo;
  readonly value: Value;
  readonly what: string;
}

export function viewsOf(op: Operation, names: readonly string[]): OpView[] {
  if (op.numOperands !== names.length) throw new BackendError(`expected ${names.length} operands, got ${op.numOperands}`);
  return names.map((what, i) => {
    const info = viewOperand(op, i, what);
    if (typeof info === 'string') throw new BackendError(info);
    return { info, value: op.operand(i), what };
  });
}

/** INT8 for i8, UINT8 for ui8; other element types have no NN encoding. */
export function dataTypeOf(v: OpView): NnDataType {
  if (v.info.kind === 'i8') return 'INT8';
  if (v.info.kind === 'ui8') return 'UINT8';
  throw new BackendError(`${v.what} is ${v.info.kind}: the NN core reads and writes 8-bit images only`);
}

const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** The planar image `v` is, at `address`; BackendError when the view is not planar. */
export function planarImage(v: OpView, address: number): NnImage {
  const { info, what } = v;
  const dataType = dataTypeOf(v);
  if (info.layout !== 'NHWC' || info.shape.length !== 4 || !info.strides) {
    throw new BackendError(`${what} (${info.layout}, shape ${shapeText(info.shape)}) is not a rank-4 planar view`);
  }
  const [N, H, W, C] = info.shape as [number, number, number, number];
  const [, sh, sw, sc] = info.strides as [number, number, number, number];
  if (N !== 1) throw new BackendError(`${what} has batch ${N}: the NN core runs batch 1`);
  if (H < 1 || W < 1 || C < 1) throw new BackendError(`${what} shape ${shapeText(info.shape)} is empty`);
  const bad = (why: string): never => {
    throw new BackendError(`${what} strides ${shapeText(info.strides!)} (shape ${shapeText(info.shape)}) are not planar: ${why}`);
  };
  if (W > 1 && sw !== 1) bad('the x stride is not 1');
  // X: the row stride; with one row, the plane stride (one row per plane) or just W.
  const X = H > 1 ? sh : C > 1 ? sc : W;
  if (X < W) bad(`rows of ${W} elements ${X} apart overlap`);
  let Y = H;
  if (C > 1) {
    if (sc % X !== 0) bad(`the channel stride ${sc} is not a whole number of ${X}-element rows`);
    Y = sc / X;
  }
  if (Y < H) bad(`planes of ${H} rows ${Y} rows apart overlap`);
  return { address, xSize: W, ySize: H, zSize: C, xStride: X, yStride: Y, dataType };
}

/** The values a view over an nir.constant reads, row-major over its logical shape. */
export function constantViewValues(v: OpView): Float64Array {
  const buffer = v.info.buffer;
  if (!buffer?.isConstant) throw new BackendError(`${v.what} must be a view of an nir.constant`);
  const values = constantValues(buffer.op);
  const layout = constantLayout(buffer.op);
  if (!values || !layout) throw new BackendError(`${v.what}: the constant's values are not available`);
  if (layout.kind === 'i48' || layout.kind === 'i64') throw new BackendError(`${v.what} is ${layout.kind}: not a weight or bias type`);
  const region = new MemRegion('coefficients', layout.size);
  const w = elementBytes(layout.kind);
  const n = layout.size / w;
  for (let i = 0; i < n; i++) writeElement(region.data, layout.kind, i * w, Number(values.getInt(values.isSplat ? 0 : i)));
  try {
    return new MemView(new MemBuffer(region, 0, layout.size), v.info).read();
  } catch (e) {
    if (e instanceof RangeError) throw new BackendError(`${v.what}: ${e.message}`);
    throw e;
  }
}
