// The vipnano NN and TP descriptors, declared once as data: every field the
// encoder writes and the decoder, disassembler and executor read.
//
// Sources (shared/targets/vipnano.md): Mesa's etnaviv ML driver,
//   - NN descriptor: `struct etna_nn_params` in
//     src/gallium/drivers/etnaviv/etnaviv_ml_nn.c, filled by `create_nn_config`;
//     34 words (136 bytes): words 0-25 named, words 26-33 `further1..8`.
//   - TP descriptor: `struct etna_tp_params` in
//     src/gallium/drivers/etnaviv/etnaviv_ml_tp.c, filled by
//     `set_default_tp_config` and the `create_*_config` functions (transpose,
//     detranspose, reshuffle, pad); 31 words (124 bytes).
// Both are C bit-field structs of `uint32_t` fields. GCC on little-endian
// targets packs them from bit 0 of each 32-bit word upwards; in these two
// structs every word is filled exactly and no field straddles a word, so a
// field's position is its word index and the sum of the widths before it in
// that word. Field names, widths, order and word positions are Mesa's;
// enumeration values are Mesa's where Mesa names them (an enum, a #define or
// the comment on the field) and are not invented where it does not.
//
// Fields the hardware splits across words (a low part carrying the logical
// name plus higher parts elsewhere) are declared in NN_SPLIT_FIELDS /
// TP_SPLIT_FIELDS; joinSplitFields / splitJoinedFields convert between the
// raw parts and the logical values.
//
// npuc's model. The fields npuc's model gives meaning to:
//   NN: layer_type, kernel_xy_size, kernel_y_size, kernel_z_size (joined),
//       kernels_per_core, pooling, pooling_xy_size (2x2 max pooling fused into
//       the output), relu, the data types (joined), in/out image x/y sizes,
//       out_image_z_size, in/out image strides, in_image_x/y_offset (joined,
//       signed: the padding of a stride-1 convolution), in_image_border_const
//       (the padding value: the input zero point), coef_zero_point,
//       out_zero_point, post_multiplier and post_shift (joined), the tile
//       sizes, kernel_address, in_image_address and out_image_address. The
//       caching fields and the circular buffer fields are carried as data
//       (written as Mesa writes them); the other fields are written 0.
//   TP: the image sizes, stride and slice, the input window (start signed:
//       Mesa writes `0 - pad`), the tile sizes and increments, the out_loop_*
//       counts, increments and resets, in_zp / out_zp, in_image_base_address,
//       out_image_base_address, no_flush and last: the reshuffle
//       (space-to-depth) and the NHWC <-> NCHW transposes.
// Addresses: the real driver writes GPU virtual addresses. In npuc's blob an
// address field (`address: 'region'`) holds an offset relative to the start of
// the region that holds the buffer. `kernel_address` and the circular buffer
// fields are stored `>> 6` (`shift: 6`, 64-byte units), as in Mesa. The
// kernel/image cache start and end addresses are on-chip SRAM addresses
// (`address: 'sram'`), not region offsets.

export type DescriptorKind = 'NN' | 'TP';

export interface DescriptorField {
  readonly name: string;
  /** Index of the 32-bit word. */
  readonly word: number;
  /** Lowest bit of the field within the word. */
  readonly bit: number;
  readonly width: number;
  /** Two's-complement value (sign-extended when unpacked). */
  readonly signed?: boolean;
  readonly note?: string;
  /** The field holds an address: a region-relative offset in npuc's blob, or an on-chip SRAM address. */
  readonly address?: 'region' | 'sram';
  /** The stored value is the byte quantity shifted right by this many bits (Mesa's `>> 6`). */
  readonly shift?: number;
  /** Shown in hexadecimal by formatDescriptor (addresses and shifted fields always are). */
  readonly hex?: boolean;
  /** Names of the field's values, where Mesa names them. */
  readonly values?: Readonly<Record<string, number>>;
}

/** A logical value the hardware splits across fields: `parts[0]` (which carries the logical name) holds the low bits. */
export interface SplitField {
  readonly name: string;
  /** Raw fields, low bits first; each part's bits sit above the previous parts'. */
  readonly parts: readonly string[];
  readonly signed?: boolean;
  readonly values?: Readonly<Record<string, number>>;
  readonly note?: string;
}

// ---------------------------------------------------------------------------
// Enumerations.

/** `layer_type` (the field's comment in etna_nn_params: "conv: 0 fully_connected: 1"). */
export const LAYER_TYPE = { CONV: 0, FULLY_CONNECTED: 1 } as const;
/** `pooling` (etnaviv_ml_nn.c `enum pooling_type`, ETNA_NN_POOLING_*). */
export const POOLING_TYPE = { NON: 0, MAX: 1, AVG: 2, FIRST_PIXEL: 3 } as const;
/**
 * NN data types (kernel_data_type, in_image_data_type, out_image_data_type:
 * 2 bits + a bit 2; the fields' comment "UINT8 0x2 INT8 0x0"). Mesa writes
 * ETNA_NN_INT8 (0) for every tensor, signed tensors having been shifted to
 * uint8 by adding 128.
 */
export const DATA_TYPE = { INT8: 0, UINT8: 2 } as const;
/** image_caching_mode / kernel_caching_mode (etnaviv_ml_nn.c SRAM_CACHE_MODE_*). */
export const SRAM_CACHE_MODE = { NO_CACHE: 0, FULL_CACHE: 1, PARTIAL_CACHE: 2 } as const;

// ---------------------------------------------------------------------------
// Field tables.

type Extra = Omit<DescriptorField, 'name' | 'word' | 'bit' | 'width'>;
const f = (name: string, word: number, bit: number, width: number, extra: Extra = {}): DescriptorField => ({ name, word, bit, width, ...extra });
const region: Extra = { address: 'region', hex: true };
const region64: Extra = { address: 'region', shift: 6, hex: true };

/** `struct etna_nn_params`, in struct order. */
export const NN_FIELDS: readonly DescriptorField[] = [
  // word 0
  f('layer_type', 0, 0, 1, { values: LAYER_TYPE }),
  f('no_z_offset', 0, 1, 1, { note: 'Mesa: 1 on v8 cores' }),
  f('kernel_xy_size', 0, 2, 4, { note: 'kernel width' }),
  f('kernel_z_size', 0, 6, 14, { note: 'bits 0-13 of kernel_z_size (input channels); bits 14-19 in kernel_z_size2' }),
  f('kernels_per_core', 0, 20, 7),
  f('pooling', 0, 27, 2, { values: POOLING_TYPE }),
  f('pooling_xy_size', 0, 29, 1, { note: 'Mesa: 1 with POOLING NON, 0 with FIRST_PIXEL' }),
  f('prelu', 0, 30, 1),
  f('nn_layer_flush', 0, 31, 1),
  // word 1
  f('kernel_data_type', 1, 0, 2, { note: 'bits 0-1; bit 2 in kernel_data_type_bit_2' }),
  f('in_image_data_type', 1, 2, 2, { note: 'bits 0-1; bit 2 in in_image_data_type_bit_2' }),
  f('out_image_data_type', 1, 4, 2, { note: 'bits 0-1; bit 2 in out_image_data_type_bit_2' }),
  f('in_image_x_size', 1, 6, 13),
  f('in_image_y_size', 1, 19, 13),
  // word 2
  f('in_image_x_offset', 2, 0, 3, { note: 'bits 0-2; bit 3 in in_image_x_offset_bit_3' }),
  f('in_image_y_offset', 2, 3, 3, { note: 'bits 0-2; bit 3 in in_image_y_offset_bit_3' }),
  f('unused0', 2, 6, 1),
  f('brick_mode', 2, 7, 1),
  f('brick_distance', 2, 8, 16),
  f('relu', 2, 24, 1),
  f('unused1', 2, 25, 1),
  f('post_multiplier', 2, 26, 1, { note: 'bit 0 of post_multiplier' }),
  f('post_shift', 2, 27, 5, { note: 'bits 0-4 of post_shift; bits 5-6 in post_shift_bit_5_6' }),
  // word 3
  f('unused2', 3, 0, 3),
  f('no_flush', 3, 3, 1, { note: 'Mesa: 1 on v8 cores' }),
  f('unused3', 3, 4, 2),
  f('out_image_x_size', 3, 6, 13),
  f('out_image_y_size', 3, 19, 13),
  // word 4
  f('out_image_z_size', 4, 0, 14),
  f('rounding_mode', 4, 14, 2, { note: 'Mesa writes 1' }),
  f('in_image_x_offset_bit_3', 4, 16, 1),
  f('in_image_y_offset_bit_3', 4, 17, 1),
  f('out_image_tile_x_size', 4, 18, 7),
  f('out_image_tile_y_size', 4, 25, 7),
  // word 5
  f('kernel_address', 5, 0, 26, { ...region64, note: 'weights (coefficients) address >> 6' }),
  f('kernel_z_size2', 5, 26, 6, { note: 'bits 14-19 of kernel_z_size' }),
  // words 6, 7
  f('in_image_address', 6, 0, 32, region),
  f('out_image_address', 7, 0, 32, region),
  // word 8
  f('image_caching_mode', 8, 0, 2, { values: SRAM_CACHE_MODE }),
  f('kernel_caching_mode', 8, 2, 2, { values: SRAM_CACHE_MODE }),
  f('partial_cache_data_unit', 8, 4, 2),
  f('kernel_pattern_msb', 8, 6, 6, { hex: true }),
  f('kernel_y_size', 8, 12, 4, { note: 'kernel height' }),
  f('out_image_y_stride', 8, 16, 16),
  // words 9-14
  f('kernel_pattern_low', 9, 0, 32, { hex: true }),
  f('kernel_pattern_high', 10, 0, 32, { hex: true }),
  f('kernel_cache_start_address', 11, 0, 32, { address: 'sram', hex: true }),
  f('kernel_cache_end_address', 12, 0, 32, { address: 'sram', hex: true }),
  f('image_cache_start_address', 13, 0, 32, { address: 'sram', hex: true }),
  f('image_cache_end_address', 14, 0, 32, { address: 'sram', hex: true }),
  // word 15
  f('in_image_border_mode', 15, 0, 2),
  f('in_image_border_const', 15, 2, 16, { note: 'Mesa: the input zero point' }),
  f('unused4', 15, 18, 1),
  f('kernel_data_type_bit_2', 15, 19, 1),
  f('in_image_data_type_bit_2', 15, 20, 1),
  f('out_image_data_type_bit_2', 15, 21, 1),
  f('post_multiplier_1_to_6', 15, 22, 6),
  f('post_shift_bit_5_6', 15, 28, 2),
  f('unused5', 15, 30, 2),
  // word 16
  f('in_image_x_stride', 16, 0, 16),
  f('in_image_y_stride', 16, 16, 16),
  // word 17
  f('out_image_x_stride', 17, 0, 16),
  f('unused6', 17, 16, 8),
  f('post_multiplier_7_to_14', 17, 24, 8),
  // word 18
  f('out_image_circular_buf_size', 18, 0, 26, { shift: 6, hex: true }),
  f('per_channel_post_mul', 18, 26, 1),
  f('unused7_0', 18, 27, 1),
  f('unused7_1', 18, 28, 1),
  f('unused7_2', 18, 29, 1, { note: 'Mesa: 1 on v8 cores when in_image_x/y_offset are set' }),
  f('unused7_3', 18, 30, 2, { note: 'Mesa: 1 on v8 cores when in_image_x/y_offset are set' }),
  // words 19-21
  f('out_image_circular_buf_end_addr_plus_1', 19, 0, 26, { ...region64, note: 'Mesa: 0xffffffff >> 6 (no circular buffer)' }),
  f('unused8', 19, 26, 6),
  f('in_image_circular_buf_size', 20, 0, 26, { shift: 6, hex: true }),
  f('unused9', 20, 26, 6),
  f('in_image_circular_buf_end_addr_plus_1', 21, 0, 26, { ...region64, note: 'Mesa: 0xffffffff >> 6 (no circular buffer)' }),
  f('unused10', 21, 26, 6),
  // word 22
  f('coef_zero_point', 22, 0, 8),
  f('out_zero_point', 22, 8, 8),
  f('kernel_direct_stream_from_VIP_sram', 22, 16, 1),
  f('depthwise', 22, 17, 1, { note: 'Mesa: v8 cores only' }),
  f('post_multiplier_15_to_22', 22, 18, 8, { note: 'Mesa: written on v8 cores only' }),
  f('unused11', 22, 26, 6),
  // words 23-25 ("from here they aren't set")
  f('unused12', 23, 0, 32),
  f('unused13', 24, 0, 4),
  f('unused14', 24, 4, 28),
  f('unused15', 25, 0, 4),
  f('unused16', 25, 4, 28),
  // words 26-33. Mesa writes further3 = 0x3ffffff, further4 = 0x7f800000, further5 = 0xff800000, the others 0.
  f('further1', 26, 0, 32, { hex: true }),
  f('further2', 27, 0, 32, { hex: true }),
  f('further3', 28, 0, 32, { hex: true }),
  f('further4', 29, 0, 32, { hex: true }),
  f('further5', 30, 0, 32, { hex: true }),
  f('further6', 31, 0, 32, { hex: true }),
  f('further7', 32, 0, 32, { hex: true }),
  f('further8', 33, 0, 32, { hex: true }),
];

/** `struct etna_tp_params`, in struct order. */
export const TP_FIELDS: readonly DescriptorField[] = [
  // word 0
  f('in_image_x_size', 0, 0, 16),
  f('unused0', 0, 16, 16),
  // word 1
  f('in_image_y_size', 1, 0, 16),
  f('in_image_z_size', 1, 16, 16),
  // word 2
  f('in_image_stride', 2, 0, 16),
  f('unused1', 2, 16, 16),
  // word 3
  f('in_image_slice', 3, 0, 32),
  // word 4
  f('in_window_x_start', 4, 0, 16, { signed: true, note: "Mesa writes 0 - pad: npuc's model reads it as signed" }),
  f('in_window_y_start', 4, 16, 16, { signed: true, note: "Mesa writes 0 - pad: npuc's model reads it as signed" }),
  // word 5
  f('in_window_x_end', 5, 0, 16),
  f('in_window_y_end', 5, 16, 16),
  // word 6
  f('in_tile_sequence', 6, 0, 2),
  f('in_tile_global_mem', 6, 2, 1),
  f('in_image_global_mem', 6, 3, 1),
  f('alu_i2f_enable', 6, 4, 1),
  f('alu_square_enable', 6, 5, 1),
  f('alu_horz_processing', 6, 6, 3, { note: 'Mesa: "split in two in the blob"' }),
  f('alu_horz_proc_count', 6, 9, 6),
  f('alu_horz_proc_stride', 6, 15, 1),
  f('alu_vert_processing', 6, 16, 2),
  f('unused2', 6, 18, 1),
  f('alu_vert_proc_count', 6, 19, 6),
  f('alu_vert_proc_stride', 6, 25, 1),
  f('alu_nms_enable', 6, 26, 1),
  f('alu_pwl_enable', 6, 27, 1),
  f('alu_mult_enable', 6, 28, 1),
  f('alu_f2i_enable', 6, 29, 1),
  f('alu_load_pwl_lut', 6, 30, 1),
  f('alu_load_pwl_lut_global_mem', 6, 31, 1),
  // word 7
  f('in_tile_list_address', 7, 0, 32, region),
  // word 8
  f('in_tile_x_size', 8, 0, 16),
  f('in_tile_y_size', 8, 16, 16),
  // word 9
  f('in_tile_x_inc', 9, 0, 16),
  f('in_tile_y_inc', 9, 16, 16),
  // words 10, 11
  f('in_image_base_address', 10, 0, 32, region),
  f('alu_load_pwl_lut_address', 11, 0, 32, region),
  // word 12
  f('out_tile_skip_at_border', 12, 0, 1),
  f('out_image_global_mem', 12, 1, 1),
  f('out_loop_1_reset', 12, 2, 1),
  f('out_loop_2_reset', 12, 3, 1),
  f('out_loop_3_reset', 12, 4, 1),
  f('out_brick_mode', 12, 5, 1),
  f('alu_z_filter_mode', 12, 6, 1),
  f('unused3', 12, 7, 1),
  f('in_window_z_start_overfetch', 12, 8, 2),
  f('unused4', 12, 10, 1),
  f('in_window_z_end_overfetch', 12, 11, 2),
  f('unused5', 12, 13, 1),
  f('alu_square_preshift', 12, 14, 4),
  f('in_image_data_type', 12, 18, 3, { note: 'Mesa writes 0 and does not name the values' }),
  f('out_image_data_type', 12, 21, 3, { note: 'Mesa writes 0 and does not name the values' }),
  f('unused6', 12, 24, 4),
  f('alu_pwl_sign_support', 12, 28, 1),
  f('alu_relu_enable', 12, 29, 1),
  f('no_flush', 12, 30, 1),
  f('last', 12, 31, 1),
  // words 13-15
  f('out_image_base_address', 13, 0, 32, region),
  f('out_loop_0_inc', 14, 0, 32),
  f('out_loop_1_inc', 15, 0, 32),
  // word 16
  f('out_loop_0_count', 16, 0, 16),
  f('out_loop_1_count', 16, 16, 16),
  // words 17, 18
  f('out_loop_2_inc', 17, 0, 32),
  f('out_loop_3_inc', 18, 0, 32),
  // word 19
  f('out_loop_2_count', 19, 0, 16),
  f('out_loop_3_count', 19, 16, 16),
  // words 20, 21
  f('out_loop_4_inc', 20, 0, 32),
  f('out_loop_5_inc', 21, 0, 32),
  // word 22
  f('out_loop_4_count', 22, 0, 16),
  f('out_loop_5_count', 22, 16, 16),
  // word 23
  f('out_loop_6_inc', 23, 0, 32),
  // word 24
  f('alu_filter_pwl_swap', 24, 0, 1),
  f('flat_rounding_mode', 24, 1, 2, { note: 'Mesa writes 1' }),
  f('integer_rounding_mode', 24, 3, 2, { note: 'Mesa writes 1' }),
  f('alu_input_preshift', 24, 5, 5),
  f('alu_output_postshift', 24, 10, 5, { note: 'bits 0-4; bits 5-6 in alu_output_postshift_5_6' }),
  f('alu_reorder_bits_used', 24, 15, 4),
  f('alu_reorder_loop_2_mode', 24, 19, 1),
  f('unused7', 24, 20, 4),
  f('in_image_border_mode', 24, 24, 2),
  f('alu_output_postshift_5_6', 24, 26, 2),
  f('unused8', 24, 28, 4),
  // words 25-28
  f('in_image_circular_buf_size', 25, 0, 32, { shift: 6, hex: true }),
  f('in_image_circular_buf_end_address_plus_1', 26, 0, 32, { ...region64, note: 'Mesa: 0xffffffff >> 6 (no circular buffer)' }),
  f('out_image_circular_buf_size', 27, 0, 32, { shift: 6, hex: true }),
  f('out_image_circular_buf_end_address_plus_1', 28, 0, 32, { ...region64, note: 'Mesa: 0xffffffff >> 6 (no circular buffer)' }),
  // word 29
  f('in_image_border_const', 29, 0, 16),
  f('coef_zp', 29, 16, 8),
  f('in_zp', 29, 24, 8),
  // word 30
  f('out_zp', 30, 0, 8),
  f('alu_output_post_multiplier', 30, 8, 15),
  f('unused9', 30, 23, 9),
];

const wordCount = (fields: readonly DescriptorField[]): number => fields.reduce((n, x) => Math.max(n, x.word + 1), 0);

/** 34 words (136 bytes). */
export const NN_DESCRIPTOR_WORDS = wordCount(NN_FIELDS);
/** 31 words (124 bytes). */
export const TP_DESCRIPTOR_WORDS = wordCount(TP_FIELDS);

/** Logical values split across NN fields. */
export const NN_SPLIT_FIELDS: readonly SplitField[] = [
  {
    name: 'post_multiplier',
    parts: ['post_multiplier', 'post_multiplier_1_to_6', 'post_multiplier_7_to_14', 'post_multiplier_15_to_22'],
    note: 'Mesa v7 writes float32 bits 8-22 of the scale in bits 0-14 (15 bits); v8 writes bits 0-22',
  },
  { name: 'post_shift', parts: ['post_shift', 'post_shift_bit_5_6'] },
  { name: 'kernel_z_size', parts: ['kernel_z_size', 'kernel_z_size2'] },
  {
    name: 'in_image_x_offset',
    parts: ['in_image_x_offset', 'in_image_x_offset_bit_3'],
    signed: true,
    note: 'Mesa writes 7 or 6 with bit 3 set (-1, -2) for SAME padding',
  },
  {
    name: 'in_image_y_offset',
    parts: ['in_image_y_offset', 'in_image_y_offset_bit_3'],
    signed: true,
    note: 'Mesa writes 7 or 6 with bit 3 set (-1, -2) for SAME padding',
  },
  { name: 'kernel_data_type', parts: ['kernel_data_type', 'kernel_data_type_bit_2'], values: DATA_TYPE },
  { name: 'in_image_data_type', parts: ['in_image_data_type', 'in_image_data_type_bit_2'], values: DATA_TYPE },
  { name: 'out_image_data_type', parts: ['out_image_data_type', 'out_image_data_type_bit_2'], values: DATA_TYPE },
];

/** Logical values split across TP fields. */
export const TP_SPLIT_FIELDS: readonly SplitField[] = [{ name: 'alu_output_postshift', parts: ['alu_output_postshift', 'alu_output_postshift_5_6'] }];

function fieldsOf(kind: DescriptorKind): readonly DescriptorField[] {
  return kind === 'NN' ? NN_FIELDS : TP_FIELDS;
}
function splitsOf(kind: DescriptorKind): readonly SplitField[] {
  return kind === 'NN' ? NN_SPLIT_FIELDS : TP_SPLIT_FIELDS;
}

const indexCache = new WeakMap<readonly DescriptorField[], Map<string, DescriptorField>>();
function indexOf(fields: readonly DescriptorField[]): Map<string, DescriptorField> {
  let m = indexCache.get(fields);
  if (!m) {
    m = new Map(fields.map((x) => [x.name, x]));
    indexCache.set(fields, m);
  }
  return m;
}

/** The raw field called `name` (a programming error if unknown). */
export function descriptorField(kind: DescriptorKind, name: string): DescriptorField {
  const x = indexOf(fieldsOf(kind)).get(name);
  if (!x) throw new Error(`unknown vipnano ${kind} descriptor field ${name}`);
  return x;
}

// ---------------------------------------------------------------------------
// Packing.

function range(width: number, signed: boolean): [number, number] {
  return signed ? [-(2 ** (width - 1)), 2 ** (width - 1) - 1] : [0, 2 ** width - 1];
}

function checkFits(name: string, value: number, width: number, signed: boolean): void {
  const [lo, hi] = range(width, signed);
  if (!Number.isInteger(value) || value < lo || value > hi) {
    throw new Error(`vipnano descriptor field ${name}: ${value} does not fit ${signed ? 'signed ' : ''}${width} bits (${lo}..${hi})`);
  }
}

/** Two's complement of a value that fits `width` bits, as an unsigned number. */
function toRaw(value: number, width: number): number {
  return value < 0 ? value + 2 ** width : value;
}

/**
 * Packs `values` (raw field values; every field not given is 0) into the
 * descriptor's words. A value that does not fit its field, or a name that is
 * not a field, is an Error naming the field.
 */
export function packDescriptor(fields: readonly DescriptorField[], values: Readonly<Record<string, number>>): Uint32Array {
  const index = indexOf(fields);
  for (const name of Object.keys(values)) {
    if (!index.has(name)) throw new Error(`vipnano descriptor: unknown field ${name}`);
  }
  const words = new Uint32Array(wordCount(fields));
  for (const x of fields) {
    const v = values[x.name];
    if (v === undefined) continue;
    checkFits(x.name, v, x.width, x.signed === true);
    const raw = toRaw(v, x.width);
    // raw < 2^width and bit + width <= 32: the shift keeps every bit.
    words[x.word] = (words[x.word]! | (raw << x.bit)) >>> 0;
  }
  return words;
}

/** Every field of the descriptor `words` (signed fields sign-extended). */
export function unpackDescriptor(fields: readonly DescriptorField[], words: Uint32Array): Record<string, number> {
  const n = wordCount(fields);
  if (words.length < n) throw new Error(`vipnano descriptor: ${words.length} words, expected ${n}`);
  const out: Record<string, number> = {};
  for (const x of fields) {
    const shifted = words[x.word]! >>> x.bit;
    let v = x.width === 32 ? shifted : shifted & (2 ** x.width - 1);
    if (x.signed && v >= 2 ** (x.width - 1)) v -= 2 ** x.width;
    out[x.name] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Split fields.

interface PartLayout {
  readonly field: DescriptorField;
  /** Bit of the logical value where this part starts. */
  readonly at: number;
}
function partLayout(kind: DescriptorKind, split: SplitField): { parts: PartLayout[]; width: number } {
  const parts: PartLayout[] = [];
  let at = 0;
  for (const name of split.parts) {
    const field = descriptorField(kind, name);
    parts.push({ field, at });
    at += field.width;
  }
  return { parts, width: at };
}

/** Width in bits of a split field's logical value. */
export function splitFieldWidth(kind: DescriptorKind, split: SplitField): number {
  return partLayout(kind, split).width;
}

function joinOne(kind: DescriptorKind, split: SplitField, raw: Readonly<Record<string, number>>): number {
  const { parts, width } = partLayout(kind, split);
  let v = 0;
  for (const { field, at } of parts) {
    const p = raw[field.name] ?? 0;
    checkFits(field.name, p, field.width, false);
    v += p * 2 ** at;
  }
  if (split.signed && v >= 2 ** (width - 1)) v -= 2 ** width;
  return v;
}

/**
 * Raw fields -> logical values: for each split field with at least one part
 * present, the low part's name gets the joined value (missing parts read as
 * 0) and the higher parts are removed. Other fields are copied.
 */
export function joinSplitFields(values: Readonly<Record<string, number>>, kind: DescriptorKind = 'NN'): Record<string, number> {
  const out: Record<string, number> = { ...values };
  for (const split of splitsOf(kind)) {
    if (!split.parts.some((p) => p in values)) continue;
    const v = joinOne(kind, split, values);
    for (const p of split.parts) delete out[p];
    out[split.name] = v;
  }
  return out;
}

/**
 * Logical values -> raw fields: the inverse of joinSplitFields. A logical
 * value that does not fit its full width is an Error naming it; so is a higher
 * raw part given alongside its logical value.
 */
export function splitJoinedFields(values: Readonly<Record<string, number>>, kind: DescriptorKind = 'NN'): Record<string, number> {
  const out: Record<string, number> = { ...values };
  for (const split of splitsOf(kind)) {
    const v = values[split.name];
    if (v === undefined) continue;
    const { parts, width } = partLayout(kind, split);
    for (const { field } of parts.slice(1)) {
      if (field.name in values) throw new Error(`vipnano descriptor: ${field.name} given with the joined value ${split.name}`);
    }
    checkFits(split.name, v, width, split.signed === true);
    const raw = toRaw(v, width);
    for (const { field, at } of parts) out[field.name] = Math.floor(raw / 2 ** at) % 2 ** field.width;
  }
  return out;
}

/** The NN post_multiplier (23 bits) from its raw parts. */
export function postMultiplier(raw: Readonly<Record<string, number>>): number {
  return joinOne('NN', NN_SPLIT_FIELDS.find((s) => s.name === 'post_multiplier')!, raw);
}

/** The NN post_shift (7 bits) from its raw parts. */
export function postShift(raw: Readonly<Record<string, number>>): number {
  return joinOne('NN', NN_SPLIT_FIELDS.find((s) => s.name === 'post_shift')!, raw);
}

// ---------------------------------------------------------------------------
// Listing.

function hex(value: number, width: number): string {
  return `0x${value.toString(16).padStart(Math.ceil(width / 4), '0')}`;
}

function named(value: number, names: Readonly<Record<string, number>> | undefined): string {
  if (names) {
    for (const [k, v] of Object.entries(names)) if (v === value) return `${k}(${value})`;
  }
  return String(value);
}

function showField(x: DescriptorField, value: number): string {
  if (x.hex || x.address || x.shift) return hex(value, x.width);
  return named(value, x.values);
}

/**
 * A stable, diffable listing of a descriptor:
 *
 *     NN descriptor, 34 words
 *      0: 0xa050040c layer_type=CONV(0) no_z_offset=0 kernel_xy_size=3 ...
 *     ...
 *     joined post_shift=69 = post_shift=5 | post_shift_bit_5_6=2 << 5
 *
 * One line per word: index, hex value, then its fields `name=value` in bit
 * order (enum values named where Mesa names them; addresses, shifted fields
 * and patterns in hex; `unused*` fields only when non-zero). Then one line per
 * split field: the logical value, once, with its raw parts.
 */
export function formatDescriptor(kind: DescriptorKind, words: Uint32Array): string {
  const fields = fieldsOf(kind);
  const n = wordCount(fields);
  if (words.length !== n) throw new Error(`vipnano ${kind} descriptor: ${words.length} words, expected ${n}`);
  const values = unpackDescriptor(fields, words);
  const lines = [`${kind} descriptor, ${n} words`];
  for (let w = 0; w < n; w++) {
    const parts = [`${String(w).padStart(2)}: ${hex(words[w]!, 32)}`];
    for (const x of fields) {
      if (x.word !== w) continue;
      const v = values[x.name]!;
      if (x.name.startsWith('unused') && v === 0) continue;
      parts.push(`${x.name}=${showField(x, v)}`);
    }
    lines.push(parts.join(' '));
  }
  for (const split of splitsOf(kind)) {
    const { parts } = partLayout(kind, split);
    const v = joinOne(kind, split, values);
    const raw = parts.map(({ field, at }) => `${field.name}=${values[field.name]!}${at ? ` << ${at}` : ''}`).join(' | ');
    lines.push(`joined ${split.name}=${named(v, split.values)} = ${raw}`);
  }
  return lines.join('\n') + '\n';
}
