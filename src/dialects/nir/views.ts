// Static facts about nir memory, read from the IR: the region, buffer and
// view a value stands for (from its defining op's properties), and which
// views an op reads and writes. The verifiers and the schedule check use
// these; the evaluator builds the runtime objects of memory.ts instead.

import { fileLocationOf, DenseArrayAttr, DenseElementsAttr, DenseResourceAttr, IntegerAttr, StringAttr, TypeAttr } from '../../ir/attributes.js';
import type { Operation, Value } from '../../ir/operation.js';
import { OpaqueType, RankedTensorType, type Type } from '../../ir/types.js';
import { LAYOUTS, REGION_KINDS, countOf, elementBytes, elementKindOf, spanElements, type ElementKind, type Layout, type RegionKind } from './memory.js';

export const regionType = OpaqueType.get('nir', 'region');
export const bufferType = OpaqueType.get('nir', 'buffer');
export const viewType = OpaqueType.get('nir', 'view');

/** The intrinsics: no results, the output view is the last operand, every other view operand is read. */
export const INTRINSICS: ReadonlySet<string> = new Set([
  'nir.conv2d',
  'nir.depthwise_conv2d',
  'nir.matmul',
  'nir.pool',
  'nir.eltwise',
  'nir.lut',
  'nir.transpose',
  'nir.reshuffle',
  'nir.dma',
]);

export type Access = 'read' | 'write';

/** How `op` uses its operand #`i` when that operand is a view; null when it does not touch memory through it. */
export function accessOf(op: Operation, i: number): Access | null {
  if (op.operand(i).type !== viewType) return null;
  switch (op.name) {
    case 'nir.input':
    case 'nir.fill':
      return 'write';
    case 'nir.output':
      return 'read';
    default:
      if (INTRINSICS.has(op.name)) return i === op.numOperands - 1 ? 'write' : 'read';
      return null;
  }
}

// ---------------------------------------------------------------------------
// Property accessors (null when absent or malformed; the table checks report those).

export function intProp(op: Operation, name: string): number | null {
  const a = op.attr(name);
  return a instanceof IntegerAttr && !a.isBool ? Number(a.value) : null;
}
export function bigProp(op: Operation, name: string): bigint | null {
  const a = op.attr(name);
  return a instanceof IntegerAttr && !a.isBool ? a.value : null;
}
export function boolProp(op: Operation, name: string): boolean | null {
  const a = op.attr(name);
  return a instanceof IntegerAttr && a.isBool ? a.value !== 0n : null;
}
export function arrayProp(op: Operation, name: string): number[] | null {
  const a = op.attr(name);
  return a instanceof DenseArrayAttr ? [...a.values] : null;
}
export function stringProp(op: Operation, name: string): string | null {
  const a = op.attr(name);
  return a instanceof StringAttr ? a.value : null;
}
export function typeProp(op: Operation, name: string): Type | null {
  const a = op.attr(name);
  return a instanceof TypeAttr ? a.type : null;
}

// ---------------------------------------------------------------------------
// Regions, buffers, views.

export interface RegionInfo {
  readonly op: Operation;
  readonly kind: RegionKind;
  readonly size: number;
}

export interface BufferInfo {
  readonly op: Operation;
  readonly region: RegionInfo | null;
  readonly offset: number;
  readonly size: number;
  readonly isConstant: boolean;
}

export interface ViewInfo {
  readonly op: Operation;
  readonly buffer: BufferInfo | null;
  readonly offset: number;
  readonly shape: readonly number[];
  readonly strides: readonly number[] | null;
  readonly layout: Layout;
  readonly elementType: Type;
  readonly kind: ElementKind;
  readonly zeroPoint: number;
  /** Bytes from `offset` the view reaches. */
  readonly span: number;
}

export function regionInfoOf(op: Operation): RegionInfo | null {
  if (op.name !== 'nir.region') return null;
  const kind = stringProp(op, 'kind');
  const size = intProp(op, 'size');
  if (kind === null || !(REGION_KINDS as readonly string[]).includes(kind) || size === null) return null;
  return { op, kind: kind as RegionKind, size };
}

export function regionInfo(v: Value): RegionInfo | null {
  const def = v.definingOp;
  return def ? regionInfoOf(def) : null;
}

/** The values of a constant as dense elements (resources resolved), or null. */
export function constantValues(op: Operation): DenseElementsAttr | null {
  const a = op.attr('values');
  if (a instanceof DenseElementsAttr) return a;
  if (a instanceof DenseResourceAttr) {
    try {
      return a.toDense();
    } catch {
      return null;
    }
  }
  return null;
}

/** Element kind and byte size of a constant's values, or null when they are not storable. */
export function constantLayout(op: Operation): { kind: ElementKind; size: number; type: RankedTensorType } | null {
  const a = op.attr('values');
  const type = a instanceof DenseElementsAttr || a instanceof DenseResourceAttr ? a.type : null;
  if (!(type instanceof RankedTensorType) || !type.hasStaticShape) return null;
  const kind = elementKindOf(type.elementType);
  if (!kind) return null;
  return { kind, size: countOf(type.shape) * elementBytes(kind), type };
}

export function bufferInfoOf(op: Operation): BufferInfo | null {
  if (op.name === 'nir.buffer') {
    const offset = intProp(op, 'offset');
    const size = intProp(op, 'size');
    if (offset === null || size === null || op.numOperands !== 1) return null;
    return { op, region: regionInfo(op.operand(0)), offset, size, isConstant: false };
  }
  if (op.name === 'nir.constant') {
    const offset = intProp(op, 'offset');
    const layout = constantLayout(op);
    if (offset === null || !layout || op.numOperands !== 1) return null;
    return { op, region: regionInfo(op.operand(0)), offset, size: layout.size, isConstant: true };
  }
  return null;
}

export function bufferInfo(v: Value): BufferInfo | null {
  const def = v.definingOp;
  return def ? bufferInfoOf(def) : null;
}

/** The shape of a view op's properties, or an error message. */
export function viewInfoOf(op: Operation): ViewInfo | string {
  const offset = intProp(op, 'offset');
  const shape = arrayProp(op, 'shape');
  const strides = arrayProp(op, 'strides');
  const layout = stringProp(op, 'layout');
  const et = typeProp(op, 'element_type');
  const zp = intProp(op, 'zero_point');
  if (offset === null || shape === null || layout === null || et === null || zp === null) return 'malformed view properties';
  if (!(LAYOUTS as readonly string[]).includes(layout)) return `unknown layout '${layout}'`;
  const kind = elementKindOf(et);
  if (!kind) return `element type ${et} cannot be stored in a view (i8, ui8, i16, i32, i48, i64)`;
  if (shape.some((d) => d < 0)) return `shape [${shape.join(', ')}] has a negative dimension`;
  if (layout === 'NHWC') {
    if (!strides) return "layout 'NHWC' needs strides";
    if (strides.length !== shape.length) return `has ${strides.length} strides for a shape of rank ${shape.length}`;
    if (strides.some((s) => s < 0)) return `strides [${strides.join(', ')}] must be >= 0`;
  } else {
    if (shape.length !== 4) return `layout '${layout}' needs a rank-4 shape, got rank ${shape.length}`;
    if (strides) return `layout '${layout}' takes no strides`;
  }
  if (offset < 0) return `offset ${offset} is negative`;
  const span = spanElements(layout as Layout, shape, strides) * elementBytes(kind);
  const buffer = op.numOperands === 1 ? bufferInfo(op.operand(0)) : null;
  return { op, buffer, offset, shape, strides, layout: layout as Layout, elementType: et, kind, zeroPoint: zp, span };
}

/** The view operand #i of `op` stands for, or an error message. */
export function viewOperand(op: Operation, i: number, name: string): ViewInfo | string {
  const def = op.operand(i).definingOp;
  if (!def || def.name !== 'nir.view') return `${name} (operand #${i}) must be defined by 'nir.view'`;
  const info = viewInfoOf(def);
  return typeof info === 'string' ? `${name} (operand #${i}) is not a valid view: ${info}` : info;
}

/** How a buffer is named in messages: `scratch buffer [0, 64)`, plus where it is defined. */
export function describeBuffer(b: BufferInfo): string {
  const what = b.isConstant ? 'constant' : `${b.region?.kind ?? 'unplaced'} buffer`;
  const file = fileLocationOf(b.op.loc);
  return `${what} [${b.offset}, ${b.offset + b.size})${file ? ` (line ${file.line})` : ''}`;
}
