// A vipnano job as npuc's blob holds it, and the contract between the
// encoders (nir -> descriptors) and the executor (descriptors -> results).
// Facts: shared/targets/vipnano.md; descriptor fields: descriptors.ts; weight
// streams: zrl.ts; requantization: requant.ts.
//
// Regions (the command stream's numbering): 0 coefficients (descriptors,
// weight streams, TP parameters), 1 io, 2 scratch.
//
// Addresses. The real driver writes GPU virtual addresses into descriptors.
// npuc's model: a 32-bit address is `region << 28 | offset`, the offset
// being bytes into the region (so regions are at most 256 MiB). Fields
// stored `>> 6` (kernel_address) hold that address shifted, so what they
// point at is 64-byte aligned.
//
// The command stream ("the blob stores the descriptor list and the kick
// order"): little-endian 32-bit words
//   word 0      magic 0x4E56504E (the bytes "NPVN")
//   word 1      job count J (at most MAX_JOBS)
//   then J pairs: kind (JOB_KIND), descriptor address (region 0, 64-byte aligned)
// The executor kicks them in order, each to completion.
//
// Images (npuc's model of the NN and TP cores): 8-bit elements (data type
// UINT8 = 2 or INT8 = 0, descriptors.ts DATA_TYPE), planar: element (x, y, z)
// of an image at address A with x stride X and y stride Y (in elements) is at
// A + (z * Y + y) * X + x. Feature maps are planar in vipnano's nir (NCHW:
// strides [C*H*W, W, 1, H*W]), so an nir view of shape [1, H, W, C] with
// strides [*, W', 1, W'*H'] is an image with X = W' and Y = H'; a view whose
// x stride is not 1, or whose channel stride is not a whole number of rows,
// has no NN encoding (BackendError).

import type { Value } from '../../ir/operation.js';

export const VIPNANO_MAGIC = 0x4e56504e;
/** Bound on the jobs of one command stream (a malformed count is an error, not a long loop). */
export const MAX_JOBS = 1 << 16;

export const JOB_KIND = { NN: 0, TP: 1 } as const;
export type JobKind = keyof typeof JOB_KIND;

export const REGION = { coefficients: 0, io: 1, scratch: 2 } as const;

export const ADDRESS_REGION_SHIFT = 28;
export const ADDRESS_OFFSET_MASK = (1 << ADDRESS_REGION_SHIFT) - 1;

/** `region << 28 | offset`. */
export function packAddress(region: number, offset: number): number {
  return ((region << ADDRESS_REGION_SHIFT) | offset) >>> 0;
}
export function unpackAddress(address: number): { region: number; offset: number } {
  return { region: address >>> ADDRESS_REGION_SHIFT, offset: address & ADDRESS_OFFSET_MASK };
}

/** The NN core's configuration npuc models (VIPNano-QI, etnaviv's core info). */
export const NN_CORES = 1;
/** Widest zero-run length field the cores decode. */
export const MAX_ZRL_BITS = 8;

/** One job of a command stream, as the encoder produced it. */
export interface EncodedJob {
  readonly kind: JobKind;
  /** The descriptor's words (NN_DESCRIPTOR_WORDS or TP_DESCRIPTOR_WORDS). */
  readonly descriptor: Uint32Array;
  /** Where the job came from (`loc(...)`). */
  readonly location: string;
}

/**
 * What an encoder needs from the segment being encoded: where a view's bytes
 * are, and room in the coefficients region for weight streams and tables.
 */
export interface JobContext {
  /** The address (`region << 28 | offset`) of a view's first element. */
  addressOf(view: Value): number;
  /** Appends `bytes` to the coefficients region at a 64-byte boundary; returns its address. */
  addCoefficients(bytes: Uint8Array): number;
}
