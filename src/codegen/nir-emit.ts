// Builders for `nir` ops (docs/nir.md), appended in order to one block: the
// lowering decides what to emit, this file only spells the ops.

import { DenseArrayAttr, DenseElementsAttr, IntegerAttr, StringAttr, TypeAttr, type Attribute, type Location } from '../ir/attributes.js';
import { Block, Operation, type Value } from '../ir/operation.js';
import { stridesOf } from '../ir/tensor.js';
import { OpaqueType, type Type } from '../ir/types.js';

export const REGION_TYPE = OpaqueType.get('nir', 'region');
export const BUFFER_TYPE = OpaqueType.get('nir', 'buffer');
export const VIEW_TYPE = OpaqueType.get('nir', 'view');

export type RegionKind = 'io' | 'scratch' | 'coefficients';

/** A view's placement in a buffer: element offset, logical shape, strides in elements, element type, zero point. */
export interface ViewSpec {
  readonly offset: number;
  readonly shape: readonly number[];
  /** Element strides for NHWC; null for the brick layouts, whose addressing is fixed. */
  readonly strides: readonly number[] | null;
  readonly layout: 'NHWC' | 'NHCWB16' | 'NC1HWC2';
  readonly elementType: Type;
  readonly zeroPoint: number;
}

/** Row-major (NHWC) strides of `shape`, in elements. */
export const denseStrides = stridesOf;

export const i64 = (v: number): IntegerAttr => IntegerAttr.i64(v);
export const i64s = (vs: readonly number[]): DenseArrayAttr => DenseArrayAttr.i64([...vs]);

export class NirEmitter {
  constructor(readonly block: Block) {}

  private add(name: string, operands: readonly Value[], props: Iterable<readonly [string, Attribute]>, loc: Location, resultTypes: readonly Type[] = []): Operation {
    return this.block.append(new Operation({ name, operands, resultTypes, properties: props, loc }));
  }

  region(kind: RegionKind, size: number, loc: Location): Value {
    return this.add('nir.region', [], [['kind', new StringAttr(kind)], ['size', i64(size)]], loc, [REGION_TYPE]).result();
  }

  buffer(region: Value, offset: number, size: number, alignment: number, loc: Location): Value {
    return this.add('nir.buffer', [region], [['offset', i64(offset)], ['size', i64(size)], ['alignment', i64(alignment)]], loc, [BUFFER_TYPE]).result();
  }

  constant(region: Value, offset: number, alignment: number, values: DenseElementsAttr, loc: Location): Value {
    return this.add('nir.constant', [region], [['offset', i64(offset)], ['alignment', i64(alignment)], ['values', values]], loc, [BUFFER_TYPE]).result();
  }

  /** A view; `offset` is in elements here and converted to bytes. */
  view(buffer: Value, spec: ViewSpec, elementBytes: number, loc: Location): Value {
    return this.add(
      'nir.view',
      [buffer],
      [
        ['offset', i64(spec.offset * elementBytes)],
        ['shape', i64s(spec.shape)],
        ...(spec.strides ? [['strides', i64s(spec.strides)] as const] : []),
        ['element_type', new TypeAttr(spec.elementType)],
        ['layout', new StringAttr(spec.layout)],
        ['zero_point', i64(spec.zeroPoint)],
      ],
      loc,
      [VIEW_TYPE],
    ).result();
  }

  input(tensor: Value, view: Value, loc: Location): void {
    this.add('nir.input', [tensor, view], [], loc);
  }

  output(view: Value, type: Type, loc: Location): Value {
    return this.add('nir.output', [view], [], loc, [type]).result();
  }

  intrinsic(name: string, views: readonly Value[], props: Iterable<readonly [string, Attribute]>, loc: Location): Operation {
    return this.add(name, views, props, loc);
  }
}
