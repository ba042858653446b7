// Builtin attributes. Attributes are immutable values; `equals` compares them
// structurally via their printed form, which is exact (floats print so that
// they read back bit-identically, dense data prints every byte).

import { formatFloatLiteral } from './float-format.js';
import { bitsToFloat, floatByteWidth, floatToBits, roundToFloat } from './float-bits.js';
import {
  FloatType,
  IndexType,
  IntegerType,
  RankedTensorType,
  VectorType,
  i1,
  i64,
  type Type,
} from './types.js';

abstract class AttrBase {
  abstract readonly kind: string;
  abstract toString(): string;
  equals(other: Attribute): boolean {
    return this === other || (this.kind === other.kind && this.toString() === other.toString());
  }
}

export class IntegerAttr extends AttrBase {
  readonly kind = 'integer';
  /**
   * The value, normalized to the type's width as MLIR's APInt holds it: unsigned
   * types and i1 read unsigned, everything else (signless, signed, index) signed,
   * so `255 : i8` is the same attribute as `-1 : i8` and prints as the latter.
   */
  readonly value: bigint;
  constructor(value: bigint, readonly type: IntegerType | IndexType) {
    super();
    if (type instanceof IndexType) this.value = BigInt.asIntN(64, value);
    else if (type.isUnsigned || (type.width === 1 && type.signedness === 'signless')) this.value = BigInt.asUintN(type.width, value);
    else this.value = BigInt.asIntN(type.width, value);
  }
  static i64(v: number | bigint): IntegerAttr {
    return new IntegerAttr(BigInt(v), i64);
  }
  static bool(v: boolean): IntegerAttr {
    return new IntegerAttr(v ? 1n : 0n, i1);
  }
  get isBool(): boolean {
    return this.type === i1;
  }
  /** The value as a JS number; callers use this only where the value is known small. */
  get number(): number {
    return Number(this.value);
  }
  toString(): string {
    if (this.isBool) return this.value !== 0n ? 'true' : 'false';
    // MLIR elides `: i64` only in a few builtin positions; printing it always is valid.
    return `${this.value} : ${this.type}`;
  }
}

export class FloatAttr extends AttrBase {
  readonly kind = 'float';
  constructor(readonly value: number, readonly type: FloatType) {
    super();
  }
  toString(): string {
    return `${formatFloatLiteral(this.value, this.type.name)} : ${this.type}`;
  }
}

const plainAscii = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const loneEscapedByte = /[\udc80-\udcff]/u;
const hexDigitsUpper = '0123456789ABCDEF';

/**
 * A quoted string literal as MLIR prints it (llvm::printEscapedString): printable
 * ASCII other than `"` and `\` as is, `\` doubled, every other byte as `\XX`
 * (so `"` prints as `\22`). Bytes that were not valid UTF-8 in the source are
 * held as lone surrogates U+DC80..U+DCFF (see decodeStringBytes) and print as
 * the original byte.
 */
export function escapeString(s: string): string {
  if (plainAscii.test(s)) return `"${s}"`;
  const enc = new TextEncoder();
  const out: string[] = ['"'];
  const pushByte = (b: number): void => {
    if (b === 0x5c) out.push('\\\\');
    else if (b >= 0x20 && b < 0x7f && b !== 0x22) out.push(String.fromCharCode(b));
    else out.push('\\', hexDigitsUpper[b >> 4]!, hexDigitsUpper[b & 15]!);
  };
  if (!loneEscapedByte.test(s)) {
    for (const b of enc.encode(s)) pushByte(b);
  } else {
    for (const ch of s) {
      const cp = ch.codePointAt(0)!;
      if (cp >= 0xdc80 && cp <= 0xdcff) pushByte(cp - 0xdc00);
      else for (const b of enc.encode(ch)) pushByte(b);
    }
  }
  out.push('"');
  return out.join('');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes the bytes of a string literal. MLIR strings are byte strings; bytes
 * that are not valid UTF-8 (`"\FF"`) are kept as lone surrogates U+DC80+byte so
 * that escapeString prints them back unchanged.
 */
export function decodeStringBytes(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    // fall through to the byte-by-byte decoder
  }
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 0 : (b & 0xe0) === 0xc0 ? 1 : (b & 0xf0) === 0xe0 ? 2 : (b & 0xf8) === 0xf0 ? 3 : -1;
    if (n >= 0 && i + n < bytes.length) {
      try {
        out += strictUtf8.decode(bytes.subarray(i, i + n + 1));
        i += n + 1;
        continue;
      } catch {
        // an invalid sequence: escape its first byte
      }
    }
    out += String.fromCharCode(0xdc00 + b);
    i++;
  }
  return out;
}

export class StringAttr extends AttrBase {
  readonly kind = 'string';
  constructor(readonly value: string, readonly type: Type | null = null) {
    super();
  }
  toString(): string {
    return escapeString(this.value) + (this.type ? ` : ${this.type}` : '');
  }
}

export class UnitAttr extends AttrBase {
  readonly kind = 'unit';
  static readonly instance = new UnitAttr();
  toString(): string {
    return 'unit';
  }
}

export class ArrayAttr extends AttrBase {
  readonly kind = 'array';
  constructor(readonly elements: readonly Attribute[]) {
    super();
  }
  toString(): string {
    return `[${this.elements.map((e) => arrayElementText(e)).join(', ')}]`;
  }
}

/**
 * An attribute as MLIR prints it inside an array: `: i64` is elided from
 * integers and `: f64` from (non-hex) floats there, and only there.
 */
export function arrayElementText(a: Attribute, text: string = a.toString()): string {
  if (a instanceof IntegerAttr && a.type === i64) return text.slice(0, -' : i64'.length);
  if (a instanceof FloatAttr && a.type.name === 'f64' && !text.startsWith('0x') && !text.startsWith('-0x')) {
    return text.slice(0, -' : f64'.length);
  }
  return text;
}

/** `array<i64: 1, 2>`: a dense array of integers or floats. */
export class DenseArrayAttr extends AttrBase {
  readonly kind = 'dense_array';
  constructor(readonly elementType: IntegerType | FloatType, readonly values: readonly number[]) {
    super();
  }
  static i64(values: readonly number[]): DenseArrayAttr {
    return new DenseArrayAttr(i64, values);
  }
  toString(): string {
    if (this.values.length === 0) return `array<${this.elementType}>`;
    const fmt = (v: number): string => {
      if (this.elementType instanceof FloatType) return formatFloatLiteral(v, this.elementType.name);
      if (this.elementType.width === 1) return v ? 'true' : 'false';
      return String(v);
    };
    return `array<${this.elementType}: ${this.values.map(fmt).join(', ')}>`;
  }
}

export function isBareIdentifier(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_$.]*$/.test(s);
}

/** A named attribute list, always kept sorted by name as MLIR does. */
export class DictionaryAttr extends AttrBase {
  readonly kind = 'dictionary';
  readonly entries: ReadonlyArray<readonly [string, Attribute]>;
  constructor(entries: Iterable<readonly [string, Attribute]>) {
    super();
    this.entries = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
  get(name: string): Attribute | undefined {
    return this.entries.find((e) => e[0] === name)?.[1];
  }
  toString(): string {
    return printNamedAttributes(this.entries);
  }
}

export function printNamedAttributes(entries: Iterable<readonly [string, Attribute]>): string {
  const parts: string[] = [];
  for (const [name, value] of entries) {
    const key = isBareIdentifier(name) ? name : escapeString(name);
    parts.push(value.kind === 'unit' ? key : `${key} = ${value}`);
  }
  return `{${parts.join(', ')}}`;
}

export class TypeAttr extends AttrBase {
  readonly kind = 'type';
  constructor(readonly type: Type) {
    super();
  }
  toString(): string {
    return this.type.toString();
  }
}

export function printSymbolName(name: string): string {
  return '@' + (isBareIdentifier(name) ? name : escapeString(name));
}

/** `@root` or `@root::@nested`. */
export class SymbolRefAttr extends AttrBase {
  readonly kind = 'symbol_ref';
  constructor(readonly root: string, readonly nested: readonly string[] = []) {
    super();
  }
  toString(): string {
    return [this.root, ...this.nested].map(printSymbolName).join('::');
  }
}

/** Attribute of a dialect npuc does not model, e.g. `#foo.bar<...>`, kept verbatim. */
export class OpaqueAttr extends AttrBase {
  readonly kind = 'opaque';
  constructor(readonly text: string) {
    super();
  }
  toString(): string {
    return this.text;
  }
}

// ---------------------------------------------------------------------------
// Dense elements.

export type DenseShapedType = RankedTensorType | VectorType;

/** Bytes per element in dense storage: little-endian, two's complement, i1 as one byte. */
export function elementByteWidth(t: Type): number {
  if (t instanceof IntegerType) return Math.ceil(t.width / 8);
  if (t instanceof IndexType) return 8;
  if (t instanceof FloatType) return floatByteWidth(t.name);
  throw new TypeError(`dense elements of type ${t} are not supported`);
}

function readIntLE(data: Uint8Array, offset: number, bytes: number, type: IntegerType | IndexType): bigint {
  let v = 0n;
  for (let b = bytes - 1; b >= 0; b--) v = (v << 8n) | BigInt(data[offset + b]!);
  const width = type instanceof IndexType ? 64 : type.width;
  if (type instanceof IntegerType && type.isUnsigned) return BigInt.asUintN(width, v);
  if (width === 1) return v & 1n;
  return BigInt.asIntN(width, v);
}

function writeIntLE(data: Uint8Array, offset: number, bytes: number, value: bigint): void {
  let v = BigInt.asUintN(bytes * 8, value);
  for (let b = 0; b < bytes; b++) {
    data[offset + b] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/**
 * `dense<...> : tensor<...>`. Stores raw little-endian bytes; a splat stores a
 * single element. Typed views for evaluators come from the accessors.
 */
export class DenseElementsAttr extends AttrBase {
  readonly kind = 'dense';
  constructor(
    readonly type: DenseShapedType,
    readonly raw: Uint8Array,
    readonly isSplat: boolean,
  ) {
    super();
    const n = isSplat ? 1 : type instanceof RankedTensorType ? type.numElements : type.shape.reduce((a, b) => a * b, 1);
    const expected = n * elementByteWidth(type.elementType);
    if (raw.length !== expected) {
      throw new RangeError(`dense data has ${raw.length} bytes, ${type} needs ${expected}`);
    }
  }
  get elementType(): Type {
    return this.type.elementType;
  }
  get numElements(): number {
    return this.type.shape.reduce((a, b) => a * b, 1);
  }
  get elementBytes(): number {
    return elementByteWidth(this.type.elementType);
  }
  /** Integer element `i` (a splat answers for every index). */
  getInt(i: number): bigint {
    const et = this.type.elementType;
    if (!(et instanceof IntegerType || et instanceof IndexType)) throw new TypeError(`${et} is not an integer type`);
    const w = this.elementBytes;
    return readIntLE(this.raw, this.isSplat ? 0 : i * w, w, et);
  }
  getFloat(i: number): number {
    const et = this.type.elementType;
    if (!(et instanceof FloatType)) throw new TypeError(`${et} is not a float type`);
    const w = this.elementBytes;
    const off = this.isSplat ? 0 : i * w;
    return bitsToFloat(readIntLE(this.raw, off, w, IntegerType.get(w * 8, 'unsigned')), et.name);
  }
  /** All integer elements widened to numbers (exact for widths up to 53 bits). */
  toNumberArray(): number[] {
    const n = this.numElements;
    const out = new Array<number>(n);
    const et = this.type.elementType;
    if (et instanceof FloatType) {
      for (let i = 0; i < n; i++) out[i] = this.getFloat(i);
    } else {
      for (let i = 0; i < n; i++) out[i] = Number(this.getInt(i));
    }
    return out;
  }

  static fromInts(type: DenseShapedType, values: ArrayLike<number | bigint>): DenseElementsAttr {
    const w = elementByteWidth(type.elementType);
    const splat = values.length === 1 && DenseElementsAttr.countOf(type) !== 1;
    const raw = new Uint8Array(values.length * w);
    // Up to 32 bits, safe integers wrap exactly in doubles: no BigInt per element.
    if (w <= 4) {
      const mod = 2 ** (8 * w);
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
          writeIntLE(raw, i * w, w, BigInt(v));
          continue;
        }
        let u = v % mod;
        if (u < 0) u += mod;
        for (let b = 0; b < w; b++) {
          raw[i * w + b] = u & 0xff;
          u = Math.floor(u / 256);
        }
      }
      return new DenseElementsAttr(type, raw, splat);
    }
    for (let i = 0; i < values.length; i++) writeIntLE(raw, i * w, w, BigInt(values[i]!));
    return new DenseElementsAttr(type, raw, splat);
  }

  static fromFloats(type: DenseShapedType, values: readonly number[]): DenseElementsAttr {
    const et = type.elementType;
    if (!(et instanceof FloatType)) throw new TypeError(`${et} is not a float type`);
    const w = elementByteWidth(et);
    const splat = values.length === 1 && DenseElementsAttr.countOf(type) !== 1;
    const raw = new Uint8Array(values.length * w);
    values.forEach((v, i) => writeIntLE(raw, i * w, w, floatToBits(roundToFloat(v, et.name), et.name)));
    return new DenseElementsAttr(type, raw, splat);
  }

  private static countOf(type: DenseShapedType): number {
    return type.shape.reduce((a, b) => a * b, 1);
  }

  /** True when every element equals the first (a non-splat that could be a splat). */
  get allElementsEqual(): boolean {
    if (this.isSplat) return true;
    const w = this.elementBytes;
    for (let i = w; i < this.raw.length; i++) if (this.raw[i] !== this.raw[i % w]) return false;
    return true;
  }

  private text: string | undefined;

  /** Cached: constants are keyed by their text when uniqued (the bytes never change). */
  toString(): string {
    return (this.text ??= `dense<${this.bodyText(100)}> : ${this.type}`);
  }

  /** The text between `dense<` and `>`; hex when there are more than `hexThreshold` elements. */
  bodyText(hexThreshold: number): string {
    const n = this.numElements;
    if (n === 0) return '';
    const et = this.type.elementType;
    const fmt = (i: number): string => {
      if (et instanceof FloatType) return formatFloatLiteral(this.getFloat(i), et.name);
      if (et instanceof IntegerType && et.width === 1 && !et.isUnsigned) return this.getInt(i) ? 'true' : 'false';
      return this.getInt(i).toString();
    };
    // MLIR stores a literal whose elements are all equal as a splat, and prints it so.
    if (this.allElementsEqual) return fmt(0);
    const isI1 = et instanceof IntegerType && et.width === 1;
    if (n > hexThreshold && !isI1) return `"0x${hexOf(this.raw)}"`;
    const shape = this.type.shape;
    let next = 0;
    const nest = (dim: number): string => {
      if (dim === shape.length) return fmt(next++);
      const parts: string[] = [];
      for (let i = 0; i < shape[dim]!; i++) parts.push(nest(dim + 1));
      return `[${parts.join(', ')}]`;
    };
    return nest(0);
  }
}

/** Upper-case hex of `bytes` (Buffer's encoder: fast enough for 25 MB constants). */
export function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
}

/** The blob behind a `dense_resource<key>`; `data` is null for elided or missing blobs. */
export class ResourceHandle {
  constructor(
    readonly key: string,
    public data: Uint8Array | null = null,
    public alignment = 8,
  ) {}
}

/** `dense_resource<key> : tensor<...>`, backed by the file's `{-# dialect_resources #-}` section. */
export class DenseResourceAttr extends AttrBase {
  readonly kind = 'dense_resource';
  constructor(readonly type: DenseShapedType, readonly handle: ResourceHandle) {
    super();
  }
  toString(): string {
    const key = isBareIdentifier(this.handle.key) ? this.handle.key : escapeString(this.handle.key);
    return `dense_resource<${key}> : ${this.type}`;
  }
  /** The same data as dense elements (throws if the blob is elided or has the wrong size). */
  toDense(): DenseElementsAttr {
    if (!this.handle.data) throw new Error(`resource '${this.handle.key}' has no data`);
    return new DenseElementsAttr(this.type, this.handle.data, false);
  }
  override equals(other: Attribute): boolean {
    return other instanceof DenseResourceAttr && other.type === this.type && other.handle === this.handle;
  }
}

export type ElementsAttr = DenseElementsAttr | DenseResourceAttr;

// ---------------------------------------------------------------------------
// Locations.

export type Location = UnknownLoc | FileLineColLoc | NameLoc | FusedLoc | CallSiteLoc;

export class UnknownLoc extends AttrBase {
  readonly kind = 'loc_unknown';
  static readonly instance = new UnknownLoc();
  toString(): string {
    return 'loc(unknown)';
  }
  get body(): string {
    return 'unknown';
  }
}

export class FileLineColLoc extends AttrBase {
  readonly kind = 'loc_file';
  /** `endLine`/`endCol` make it a range, `"f":1:2 to 3:4` (MLIR's FileLineColRange). */
  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    readonly endLine: number | null = null,
    readonly endCol: number | null = null,
  ) {
    super();
  }
  get body(): string {
    const start = `${escapeString(this.file)}:${this.line}:${this.col}`;
    if (this.endCol === null) return start;
    return this.endLine === null || this.endLine === this.line ? `${start} to :${this.endCol}` : `${start} to ${this.endLine}:${this.endCol}`;
  }
  toString(): string {
    return `loc(${this.body})`;
  }
}

export class NameLoc extends AttrBase {
  readonly kind = 'loc_name';
  constructor(readonly name: string, readonly child: Location | null = null) {
    super();
  }
  get body(): string {
    return escapeString(this.name) + (this.child && this.child.kind !== 'loc_unknown' ? `(${this.child.body})` : '');
  }
  toString(): string {
    return `loc(${this.body})`;
  }
}

export class FusedLoc extends AttrBase {
  readonly kind = 'loc_fused';
  constructor(readonly locations: readonly Location[], readonly metadata: Attribute | null = null) {
    super();
  }
  /**
   * A fused location normalized as MLIR's FusedLoc::get does: nested fused
   * locations with the same metadata are flattened, unknown locations and
   * duplicates dropped; no location left gives `loc(unknown)` (or
   * `fused<meta>[unknown]`), a single one without metadata is returned as is.
   */
  static get(locs: readonly Location[], metadata: Attribute | null = null): Location {
    const seen = new Set<string>();
    const out: Location[] = [];
    const add = (l: Location): void => {
      const key = l.toString();
      if (seen.has(key)) return;
      seen.add(key);
      out.push(l);
    };
    const sameMeta = (m: Attribute | null): boolean => (m === null ? metadata === null : metadata !== null && m.equals(metadata));
    for (const l of locs) {
      if (l instanceof FusedLoc && sameMeta(l.metadata)) l.locations.forEach(add);
      else if (l.kind !== 'loc_unknown') add(l);
    }
    if (out.length === 0) return metadata === null ? UnknownLoc.instance : new FusedLoc([UnknownLoc.instance], metadata);
    if (out.length === 1 && metadata === null) return out[0]!;
    return new FusedLoc(out, metadata);
  }
  get body(): string {
    const meta = this.metadata ? `<${this.metadata}>` : '';
    return `fused${meta}[${this.locations.map((l) => l.body).join(', ')}]`;
  }
  toString(): string {
    return `loc(${this.body})`;
  }
}

export class CallSiteLoc extends AttrBase {
  readonly kind = 'loc_callsite';
  constructor(readonly callee: Location, readonly caller: Location) {
    super();
  }
  get body(): string {
    return `callsite(${this.callee.body} at ${this.caller.body})`;
  }
  toString(): string {
    return `loc(${this.body})`;
  }
}

/** The first file position inside a location, used to place diagnostics. */
export function fileLocationOf(loc: Location): FileLineColLoc | null {
  switch (loc.kind) {
    case 'loc_file':
      return loc;
    case 'loc_name':
      return loc.child ? fileLocationOf(loc.child) : null;
    case 'loc_fused':
      for (const l of loc.locations) {
        const f = fileLocationOf(l);
        if (f) return f;
      }
      return null;
    case 'loc_callsite':
      return fileLocationOf(loc.callee);
    default:
      return null;
  }
}

export type Attribute =
  | IntegerAttr
  | FloatAttr
  | StringAttr
  | UnitAttr
  | ArrayAttr
  | DenseArrayAttr
  | DictionaryAttr
  | TypeAttr
  | SymbolRefAttr
  | OpaqueAttr
  | DenseElementsAttr
  | DenseResourceAttr
  | Location;
