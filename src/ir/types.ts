// Builtin and quant types. Types are immutable and interned: two types are equal
// exactly when they are the same object, so `a === b` is type equality.
// Each type prints itself in MLIR's syntax; the printed form is the interning key.

import { formatFloatLiteral } from './float-format.js';

export type Signedness = 'signless' | 'signed' | 'unsigned';

abstract class TypeBase {
  abstract readonly kind: string;
  /** MLIR textual form, e.g. `tensor<1x3xi8>`. */
  abstract toString(): string;
}

const interned = new Map<string, Type>();
function intern<T extends Type>(t: T): T {
  const key = t.toString();
  const hit = interned.get(key);
  if (hit) return hit as T;
  interned.set(key, t);
  return t;
}

/** MLIR's limit on integer widths (IntegerType::kMaxWidth). */
export const MAX_INTEGER_WIDTH = (1 << 24) - 1;

export class IntegerType extends TypeBase {
  readonly kind = 'integer';
  private constructor(readonly width: number, readonly signedness: Signedness) {
    super();
  }
  static get(width: number, signedness: Signedness = 'signless'): IntegerType {
    if (!Number.isInteger(width) || width < 1 || width > MAX_INTEGER_WIDTH) {
      throw new RangeError(`invalid integer width ${width}`);
    }
    return intern(new IntegerType(width, signedness));
  }
  get isUnsigned(): boolean {
    return this.signedness === 'unsigned';
  }
  /** Smallest and largest value of the type, as two's complement unless unsigned. */
  get minValue(): bigint {
    return this.isUnsigned || this.width === 1 ? 0n : -(1n << BigInt(this.width - 1));
  }
  get maxValue(): bigint {
    if (this.width === 1) return 1n;
    return this.isUnsigned ? (1n << BigInt(this.width)) - 1n : (1n << BigInt(this.width - 1)) - 1n;
  }
  toString(): string {
    const prefix = this.signedness === 'signed' ? 'si' : this.signedness === 'unsigned' ? 'ui' : 'i';
    return `${prefix}${this.width}`;
  }
}

export type FloatKind = 'f16' | 'bf16' | 'f32' | 'f64' | 'tf32';
const floatWidths: Record<FloatKind, number> = { f16: 16, bf16: 16, f32: 32, f64: 64, tf32: 19 };

export class FloatType extends TypeBase {
  readonly kind = 'float';
  private constructor(readonly name: FloatKind) {
    super();
  }
  static get(name: FloatKind): FloatType {
    return intern(new FloatType(name));
  }
  get width(): number {
    return floatWidths[this.name];
  }
  toString(): string {
    return this.name;
  }
}

export class IndexType extends TypeBase {
  readonly kind = 'index';
  static get(): IndexType {
    return intern(new IndexType());
  }
  toString(): string {
    return 'index';
  }
}

export class NoneType extends TypeBase {
  readonly kind = 'none';
  static get(): NoneType {
    return intern(new NoneType());
  }
  toString(): string {
    return 'none';
  }
}

/** Marks a dynamic dimension, printed as `?`. */
export const DYNAMIC = -1;

export class RankedTensorType extends TypeBase {
  readonly kind = 'tensor';
  private constructor(
    readonly shape: readonly number[],
    readonly elementType: Type,
    /** Optional encoding attribute, kept as its printed text. */
    readonly encoding: string | null,
  ) {
    super();
  }
  static get(shape: readonly number[], elementType: Type, encoding: string | null = null): RankedTensorType {
    for (const d of shape) {
      if (d !== DYNAMIC && (!Number.isSafeInteger(d) || d < 0)) throw new RangeError(`invalid dimension ${d}`);
    }
    return intern(new RankedTensorType(Object.freeze([...shape]), elementType, encoding));
  }
  get rank(): number {
    return this.shape.length;
  }
  get hasStaticShape(): boolean {
    return this.shape.every((d) => d !== DYNAMIC);
  }
  /** Number of elements; only meaningful for static shapes. */
  get numElements(): number {
    let n = 1;
    for (const d of this.shape) n *= d;
    return n;
  }
  toString(): string {
    const dims = this.shape.map((d) => (d === DYNAMIC ? '?' : String(d)) + 'x').join('');
    const enc = this.encoding === null ? '' : `, ${this.encoding}`;
    return `tensor<${dims}${this.elementType.toString()}${enc}>`;
  }
}

export class UnrankedTensorType extends TypeBase {
  readonly kind = 'unranked_tensor';
  private constructor(readonly elementType: Type) {
    super();
  }
  static get(elementType: Type): UnrankedTensorType {
    return intern(new UnrankedTensorType(elementType));
  }
  toString(): string {
    return `tensor<*x${this.elementType.toString()}>`;
  }
}

export class VectorType extends TypeBase {
  readonly kind = 'vector';
  private constructor(readonly shape: readonly number[], readonly elementType: Type) {
    super();
  }
  static get(shape: readonly number[], elementType: Type): VectorType {
    return intern(new VectorType(Object.freeze([...shape]), elementType));
  }
  toString(): string {
    return `vector<${this.shape.map((d) => `${d}x`).join('')}${this.elementType.toString()}>`;
  }
}

export class TupleType extends TypeBase {
  readonly kind = 'tuple';
  private constructor(readonly types: readonly Type[]) {
    super();
  }
  static get(types: readonly Type[]): TupleType {
    return intern(new TupleType(Object.freeze([...types])));
  }
  toString(): string {
    return `tuple<${this.types.map(String).join(', ')}>`;
  }
}

export class FunctionType extends TypeBase {
  readonly kind = 'function';
  private constructor(readonly inputs: readonly Type[], readonly results: readonly Type[]) {
    super();
  }
  static get(inputs: readonly Type[], results: readonly Type[]): FunctionType {
    return intern(new FunctionType(Object.freeze([...inputs]), Object.freeze([...results])));
  }
  toString(): string {
    const ins = `(${this.inputs.map(String).join(', ')})`;
    // A single non-function result is printed bare, as MLIR does.
    const outs =
      this.results.length === 1 && this.results[0]!.kind !== 'function'
        ? this.results[0]!.toString()
        : `(${this.results.map(String).join(', ')})`;
    return `${ins} -> ${outs}`;
  }
}

/**
 * `!quant.uniform<i8:f32, 0.5:-1>` (per-tensor, `axis` null) or
 * `!quant.uniform<i8:f32:3, {0.5:-1, 0.25:0}>` (per-axis). Storage bounds are
 * printed only when they differ from the storage type's full range.
 */
export class QuantUniformType extends TypeBase {
  readonly kind = 'quant.uniform';
  private constructor(
    readonly storageType: IntegerType,
    readonly storageMin: bigint,
    readonly storageMax: bigint,
    readonly expressedType: FloatType,
    readonly axis: number | null,
    readonly scales: readonly number[],
    readonly zeroPoints: readonly bigint[],
  ) {
    super();
  }
  static get(opts: {
    storageType: IntegerType;
    expressedType: FloatType;
    scales: readonly number[];
    zeroPoints: readonly bigint[];
    axis?: number | null;
    storageMin?: bigint;
    storageMax?: bigint;
  }): QuantUniformType {
    const axis = opts.axis ?? null;
    const { storageType } = opts;
    const storageMin = opts.storageMin ?? storageType.minValue;
    const storageMax = opts.storageMax ?? storageType.maxValue;
    if (opts.scales.length !== opts.zeroPoints.length || opts.scales.length === 0) {
      throw new RangeError('quant.uniform needs one zero point per scale');
    }
    if (axis === null && opts.scales.length !== 1) throw new RangeError('per-tensor quant.uniform has one scale');
    return intern(
      new QuantUniformType(
        storageType,
        storageMin,
        storageMax,
        opts.expressedType,
        axis,
        Object.freeze([...opts.scales]),
        Object.freeze([...opts.zeroPoints]),
      ),
    );
  }
  get isPerAxis(): boolean {
    return this.axis !== null;
  }
  toString(): string {
    // Quant storage types print as `iN` (signed) or `uN` (unsigned), not as builtin integer types.
    let storage = `${this.storageType.isUnsigned ? 'u' : 'i'}${this.storageType.width}`;
    if (this.storageMin !== this.storageType.minValue || this.storageMax !== this.storageType.maxValue) {
      storage += `<${this.storageMin}:${this.storageMax}>`;
    }
    const param = (i: number): string => {
      const zp = this.zeroPoints[i]!;
      const scale = formatFloatLiteral(this.scales[i]!, 'f64');
      return zp === 0n ? scale : `${scale}:${zp}`;
    };
    if (this.axis === null) return `!quant.uniform<${storage}:${this.expressedType}, ${param(0)}>`;
    const params = this.scales.map((_, i) => param(i)).join(',');
    return `!quant.uniform<${storage}:${this.expressedType}:${this.axis}, {${params}}>`;
  }
}

/** A type of a dialect npuc does not model, e.g. `!foo.bar<...>`, kept verbatim. */
export class OpaqueType extends TypeBase {
  readonly kind = 'opaque';
  private constructor(readonly dialect: string, readonly body: string) {
    super();
  }
  static get(dialect: string, body: string): OpaqueType {
    return intern(new OpaqueType(dialect, body));
  }
  toString(): string {
    return this.body.startsWith('<') ? `!${this.dialect}${this.body}` : `!${this.dialect}.${this.body}`;
  }
}

export type Type =
  | IntegerType
  | FloatType
  | IndexType
  | NoneType
  | RankedTensorType
  | UnrankedTensorType
  | VectorType
  | TupleType
  | FunctionType
  | QuantUniformType
  | OpaqueType;

export type ShapedType = RankedTensorType | UnrankedTensorType | VectorType;

export function isShaped(t: Type): t is ShapedType {
  return t.kind === 'tensor' || t.kind === 'unranked_tensor' || t.kind === 'vector';
}

export function elementTypeOf(t: Type): Type {
  return isShaped(t) ? t.elementType : t;
}

// Shorthands used everywhere.
export const i1 = IntegerType.get(1);
export const i8 = IntegerType.get(8);
export const i16 = IntegerType.get(16);
export const i32 = IntegerType.get(32);
export const i64 = IntegerType.get(64);
export const f32 = FloatType.get('f32');
export const index = IndexType.get();
export function tensor(shape: readonly number[], elementType: Type): RankedTensorType {
  return RankedTensorType.get(shape, elementType);
}
