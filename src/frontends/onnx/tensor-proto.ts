// ONNX TensorProto decoding (initializers, Constant nodes, `.pb` test data),
// with every size checked against the bytes actually present before anything is
// allocated: a tensor that declares 2 GB in a 1 KB file is an error, not an
// allocation.

import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import onnxProto from 'onnx-proto';
import { Tensor, storageFor, type TensorData } from '../../ir/tensor.js';
import { FloatType, IntegerType, i1, type Type } from '../../ir/types.js';
import { bitsToF16, bitsToBf16 } from '../../ir/float-bits.js';

const { onnx } = onnxProto;
export type TensorProto = InstanceType<typeof onnx.TensorProto>;

export class OnnxTensorError extends Error {}

/** ONNX TensorProto.DataType codes npuc reads, and their element types. */
export const onnxElementTypes: ReadonlyMap<number, Type> = new Map<number, Type>([
  [1, FloatType.get('f32')],
  [2, IntegerType.get(8, 'unsigned')],
  [3, IntegerType.get(8)],
  [4, IntegerType.get(16, 'unsigned')],
  [5, IntegerType.get(16)],
  [6, IntegerType.get(32)],
  [7, IntegerType.get(64)],
  [9, i1],
  [10, FloatType.get('f16')],
  [11, FloatType.get('f64')],
  [12, IntegerType.get(32, 'unsigned')],
  [13, IntegerType.get(64, 'unsigned')],
  [16, FloatType.get('bf16')],
]);

const onnxTypeNames: Record<number, string> = {
  8: 'STRING',
  14: 'COMPLEX64',
  15: 'COMPLEX128',
  17: 'FLOAT8E4M3FN',
  18: 'FLOAT8E4M3FNUZ',
  19: 'FLOAT8E5M2',
  20: 'FLOAT8E5M2FNUZ',
  21: 'UINT4',
  22: 'INT4',
};

export function onnxTypeName(code: number): string {
  return onnxTypeNames[code] ?? `data type ${code}`;
}

/** Element type for an ONNX data type code; throws for types npuc does not support. */
export function elementTypeOfOnnx(code: number): Type {
  const t = onnxElementTypes.get(code);
  if (!t) throw new OnnxTensorError(`unsupported tensor element type ${onnxTypeName(code)}`);
  return t;
}

function toNumber(v: number | { toNumber(): number } | string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Number(v);
  return v.toNumber();
}

/** Bytes per element in raw_data. */
function rawWidth(t: Type): number {
  if (t instanceof IntegerType) return t.width === 1 ? 1 : t.width / 8;
  if (t instanceof FloatType) return t.name === 'f64' ? 8 : t.name === 'f32' ? 4 : 2;
  throw new OnnxTensorError(`no raw layout for ${t}`);
}

export interface DecodeOptions {
  /** Directory external data paths are relative to (the model's directory). */
  baseDir?: string;
}

/** Reads the bytes of a tensor stored outside the model (`data_location: EXTERNAL`). */
function externalBytes(tp: TensorProto, opts: DecodeOptions): Uint8Array {
  const entries = new Map((tp.externalData ?? []).map((e) => [e.key ?? '', e.value ?? '']));
  const location = entries.get('location');
  if (!location) throw new OnnxTensorError(`external tensor '${tp.name}' has no 'location'`);
  if (opts.baseDir === undefined) throw new OnnxTensorError(`external tensor '${tp.name}' needs the model's directory`);
  const rel = normalize(location);
  if (isAbsolute(rel) || rel === '..' || rel.startsWith('..' + sep)) {
    throw new OnnxTensorError(`external tensor '${tp.name}' location '${location}' is outside the model directory`);
  }
  const path = join(opts.baseDir, rel);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new OnnxTensorError(`external tensor '${tp.name}': cannot read '${location}'`);
  }
  const offset = Number(entries.get('offset') ?? '0');
  const length = entries.has('length') ? Number(entries.get('length')) : size - offset;
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > size) {
    throw new OnnxTensorError(`external tensor '${tp.name}': offset ${offset} and length ${length} do not fit '${location}' (${size} bytes)`);
  }
  return readFileSync(path).subarray(offset, offset + length);
}

/** Decodes a TensorProto into a tensor. */
export function decodeTensorProto(tp: TensorProto, opts: DecodeOptions = {}): Tensor {
  const name = tp.name ? `'${tp.name}'` : '(unnamed)';
  const et = elementTypeOfOnnx(tp.dataType);
  const shape = (tp.dims ?? []).map((d) => {
    const n = toNumber(d as number);
    if (!Number.isSafeInteger(n) || n < 0) throw new OnnxTensorError(`tensor ${name} has invalid dimension ${n}`);
    return n;
  });
  const count = shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(count)) throw new OnnxTensorError(`tensor ${name} has too many elements`);

  const external = tp.dataLocation === 1;
  const raw = external ? externalBytes(tp, opts) : tp.rawData && tp.rawData.length > 0 ? tp.rawData : null;
  const storage = storageFor(et);
  if (raw) {
    const w = rawWidth(et);
    if (raw.length !== count * w) {
      throw new OnnxTensorError(`tensor ${name} has ${raw.length} bytes of data, shape [${shape.join(', ')}] needs ${count * w}`);
    }
    const copy = new Uint8Array(raw); // a copy: Buffer.slice would alias the pooled buffer
    if (et instanceof FloatType && (et.name === 'f16' || et.name === 'bf16')) {
      const bits = new Uint16Array(copy.buffer);
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = et.name === 'f16' ? bitsToF16(bits[i]!) : bitsToBf16(bits[i]!);
      return new Tensor(shape, et, out);
    }
    if (et === i1) return new Tensor(shape, et, Uint8Array.from(copy, (b) => (b ? 1 : 0)));
    return new Tensor(shape, et, new (storage as unknown as new (b: ArrayBuffer) => TensorData)(copy.buffer));
  }

  // Typed fields: which one holds the data depends on the element type.
  let values: ArrayLike<number | { toNumber(): number } | string> | null = null;
  let field = '';
  const code = tp.dataType;
  if (code === 1) [values, field] = [tp.floatData, 'float_data'];
  else if (code === 11) [values, field] = [tp.doubleData, 'double_data'];
  else if (code === 7) [values, field] = [tp.int64Data as never, 'int64_data'];
  else if (code === 12 || code === 13) [values, field] = [tp.uint64Data as never, 'uint64_data'];
  else [values, field] = [tp.int32Data, 'int32_data'];
  const n = values?.length ?? 0;
  if (n !== count) throw new OnnxTensorError(`tensor ${name} has ${n} values in ${field}, shape [${shape.join(', ')}] needs ${count}`);
  const t = Tensor.zeros(shape, et);
  const d = t.data;
  if (d instanceof BigInt64Array || d instanceof BigUint64Array) {
    for (let i = 0; i < count; i++) {
      const v = values![i]!;
      d[i] = typeof v === 'object' ? BigInt(v.toString()) : BigInt(v);
    }
  } else if (et instanceof FloatType && (code === 10 || code === 16)) {
    // float16/bfloat16 values are stored as their bit patterns in int32_data.
    for (let i = 0; i < count; i++) d[i] = code === 10 ? bitsToF16(toNumber(values![i]!)) : bitsToBf16(toNumber(values![i]!));
  } else {
    for (let i = 0; i < count; i++) d[i] = toNumber(values![i]!);
  }
  return t;
}

/** Decodes a serialized TensorProto (a `.pb` file as in ONNX's test data). */
export function readTensorProtoFile(bytes: Uint8Array, opts: DecodeOptions = {}): { name: string; tensor: Tensor } {
  let tp: TensorProto;
  try {
    tp = onnx.TensorProto.decode(bytes);
  } catch (e) {
    throw new OnnxTensorError(`not a TensorProto: ${(e as Error).message}`);
  }
  return { name: tp.name ?? '', tensor: decodeTensorProto(tp, opts) };
}

/** A tensor's data as MLIR dense storage: little-endian bytes, i1 as one byte, f16/bf16 as their bits. */
export interface DenseTensorBytes {
  readonly shape: number[];
  readonly elementType: Type;
  readonly raw: Uint8Array;
}

/**
 * Decodes a TensorProto straight into dense storage bytes (for constants in
 * the IR), with the same size checks as decodeTensorProto. Unlike going through
 * a Tensor, f16/bf16 keep their exact bit patterns.
 */
export function decodeTensorProtoDense(tp: TensorProto, opts: DecodeOptions = {}): DenseTensorBytes {
  const et = elementTypeOfOnnx(tp.dataType);
  if (et instanceof FloatType && (et.name === 'f16' || et.name === 'bf16')) {
    const name = tp.name ? `'${tp.name}'` : '(unnamed)';
    const shape = (tp.dims ?? []).map((d) => {
      const n = toNumber(d as number);
      if (!Number.isSafeInteger(n) || n < 0) throw new OnnxTensorError(`tensor ${name} has invalid dimension ${n}`);
      return n;
    });
    const count = shape.reduce((a, b) => a * b, 1);
    if (!Number.isSafeInteger(count)) throw new OnnxTensorError(`tensor ${name} has too many elements`);
    const raw = tp.dataLocation === 1 ? externalBytes(tp, opts) : tp.rawData && tp.rawData.length > 0 ? tp.rawData : null;
    if (raw) {
      if (raw.length !== count * 2) {
        throw new OnnxTensorError(`tensor ${name} has ${raw.length} bytes of data, shape [${shape.join(', ')}] needs ${count * 2}`);
      }
      return { shape, elementType: et, raw: new Uint8Array(raw) };
    }
    const values = tp.int32Data ?? [];
    if (values.length !== count) {
      throw new OnnxTensorError(`tensor ${name} has ${values.length} values in int32_data, shape [${shape.join(', ')}] needs ${count}`);
    }
    const bits = new Uint16Array(count);
    for (let i = 0; i < count; i++) bits[i] = values[i]!;
    return { shape, elementType: et, raw: new Uint8Array(bits.buffer) };
  }
  const t = decodeTensorProto(tp, opts);
  const d = t.data;
  return { shape: [...t.shape], elementType: et, raw: new Uint8Array(d.buffer, d.byteOffset, d.byteLength) };
}
