// A `.npub` blob as the rest of npuc sees it once the reader has validated
// it (src/codegen/blob.ts): the manifest's contents with every index
// resolved and every section sliced out. The schema is src/codegen/blob.proto.

import type { Layout, RegionKind } from '../dialects/nir/memory.js';

/** Element types a blob tensor may have (the manifest's DType, lower-cased as MLIR spells them). */
export type BlobDType = 'i1' | 'i8' | 'ui8' | 'i16' | 'ui16' | 'i32' | 'ui32' | 'i48' | 'i64' | 'f16' | 'f32' | 'f64';

export interface BlobQuantization {
  readonly scale: readonly number[];
  readonly zeroPoint: readonly number[];
  readonly axis: number;
}

export interface BlobTensor {
  readonly name: string;
  readonly dtype: BlobDType;
  readonly shape: readonly number[];
  readonly quantization: BlobQuantization | null;
  /** Where the producing NPU segment leaves it; null for host-only tensors. */
  readonly placement: { readonly region: number; readonly offset: number } | null;
}

/** How a segment reads or writes one tensor. */
export interface BlobBinding {
  /** Index into `LoadedBlob.tensors`. */
  readonly tensor: number;
  /** NPU segments: region index (target numbering), byte offset, layout, element strides (NHWC). */
  readonly region: number;
  readonly offset: number;
  readonly layout: Layout;
  readonly strides: readonly number[];
}

export interface BlobRegion {
  readonly index: number;
  readonly kind: RegionKind;
  readonly size: number;
  /** Initial contents (a view of the blob's bytes: copy before writing); null: zeroed. */
  readonly contents: Uint8Array | null;
}

export interface NpuSegment {
  readonly kind: 'npu';
  readonly name: string;
  readonly inputs: readonly BlobBinding[];
  readonly outputs: readonly BlobBinding[];
  readonly regions: readonly BlobRegion[];
  readonly commandStream: Uint8Array;
  /** `locations[i]`: the debug location of the stream's operation i ('' when unknown). */
  readonly locations: readonly string[];
}

export interface CpuSegment {
  readonly kind: 'cpu';
  readonly name: string;
  readonly inputs: readonly BlobBinding[];
  readonly outputs: readonly BlobBinding[];
  /** One `func.func` at the tosa level, in MLIR syntax. */
  readonly program: string;
  /** The data of each `dense_resource<key>` the program uses. */
  readonly resources: ReadonlyMap<string, Uint8Array>;
}

export type BlobSegment = NpuSegment | CpuSegment;

export interface BlobSection {
  readonly name: string;
  readonly kind: 'COMMAND_STREAM' | 'REGION_DATA' | 'TOSA_TEXT' | 'CONSTANT';
  readonly offset: number;
  readonly size: number;
}

export interface LoadedBlob {
  /** The file the blob came from (for messages). */
  readonly fileName: string;
  readonly formatVersion: number;
  readonly compiler: string;
  readonly target: string;
  readonly options: ReadonlyMap<string, string>;
  readonly sections: readonly BlobSection[];
  readonly tensors: readonly BlobTensor[];
  readonly segments: readonly BlobSegment[];
  /** Graph inputs and outputs: indices into `tensors`. */
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  /** The whole file. */
  readonly bytes: Uint8Array;
}
