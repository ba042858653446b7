// npuc's NN job: what one NN descriptor says, as values, and the two
// directions between those values and the descriptor's words. The encoder
// (nn-encode.ts) builds an NnJob and packs it; the executor (nn-execute.ts)
// unpacks the words and runs what they say. The model (every field, the
// arithmetic, the deviations from Mesa) is written out in docs/vipnano.md;
// unpacking checks every field value the model reads and
// throws BackendError for anything outside it (memory is checked by the
// executor, which knows the regions).
//
// Fields Mesa leaves unused that npuc's model gives a meaning (Mesa writes
// them 0, so a descriptor Mesa writes is a plain convolution here):
//   unused13  (word 24, bits 0-3)   flags: bit 0 CLAMP, bit 1 ADD; others 0
//   unused12  (word 23)             CLAMP bounds: bits 0-15 lo, 16-31 hi (int16)
//   unused14  (word 24, bits 4-31)  ADD input A scale: bits 0-14 post
//                                   multiplier, bits 15-21 post shift (requant.ts)
//   unused16  (word 25, bits 4-31)  ADD input B scale, likewise
//   further1  (word 26)             ADD input B image address
//   further2  (word 27)             ADD input B: bits 0-7 zero point (a byte
//                                   of B's data type), bits 8-10 data type
// Every other field is Mesa's; see docs/vipnano.md for how npuc reads it.

import { BackendError } from '../../codegen/backend.js';
import { DATA_TYPE, LAYER_TYPE, NN_DESCRIPTOR_WORDS, NN_FIELDS, POOLING_TYPE, SRAM_CACHE_MODE, joinSplitFields, packDescriptor, splitJoinedFields, unpackDescriptor } from './descriptors.js';
import { postScaleFields, postScaleFromFields, type PostScale } from './requant.js';

export type NnDataType = keyof typeof DATA_TYPE;

/** npuc's flags in `unused13`. */
export const NN_FLAG = { CLAMP: 1, ADD: 2 } as const;

/** A planar 8-bit image: element (x, y, z) at address + (z * yStride + y) * xStride + x (job.ts). */
export interface NnImage {
  /** `region << 28 | offset`. */
  readonly address: number;
  readonly xSize: number;
  readonly ySize: number;
  readonly zSize: number;
  readonly xStride: number;
  readonly yStride: number;
  readonly dataType: NnDataType;
}

export interface NnAdd {
  /** Input B: the input image's sizes and strides at this address. */
  readonly bAddress: number;
  readonly bDataType: NnDataType;
  readonly bZeroPoint: number;
  /** Input A's zero point is the input image's border constant. */
  readonly aScale: PostScale;
  readonly bScale: PostScale;
}

/** Fields carried as data: the executor does not read them (docs/vipnano.md). */
export interface NnTiling {
  readonly kernelsPerCore: number;
  readonly tileX: number;
  readonly tileY: number;
}

export interface NnJob {
  /** zSize = kernel_z_size (the kernel's depth). */
  readonly input: NnImage;
  /** in_image_border_const: the value of taps outside the input (a value of its data type). */
  readonly borderConst: number;
  /** in_image_x_offset / in_image_y_offset: input position of output (0, 0)'s first tap. */
  readonly offsetX: number;
  readonly offsetY: number;
  /** kernel_address << 6 (the weight stream's address), its width, height, data type and zero point. */
  readonly kernel: { readonly address: number; readonly xSize: number; readonly ySize: number; readonly dataType: NnDataType; readonly zeroPoint: number };
  /** x/y sizes: the convolution's output (before pooling); zSize: the kernels; strides: the image written. */
  readonly output: NnImage;
  readonly outZeroPoint: number;
  readonly post: PostScale;
  readonly relu: boolean;
  /** pooling MAX with pooling_xy_size 0: 2x2 windows at stride 2. */
  readonly maxPool: boolean;
  readonly clamp: readonly [number, number] | null;
  readonly add: NnAdd | null;
  readonly tiling: NnTiling;
}

const TYPE_RANGE: Record<NnDataType, [number, number]> = { INT8: [-128, 127], UINT8: [0, 255] };

export function dataTypeRange(t: NnDataType): [number, number] {
  return TYPE_RANGE[t];
}

/** The byte holding `v` in data type `t`. */
export function toByte(v: number, t: NnDataType, what: string): number {
  const [lo, hi] = TYPE_RANGE[t];
  if (!Number.isInteger(v) || v < lo || v > hi) throw new BackendError(`${what} ${v} is outside ${t}'s range [${lo}, ${hi}]`);
  return v & 0xff;
}

/** The value of byte `b` in data type `t`. */
export function fromByte(b: number, t: NnDataType): number {
  return t === 'INT8' && b >= 128 ? b - 256 : b;
}

/** The data type's code (a joined 3-bit field). */
function typeCode(t: NnDataType): number {
  return DATA_TYPE[t];
}

function typeOf(code: number, what: string): NnDataType {
  if (code === DATA_TYPE.INT8) return 'INT8';
  if (code === DATA_TYPE.UINT8) return 'UINT8';
  throw new BackendError(`vipnano NN descriptor: ${what} data type ${code} is neither INT8 (0) nor UINT8 (2)`);
}

const SCALE_BITS = 22;
function packScale(p: PostScale): number {
  return p.postMultiplier | (p.postShift << 15);
}
function unpackScale(v: number, what: string): PostScale {
  if (v >= 2 ** SCALE_BITS) throw new BackendError(`vipnano NN descriptor: ${what} 0x${v.toString(16)} has bits above bit ${SCALE_BITS - 1}`);
  return { postMultiplier: v & 0x7fff, postShift: v >>> 15 };
}

const int16 = (v: number): number => (v >= 0x8000 ? v - 0x10000 : v);

/** Mesa's values for the fields npuc carries without reading (no circular buffers, flush each layer). */
const MESA_CONSTANTS = {
  nn_layer_flush: 1,
  rounding_mode: 1,
  out_image_circular_buf_end_addr_plus_1: 0x3ffffff,
  in_image_circular_buf_end_addr_plus_1: 0x3ffffff,
  further3: 0x3ffffff,
  further4: 0x7f800000,
  further5: 0xff800000,
  // npuc's model has no SRAM: no image or kernel caching (docs/vipnano.md).
  image_caching_mode: SRAM_CACHE_MODE.NO_CACHE,
  kernel_caching_mode: SRAM_CACHE_MODE.NO_CACHE,
  image_cache_start_address: 0,
  image_cache_end_address: 0x800,
} as const;

/** The descriptor of `job`. A value that does not fit its field is a BackendError naming the field. */
export function packNnJob(job: NnJob): Uint32Array {
  const { input: i, output: o, kernel: k, post, add } = job;
  postScaleFields(post); // checks the ranges
  const flags = (job.clamp ? NN_FLAG.CLAMP : 0) | (add ? NN_FLAG.ADD : 0);
  const logical: Record<string, number> = {
    ...MESA_CONSTANTS,
    layer_type: LAYER_TYPE.CONV,
    kernel_xy_size: k.xSize,
    kernel_y_size: k.ySize,
    kernel_z_size: i.zSize,
    kernels_per_core: job.tiling.kernelsPerCore,
    pooling: job.maxPool ? POOLING_TYPE.MAX : POOLING_TYPE.NON,
    // Mesa: 1 with NON, 0 with FIRST_PIXEL (a 2x2 window); npuc: 0 with MAX, a 2x2 window.
    pooling_xy_size: job.maxPool ? 0 : 1,
    kernel_data_type: typeCode(k.dataType),
    in_image_data_type: typeCode(i.dataType),
    out_image_data_type: typeCode(o.dataType),
    in_image_x_size: i.xSize,
    in_image_y_size: i.ySize,
    in_image_x_offset: job.offsetX,
    in_image_y_offset: job.offsetY,
    relu: job.relu ? 1 : 0,
    // Joined values (descriptors.ts NN_SPLIT_FIELDS): the 15-bit multiplier and the 7-bit shift.
    post_multiplier: post.postMultiplier,
    post_shift: post.postShift,
    out_image_x_size: o.xSize,
    out_image_y_size: o.ySize,
    out_image_z_size: o.zSize,
    out_image_tile_x_size: job.tiling.tileX,
    out_image_tile_y_size: job.tiling.tileY,
    kernel_address: k.address / 64,
    in_image_address: i.address,
    out_image_address: o.address,
    out_image_y_stride: o.yStride,
    in_image_border_const: toByte(job.borderConst, i.dataType, 'border constant'),
    in_image_x_stride: i.xStride,
    in_image_y_stride: i.yStride,
    out_image_x_stride: o.xStride,
    coef_zero_point: toByte(k.zeroPoint, k.dataType, 'weight zero point'),
    out_zero_point: toByte(job.outZeroPoint, o.dataType, 'output zero point'),
    unused13: flags,
  };
  if (job.clamp) {
    const [lo, hi] = dataTypeRange(o.dataType);
    for (const v of job.clamp) if (!Number.isInteger(v) || v < lo || v > hi) throw new BackendError(`clamp bound ${v} is outside ${o.dataType}'s range [${lo}, ${hi}]`);
    logical.unused12 = ((job.clamp[0] & 0xffff) | ((job.clamp[1] & 0xffff) << 16)) >>> 0;
  }
  if (add) {
    logical.unused14 = packScale(add.aScale);
    logical.unused16 = packScale(add.bScale);
    logical.further1 = add.bAddress;
    logical.further2 = toByte(add.bZeroPoint, add.bDataType, 'input B zero point') | (typeCode(add.bDataType) << 8);
  }
  if (!Number.isInteger(logical.kernel_address)) throw new BackendError(`weight stream address 0x${k.address.toString(16)} is not 64-byte aligned`);
  try {
    return packDescriptor(NN_FIELDS, splitJoinedFields(logical));
  } catch (e) {
    throw new BackendError((e as Error).message);
  }
}

function fail(msg: string): never {
  throw new BackendError(`vipnano NN descriptor: ${msg}`);
}

function positive(v: Record<string, number>, names: readonly string[]): void {
  for (const n of names) if (!(v[n]! >= 1)) fail(`${n} is ${v[n]}, must be at least 1`);
}

/** The job `words` describe; BackendError for any field value outside npuc's model. */
export function unpackNnJob(words: Uint32Array): NnJob {
  if (words.length !== NN_DESCRIPTOR_WORDS) fail(`${words.length} words, expected ${NN_DESCRIPTOR_WORDS}`);
  const raw = unpackDescriptor(NN_FIELDS, words);
  const v = joinSplitFields(raw);
  if (v.layer_type !== LAYER_TYPE.CONV) fail(`layer_type ${v.layer_type} (FULLY_CONNECTED) is not modelled`);
  if (raw.post_multiplier_15_to_22 !== 0) fail('post_multiplier_15_to_22 is set (v8 cores); npuc models the v7 15-bit post_multiplier');
  if ((v.unused13! & ~(NN_FLAG.CLAMP | NN_FLAG.ADD)) !== 0) fail(`unknown npuc flags 0x${v.unused13!.toString(16)} in unused13`);
  positive(v, ['kernel_xy_size', 'kernel_y_size', 'kernel_z_size', 'in_image_x_size', 'in_image_y_size', 'out_image_x_size', 'out_image_y_size', 'out_image_z_size']);
  if (v.in_image_border_const! > 0xff) fail(`in_image_border_const ${v.in_image_border_const} does not fit the 8-bit input`);
  const inType = typeOf(v.in_image_data_type!, 'input image');
  const outType = typeOf(v.out_image_data_type!, 'output image');
  const kType = typeOf(v.kernel_data_type!, 'kernel');
  const maxPool = v.pooling === POOLING_TYPE.MAX;
  if (v.pooling !== POOLING_TYPE.NON && !maxPool) fail(`pooling ${v.pooling} is not modelled (NON or MAX only)`);
  if (maxPool && v.pooling_xy_size !== 0) fail('pooling MAX with pooling_xy_size 1 is not modelled (0: 2x2)');
  if (maxPool && (v.out_image_x_size! % 2 !== 0 || v.out_image_y_size! % 2 !== 0)) {
    fail(`pooling MAX needs an even output size, got ${v.out_image_x_size}x${v.out_image_y_size}`);
  }
  let clamp: [number, number] | null = null;
  if (v.unused13! & NN_FLAG.CLAMP) {
    clamp = [int16(v.unused12! & 0xffff), int16(v.unused12! >>> 16)];
    const [lo, hi] = dataTypeRange(outType);
    for (const c of clamp) if (c < lo || c > hi) fail(`clamp bound ${c} is outside the output's ${outType} range`);
  } else if (v.unused12 !== 0) fail('unused12 (clamp bounds) is set without the CLAMP flag');
  let add: NnAdd | null = null;
  if (v.unused13! & NN_FLAG.ADD) {
    if (v.kernel_xy_size !== 1 || v.kernel_y_size !== 1) fail('ADD needs a 1x1 kernel');
    if (v.in_image_x_offset !== 0 || v.in_image_y_offset !== 0) fail('ADD needs in_image_x/y_offset 0');
    if (maxPool) fail('ADD with pooling is not modelled');
    if (v.in_image_x_size !== v.out_image_x_size || v.in_image_y_size !== v.out_image_y_size || v.kernel_z_size !== v.out_image_z_size) {
      fail('ADD needs input and output images of one size');
    }
    if (v.further2! >>> 11 !== 0) fail(`further2 0x${v.further2!.toString(16)} has bits above bit 10`);
    const bDataType = typeOf(v.further2! >>> 8, 'ADD input B');
    add = {
      bAddress: v.further1!,
      bDataType,
      bZeroPoint: fromByte(v.further2! & 0xff, bDataType),
      aScale: unpackScale(v.unused14!, 'unused14 (ADD input A scale)'),
      bScale: unpackScale(v.unused16!, 'unused16 (ADD input B scale)'),
    };
  } else {
    for (const n of ['unused14', 'unused16', 'further1', 'further2']) if (v[n] !== 0) fail(`${n} (an ADD field) is set without the ADD flag`);
  }
  const pooled = maxPool ? 2 : 1;
  const input: NnImage = {
    address: v.in_image_address!,
    xSize: v.in_image_x_size!,
    ySize: v.in_image_y_size!,
    zSize: v.kernel_z_size!,
    xStride: v.in_image_x_stride!,
    yStride: v.in_image_y_stride!,
    dataType: inType,
  };
  const output: NnImage = {
    address: v.out_image_address!,
    xSize: v.out_image_x_size!,
    ySize: v.out_image_y_size!,
    zSize: v.out_image_z_size!,
    xStride: v.out_image_x_stride!,
    yStride: v.out_image_y_stride!,
    dataType: outType,
  };
  if (input.xStride < input.xSize || input.yStride < input.ySize) fail(`input strides ${input.xStride}x${input.yStride} are smaller than its size ${input.xSize}x${input.ySize}`);
  if (output.xStride < output.xSize / pooled || output.yStride < output.ySize / pooled) {
    fail(`output strides ${output.xStride}x${output.yStride} are smaller than the image written (${output.xSize / pooled}x${output.ySize / pooled})`);
  }
  return {
    input,
    borderConst: fromByte(v.in_image_border_const!, inType),
    offsetX: v.in_image_x_offset!,
    offsetY: v.in_image_y_offset!,
    kernel: { address: (v.kernel_address! * 64) >>> 0, xSize: v.kernel_xy_size!, ySize: v.kernel_y_size!, dataType: kType, zeroPoint: fromByte(v.coef_zero_point!, kType) },
    output,
    outZeroPoint: fromByte(v.out_zero_point!, outType),
    post: postScaleFromFields({
      multiplierBit0: raw.post_multiplier!,
      multiplierBits1To6: raw.post_multiplier_1_to_6!,
      multiplierBits7To14: raw.post_multiplier_7_to_14!,
      shiftBits0To4: raw.post_shift!,
      shiftBits5To6: raw.post_shift_bit_5_6!,
    }),
    relu: v.relu === 1,
    maxPool,
    clamp,
    add,
    tiling: { kernelsPerCore: v.kernels_per_core!, tileX: v.out_image_tile_x_size!, tileY: v.out_image_tile_y_size! },
  };
}
