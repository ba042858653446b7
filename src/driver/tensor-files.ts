// Tensors as the blob workflow (`npuc run` on a blob, `golden`, `check`)
// reads and writes them: blob element types as npuc types, checks of a
// tensor read from a file against what a blob expects, `.npy` encoding,
// file names made from tensor names, and SHA-256 digests.

import { createHash } from 'node:crypto';
import { UnknownLoc } from '../ir/attributes.js';
import { Diagnostic, DiagnosticError } from '../ir/diagnostics.js';
import { Tensor } from '../ir/tensor.js';
import { FloatType, IntegerType, QuantUniformType, type Type } from '../ir/types.js';
import type { BlobDType } from '../codegen/blob-types.js';
import { writeNpy } from '../runtime/npy.js';

export { readTensorFile } from './run.js';

/** Throws a DiagnosticError `origin: error: message`. */
export function failAt(origin: string, message: string): never {
  throw new DiagnosticError(new Diagnostic('error', message, UnknownLoc.instance, origin));
}

const ELEMENT_TYPES: Readonly<Record<BlobDType, () => Type>> = {
  i1: () => IntegerType.get(1),
  i8: () => IntegerType.get(8),
  ui8: () => IntegerType.get(8, 'unsigned'),
  i16: () => IntegerType.get(16),
  ui16: () => IntegerType.get(16, 'unsigned'),
  i32: () => IntegerType.get(32),
  ui32: () => IntegerType.get(32, 'unsigned'),
  i48: () => IntegerType.get(48),
  i64: () => IntegerType.get(64),
  f16: () => FloatType.get('f16'),
  f32: () => FloatType.get('f32'),
  f64: () => FloatType.get('f64'),
};

/** The npuc element type of a blob dtype. */
export function elementTypeOf(dtype: BlobDType): Type {
  return ELEMENT_TYPES[dtype]();
}

/** The blob dtype of an element type (the storage type of a quantized one); null when a blob cannot hold it. */
export function blobDTypeOf(t: Type): BlobDType | null {
  const et = t instanceof QuantUniformType ? t.storageType : t;
  for (const [k, make] of Object.entries(ELEMENT_TYPES)) if (make() === et) return k as BlobDType;
  return null;
}

export const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** What a tensor file must hold: an element type and a shape. */
export interface TensorSpec {
  readonly dtype: BlobDType;
  readonly shape: readonly number[];
}

/**
 * Checks a tensor read from `file` against `spec`; `what` names it
 * (`input 'x'`). Throws `file: error: ...` on a wrong dtype or shape.
 */
export function checkTensor(t: Tensor, spec: TensorSpec, what: string, file: string): Tensor {
  const found = blobDTypeOf(t.elementType) ?? String(t.elementType);
  if (found !== spec.dtype) failAt(file, `${what} has element type ${found}, expected ${spec.dtype} (shape ${shapeText(spec.shape)})`);
  if (t.shape.length !== spec.shape.length || t.shape.some((d, i) => d !== spec.shape[i])) {
    failAt(file, `${what} has shape ${shapeText(t.shape)}, expected ${shapeText(spec.shape)} (${spec.dtype})`);
  }
  return t;
}

/** A tensor as `.npy` bytes (a quantized tensor as its storage type); `origin: error` when `.npy` cannot hold it. */
export function encodeNpy(t: Tensor, what: string, origin: string): Uint8Array {
  const et = t.elementType;
  if (et instanceof FloatType && et.name !== 'f16' && et.name !== 'f32' && et.name !== 'f64') failAt(origin, `cannot write ${what} (${t.type}) as .npy: ${et} is not supported`);
  try {
    return writeNpy(et instanceof QuantUniformType ? new Tensor(t.shape, et.storageType, t.data) : t);
  } catch (e) {
    return failAt(origin, `cannot write ${what} (${t.type}) as .npy: ${(e as Error).message}`);
  }
}

/**
 * File names (without extension) for tensor names: characters other than
 * letters, digits, `_`, `.` and `-` become `_`, a leading dot `_`, and a
 * repeated name gets `_N` appended (N its position), so names stay unique.
 */
export function fileNamesFor(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((n, i) => {
    let name = n.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\./, '_') || `tensor${i}`;
    while (used.has(name.toLowerCase())) name = `${name}_${i}`;
    used.add(name.toLowerCase());
    return name;
  });
}

/** Lower-case hex SHA-256 of `bytes`. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
