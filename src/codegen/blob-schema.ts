// The blob manifest's protobuf schema (src/codegen/blob.proto), loaded once at
// run time with protobufjs, and the names of its enums as npuc spells them.
// The .proto file is the one source of truth: nothing here repeats field
// numbers.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import type { Layout, RegionKind } from '../dialects/nir/memory.js';
import type { BlobDType, BlobSection } from './blob-types.js';

let manifestType: protobuf.Type | null = null;

/**
 * The `npuc.blob.Manifest` message type. The schema sits next to this file
 * under src (vitest, tsx) and three levels up from dist/src/codegen after
 * `tsc` (package.json ships `src/codegen/blob.proto`).
 */
export function manifestMessage(): protobuf.Type {
  if (manifestType) return manifestType;
  const candidates = [new URL('./blob.proto', import.meta.url), new URL('../../../src/codegen/blob.proto', import.meta.url)];
  const file = candidates.map((u) => fileURLToPath(u)).find((p) => existsSync(p));
  if (!file) throw new Error('npuc installation is broken: src/codegen/blob.proto not found');
  manifestType = protobuf.loadSync(file).lookupType('npuc.blob.Manifest');
  return manifestType;
}

/** Options for `Type.toObject`: every field present, enums and 64-bit integers as numbers. */
export const DECODE_OPTIONS: protobuf.IConversionOptions = { longs: Number, enums: Number, defaults: true, arrays: true };

// Enum numbering, index = value (blob.proto). `null` marks the UNSPECIFIED zero value.
export const DTYPES: readonly (BlobDType | null)[] = [null, 'i1', 'i8', 'ui8', 'i16', 'ui16', 'i32', 'ui32', 'i48', 'i64', 'f16', 'f32', 'f64'];
export const SECTION_KINDS: readonly (BlobSection['kind'] | null)[] = [null, 'COMMAND_STREAM', 'REGION_DATA', 'TOSA_TEXT', 'CONSTANT'];
export const LAYOUT_VALUES: readonly Layout[] = ['NHWC', 'NHCWB16', 'NC1HWC2'];
export const REGION_KIND_VALUES: readonly (RegionKind | null)[] = [null, 'io', 'scratch', 'coefficients'];
export const SEGMENT_KIND_VALUES: readonly ('npu' | 'cpu' | null)[] = [null, 'npu', 'cpu'];

/** Enum name in the .proto for `value` of `table` (the writer hands protobufjs numbers). */
export function enumValue<T>(table: readonly (T | null)[], value: T): number {
  const i = table.indexOf(value);
  if (i < 0) throw new RangeError(`no enum value for '${String(value)}'`);
  return i;
}
