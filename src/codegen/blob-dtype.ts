// Blob dtypes (blob-types.ts `BlobDType`) as npuc element types, and their
// sizes: in a host tensor's raw data, and in an NPU region (docs/nir.md).

import { FloatType, IntegerType, QuantUniformType, type Type } from '../ir/types.js';
import type { BlobDType } from './blob-types.js';

/** The npuc element type of a blob dtype. */
export function elementTypeOfDType(dtype: BlobDType): Type {
  switch (dtype) {
    case 'i1':
      return IntegerType.get(1);
    case 'ui8':
      return IntegerType.get(8, 'unsigned');
    case 'ui16':
      return IntegerType.get(16, 'unsigned');
    case 'ui32':
      return IntegerType.get(32, 'unsigned');
    case 'f16':
    case 'f32':
    case 'f64':
      return FloatType.get(dtype);
    default:
      return IntegerType.get(Number(dtype.slice(1)));
  }
}

/** The blob dtype of an element type (a quantized type's storage type); null when a blob cannot hold it. */
export function dtypeOf(t: Type): BlobDType | null {
  const et = t instanceof QuantUniformType ? t.storageType : t;
  if (et instanceof FloatType) return et.name === 'f16' || et.name === 'f32' || et.name === 'f64' ? et.name : null;
  if (!(et instanceof IntegerType) || et.signedness === 'signed') return null;
  const name = `${et.isUnsigned ? 'ui' : 'i'}${et.width}`;
  const known: readonly string[] = ['i1', 'i8', 'ui8', 'i16', 'ui16', 'i32', 'ui32', 'i48', 'i64'];
  return known.includes(name) ? (name as BlobDType) : null;
}

/** Bytes per element of the dtypes an NPU region can hold (docs/nir.md), null for the others. */
export function npuElementBytes(dtype: BlobDType): number | null {
  switch (dtype) {
    case 'i8':
    case 'ui8':
      return 1;
    case 'i16':
      return 2;
    case 'i32':
      return 4;
    case 'i48':
    case 'i64':
      return 8;
    default:
      return null;
  }
}

/** Bytes per element of any dtype in raw little-endian data (i48 sign-extended to 8 bytes). */
export function dtypeBytes(dtype: BlobDType): number {
  switch (dtype) {
    case 'i1':
    case 'i8':
    case 'ui8':
      return 1;
    case 'i16':
    case 'ui16':
    case 'f16':
      return 2;
    case 'i32':
    case 'ui32':
    case 'f32':
      return 4;
    case 'i48':
    case 'i64':
    case 'f64':
      return 8;
  }
}
