// The ethos-u55 command stream, declared once as data: every command word the
// encoder writes and the decoder, disassembler, executor and cost model read.
// Opcodes, register numbers, enum values and field positions are those of the
// real NPU (Vela's `ethos_u55_regs.py` and `register_command_stream_generator.py`,
// see shared/targets/ethos-u55.md). Where npuc's model of the NPU goes beyond
// what those sources state, the comment says "npuc's model".
//
// Words are 32-bit little-endian.
//   cmd0: `opcode | param << 16` (opcode in bits 0-9, bits 10-15 zero), one word.
//   cmd1: `opcode | 0x4000 | param << 16`, then one 32-bit payload word.
//         Addresses are 40-bit: bits 32-39 in the param's low byte, bits 0-31
//         in the payload.

export const CMD1_FLAG = 0x4000;
export const OPCODE_MASK = 0x3ff;

export interface CommandDef {
  readonly name: string;
  readonly code: number;
  /** cmd0: one word; cmd1: a param and a payload word. */
  readonly kind: 'cmd0' | 'cmd1';
  /** An `NPU_OP_*` command: it starts an operation (or waits / stops). */
  readonly op?: boolean;
  /** cmd0 param / cmd1 param read as a signed 16-bit value (zero points, activation bounds). */
  readonly signedParam?: boolean;
  /** cmd1: the payload is a 40-bit address or length (param low byte = bits 32-39). */
  readonly address?: boolean;
}

const cmd0 = (name: string, code: number, extra: Partial<CommandDef> = {}): CommandDef => ({ name, code, kind: 'cmd0', ...extra });
const cmd1 = (name: string, code: number, extra: Partial<CommandDef> = {}): CommandDef => ({ name, code, kind: 'cmd1', ...extra });

/** Every command npuc knows, in opcode order within each kind. */
export const COMMANDS: readonly CommandDef[] = [
  // Operations (cmd0). NPU_OP_STOP's param is 0xFFFF at the end of a stream.
  cmd0('NPU_OP_STOP', 0x000, { op: true }),
  cmd0('NPU_OP_IRQ', 0x001, { op: true }),
  cmd0('NPU_OP_CONV', 0x002, { op: true }),
  cmd0('NPU_OP_DEPTHWISE', 0x003, { op: true }),
  cmd0('NPU_OP_POOL', 0x005, { op: true }), // param: POOLING_MODE
  cmd0('NPU_OP_ELEMENTWISE', 0x006, { op: true }), // param: ELEMENTWISE_MODE
  cmd0('NPU_OP_DMA_START', 0x010, { op: true }),
  cmd0('NPU_OP_DMA_WAIT', 0x011, { op: true }),
  cmd0('NPU_OP_KERNEL_WAIT', 0x012, { op: true }),
  cmd0('NPU_OP_PMU_MASK', 0x013, { op: true }),
  // State (cmd0).
  cmd0('NPU_SET_IFM_PAD_TOP', 0x100),
  cmd0('NPU_SET_IFM_PAD_LEFT', 0x101),
  cmd0('NPU_SET_IFM_PAD_RIGHT', 0x102),
  cmd0('NPU_SET_IFM_PAD_BOTTOM', 0x103),
  cmd0('NPU_SET_IFM_DEPTH_M1', 0x104),
  cmd0('NPU_SET_IFM_PRECISION', 0x105),
  cmd0('NPU_SET_IFM_UPSCALE', 0x107),
  cmd0('NPU_SET_IFM_ZERO_POINT', 0x109, { signedParam: true }),
  cmd0('NPU_SET_IFM_WIDTH0_M1', 0x10a),
  cmd0('NPU_SET_IFM_HEIGHT0_M1', 0x10b),
  cmd0('NPU_SET_IFM_HEIGHT1_M1', 0x10c),
  cmd0('NPU_SET_IFM_IB_END', 0x10d),
  cmd0('NPU_SET_IFM_REGION', 0x10f),
  cmd0('NPU_SET_OFM_WIDTH_M1', 0x111),
  cmd0('NPU_SET_OFM_HEIGHT_M1', 0x112),
  cmd0('NPU_SET_OFM_DEPTH_M1', 0x113),
  cmd0('NPU_SET_OFM_PRECISION', 0x114),
  cmd0('NPU_SET_OFM_BLK_WIDTH_M1', 0x115),
  cmd0('NPU_SET_OFM_BLK_HEIGHT_M1', 0x116),
  cmd0('NPU_SET_OFM_BLK_DEPTH_M1', 0x117),
  cmd0('NPU_SET_OFM_ZERO_POINT', 0x118, { signedParam: true }),
  cmd0('NPU_SET_OFM_WIDTH0_M1', 0x11a),
  cmd0('NPU_SET_OFM_HEIGHT0_M1', 0x11b),
  cmd0('NPU_SET_OFM_HEIGHT1_M1', 0x11c),
  cmd0('NPU_SET_OFM_REGION', 0x11f),
  cmd0('NPU_SET_KERNEL_WIDTH_M1', 0x120),
  cmd0('NPU_SET_KERNEL_HEIGHT_M1', 0x121),
  cmd0('NPU_SET_KERNEL_STRIDE', 0x122),
  cmd0('NPU_SET_PARALLEL_MODE', 0x123),
  cmd0('NPU_SET_ACC_FORMAT', 0x124),
  cmd0('NPU_SET_ACTIVATION', 0x125),
  cmd0('NPU_SET_ACTIVATION_MIN', 0x126, { signedParam: true }),
  cmd0('NPU_SET_ACTIVATION_MAX', 0x127, { signedParam: true }),
  cmd0('NPU_SET_WEIGHT_REGION', 0x128),
  cmd0('NPU_SET_SCALE_REGION', 0x129),
  cmd0('NPU_SET_AB_START', 0x12d),
  cmd0('NPU_SET_BLOCKDEP', 0x12f),
  cmd0('NPU_SET_DMA0_SRC_REGION', 0x130),
  cmd0('NPU_SET_DMA0_DST_REGION', 0x131),
  cmd0('NPU_SET_DMA0_SIZE0', 0x132),
  cmd0('NPU_SET_DMA0_SIZE1', 0x133),
  cmd0('NPU_SET_IFM2_BROADCAST', 0x180),
  cmd0('NPU_SET_IFM2_SCALAR', 0x181, { signedParam: true }),
  cmd0('NPU_SET_IFM2_PRECISION', 0x185),
  cmd0('NPU_SET_IFM2_ZERO_POINT', 0x189, { signedParam: true }),
  cmd0('NPU_SET_IFM2_WIDTH0_M1', 0x18a),
  cmd0('NPU_SET_IFM2_HEIGHT0_M1', 0x18b),
  cmd0('NPU_SET_IFM2_HEIGHT1_M1', 0x18c),
  cmd0('NPU_SET_IFM2_IB_START', 0x18d),
  cmd0('NPU_SET_IFM2_REGION', 0x18f),
  // State (cmd1): addresses and lengths are 40-bit.
  cmd1('NPU_SET_IFM_BASE0', 0x000, { address: true }),
  cmd1('NPU_SET_IFM_BASE1', 0x001, { address: true }),
  cmd1('NPU_SET_IFM_BASE2', 0x002, { address: true }),
  cmd1('NPU_SET_IFM_BASE3', 0x003, { address: true }),
  cmd1('NPU_SET_IFM_STRIDE_X', 0x004, { address: true }),
  cmd1('NPU_SET_IFM_STRIDE_Y', 0x005, { address: true }),
  cmd1('NPU_SET_IFM_STRIDE_C', 0x006, { address: true }),
  cmd1('NPU_SET_OFM_BASE0', 0x010, { address: true }),
  cmd1('NPU_SET_OFM_BASE1', 0x011, { address: true }),
  cmd1('NPU_SET_OFM_BASE2', 0x012, { address: true }),
  cmd1('NPU_SET_OFM_BASE3', 0x013, { address: true }),
  cmd1('NPU_SET_OFM_STRIDE_X', 0x014, { address: true }),
  cmd1('NPU_SET_OFM_STRIDE_Y', 0x015, { address: true }),
  cmd1('NPU_SET_OFM_STRIDE_C', 0x016, { address: true }),
  cmd1('NPU_SET_WEIGHT_BASE', 0x020, { address: true }),
  cmd1('NPU_SET_WEIGHT_LENGTH', 0x021, { address: true }),
  cmd1('NPU_SET_SCALE_BASE', 0x022, { address: true }),
  cmd1('NPU_SET_SCALE_LENGTH', 0x023, { address: true }),
  // param = shift (6 bits), payload = 32-bit scale.
  cmd1('NPU_SET_OFM_SCALE', 0x024),
  cmd1('NPU_SET_OPA_SCALE', 0x025),
  // npuc's model: like OPA_SCALE, the param holds a shift for operand B too
  // (Vela writes 0 there and scales one operand only).
  cmd1('NPU_SET_OPB_SCALE', 0x026),
  cmd1('NPU_SET_DMA0_SRC', 0x030, { address: true }),
  cmd1('NPU_SET_DMA0_DST', 0x031, { address: true }),
  cmd1('NPU_SET_DMA0_LEN', 0x032, { address: true }),
  cmd1('NPU_SET_DMA0_SKIP0', 0x033, { address: true }),
  cmd1('NPU_SET_DMA0_SKIP1', 0x034, { address: true }),
  cmd1('NPU_SET_IFM2_BASE0', 0x080, { address: true }),
  cmd1('NPU_SET_IFM2_BASE1', 0x081, { address: true }),
  cmd1('NPU_SET_IFM2_BASE2', 0x082, { address: true }),
  cmd1('NPU_SET_IFM2_BASE3', 0x083, { address: true }),
  cmd1('NPU_SET_IFM2_STRIDE_X', 0x084, { address: true }),
  cmd1('NPU_SET_IFM2_STRIDE_Y', 0x085, { address: true }),
  cmd1('NPU_SET_IFM2_STRIDE_C', 0x086, { address: true }),
  cmd1('NPU_SET_WEIGHT1_BASE', 0x090, { address: true }),
  cmd1('NPU_SET_WEIGHT1_LENGTH', 0x091, { address: true }),
  cmd1('NPU_SET_SCALE1_BASE', 0x092, { address: true }),
  cmd1('NPU_SET_SCALE1_LENGTH', 0x093, { address: true }),
];

const byKey = new Map<string, CommandDef>(COMMANDS.map((c) => [`${c.kind}:${c.code}`, c]));
const byName = new Map<string, CommandDef>(COMMANDS.map((c) => [c.name, c]));

export function lookupCommand(kind: 'cmd0' | 'cmd1', code: number): CommandDef | undefined {
  return byKey.get(`${kind}:${code}`);
}

/** The command called `name` (a programming error if unknown). */
export function command(name: string): CommandDef {
  const c = byName.get(name);
  if (!c) throw new Error(`unknown ethos-u55 command ${name}`);
  return c;
}

/** NPU_OP_STOP's param at the end of a stream. */
export const STOP_PARAM = 0xffff;

// ---------------------------------------------------------------------------
// Enumerations (values from ethos_u55_regs.py).

export const POOLING_MODE = { MAX: 0, AVERAGE: 1, REDUCE_SUM: 2 } as const;
export const ELEMENTWISE_MODE = { MUL: 0, ADD: 1, SUB: 2, MIN: 3, MAX: 4, LRELU: 5, ABS: 6, CLZ: 7, SHR: 8, SHL: 9 } as const;
export const ROUNDING = { TFL: 0, TRUNCATE: 1, NATURAL: 2 } as const;
export const DATA_FORMAT = { NHWC: 0, NHCWB16: 1 } as const;
/** ACTIVATION function field: NONE (clamp only), TANH, SIGMOID, or LUT_START + slot for a table lookup. */
export const ACTIVATION_FUNCTION = { NONE: 0, TANH: 3, SIGMOID: 4, LUT_START: 16, LUT_END: 23 } as const;

/** Region numbering of an ethos-u55 job (shared/targets/ethos-u55.md, "Regions"). */
export const REGION = { coefficients: 0, io: 1, scratch: 2 } as const;

// ---------------------------------------------------------------------------
// Fields packed in params.

/** Bits per element of a precision code: 0 -> 8, 1 -> 16, 2 -> 32. */
export const PRECISION_BITS = [8, 16, 32] as const;

/**
 * IFM_PRECISION / IFM2_PRECISION: bit 0 signed, bits 2-3 precision (0: 8-bit,
 * 1: 16-bit, 2: 32-bit), bit 6 format (1: NHCWB16), bits 8-9 operand to scale.
 */
export interface IfmPrecision {
  readonly signed: boolean;
  readonly bits: 8 | 16 | 32;
  readonly format: 'NHWC' | 'NHCWB16';
  readonly opToScale: number;
}
export function packIfmPrecision(p: IfmPrecision): number {
  return (p.signed ? 1 : 0) | (PRECISION_BITS.indexOf(p.bits) << 2) | (p.format === 'NHCWB16' ? 1 << 6 : 0) | (p.opToScale << 8);
}
/** null when the precision code is reserved. */
export function unpackIfmPrecision(param: number): IfmPrecision | null {
  const bits = PRECISION_BITS[(param >> 2) & 3];
  if (bits === undefined) return null;
  return { signed: (param & 1) !== 0, bits, format: param & (1 << 6) ? 'NHCWB16' : 'NHWC', opToScale: (param >> 8) & 3 };
}

/**
 * OFM_PRECISION: bit 0 signed, bits 1-2 precision (0: 8-bit, 1: 16-bit,
 * 2: 32-bit), bit 6 format (1: NHCWB16), bit 8 global scale (OFM_SCALE instead
 * of the per-channel records), bits 14-15 rounding (ROUNDING).
 */
export interface OfmPrecision {
  readonly signed: boolean;
  readonly bits: 8 | 16 | 32;
  readonly format: 'NHWC' | 'NHCWB16';
  readonly globalScale: boolean;
  readonly rounding: number;
}
export function packOfmPrecision(p: OfmPrecision): number {
  return (
    (p.signed ? 1 : 0) | (PRECISION_BITS.indexOf(p.bits) << 1) | (p.format === 'NHCWB16' ? 1 << 6 : 0) | (p.globalScale ? 1 << 8 : 0) | (p.rounding << 14)
  );
}
export function unpackOfmPrecision(param: number): OfmPrecision | null {
  const bits = PRECISION_BITS[(param >> 1) & 3];
  const rounding = (param >> 14) & 3;
  if (bits === undefined || rounding === 3) return null;
  return { signed: (param & 1) !== 0, bits, format: param & (1 << 6) ? 'NHCWB16' : 'NHWC', globalScale: (param & (1 << 8)) !== 0, rounding };
}

/**
 * KERNEL_STRIDE: bit 0 (stride_x - 1) & 1, bit 1 (stride_y - 1) & 1, bit 2
 * part-kernel-first traversal, bit 3 dilation_x - 1, bit 4 dilation_y - 1,
 * bits 6-7 (stride_x - 1) >> 1, bits 9-10 (stride_y - 1) >> 1.
 */
export interface KernelStride {
  readonly strideX: number;
  readonly strideY: number;
  readonly dilationX: number;
  readonly dilationY: number;
  readonly partKernelFirst: boolean;
}
export function packKernelStride(k: KernelStride): number {
  const sx = k.strideX - 1;
  const sy = k.strideY - 1;
  return (sx & 1) | ((sy & 1) << 1) | (k.partKernelFirst ? 1 << 2 : 0) | ((k.dilationX - 1) << 3) | ((k.dilationY - 1) << 4) | ((sx >> 1) << 6) | ((sy >> 1) << 9);
}
export function unpackKernelStride(param: number): KernelStride {
  return {
    strideX: ((param & 1) | (((param >> 6) & 3) << 1)) + 1,
    strideY: (((param >> 1) & 1) | (((param >> 9) & 3) << 1)) + 1,
    dilationX: ((param >> 3) & 1) + 1,
    dilationY: ((param >> 4) & 1) + 1,
    partKernelFirst: (param & (1 << 2)) !== 0,
  };
}

/** KERNEL_WIDTH_M1 / KERNEL_HEIGHT_M1 hold the dilated extent minus one: `dilation * (k - 1)`. */
export function dilatedExtentM1(kernel: number, dilation: number): number {
  return dilation * (kernel - 1);
}

/**
 * ACTIVATION: bits 0-4 function (ACTIVATION_FUNCTION), bits 12-14 clip range
 * (0: the OFM precision's range).
 */
export function packActivation(fn: number, clipRange = 0): number {
  return (fn & 0x1f) | (clipRange << 12);
}
export function unpackActivation(param: number): { fn: number; clipRange: number } {
  return { fn: param & 0x1f, clipRange: (param >> 12) & 7 };
}

/** IFM2_BROADCAST: bit 0 H, bit 1 W, bit 2 C broadcast; bit 6 reversed operands (IFM2 is the first operand); bit 7 IFM2 is the IFM2_SCALAR value. */
export interface Ifm2Broadcast {
  readonly h: boolean;
  readonly w: boolean;
  readonly c: boolean;
  readonly reversed: boolean;
  readonly scalar: boolean;
}
export function packIfm2Broadcast(b: Ifm2Broadcast): number {
  return (b.h ? 1 : 0) | (b.w ? 2 : 0) | (b.c ? 4 : 0) | (b.reversed ? 1 << 6 : 0) | (b.scalar ? 1 << 7 : 0);
}
export function unpackIfm2Broadcast(param: number): Ifm2Broadcast {
  return { h: (param & 1) !== 0, w: (param & 2) !== 0, c: (param & 4) !== 0, reversed: (param & (1 << 6)) !== 0, scalar: (param & (1 << 7)) !== 0 };
}

/**
 * DMA0_SRC_REGION / DMA0_DST_REGION: bits 0-2 region; npuc's model: bit 8 of
 * the destination set means "internal SHRAM" (where LUTs are loaded), the
 * address then being a SHRAM byte offset.
 */
export const DMA_REGION_SHRAM = 1 << 8;

// ---------------------------------------------------------------------------
// Scale records: 10 bytes per output channel, little-endian bit fields:
// bits 0-39 bias (signed), bits 40-71 scale (unsigned), bits 72-77 shift.

export const SCALE_RECORD_BYTES = 10;

export function packScaleRecord(out: Uint8Array, at: number, bias: bigint, scale: number, shift: number): void {
  const b = BigInt.asUintN(40, bias);
  for (let i = 0; i < 5; i++) out[at + i] = Number((b >> BigInt(8 * i)) & 0xffn);
  for (let i = 0; i < 4; i++) out[at + 5 + i] = (scale >>> (8 * i)) & 0xff;
  out[at + 9] = shift & 0x3f;
}
export function unpackScaleRecord(bytes: Uint8Array, at: number): { bias: bigint; scale: number; shift: number } {
  let b = 0n;
  for (let i = 4; i >= 0; i--) b = (b << 8n) | BigInt(bytes[at + i]!);
  const scale = (bytes[at + 5]! | (bytes[at + 6]! << 8) | (bytes[at + 7]! << 16) | (bytes[at + 8]! << 24)) >>> 0;
  return { bias: BigInt.asIntN(40, b), scale, shift: bytes[at + 9]! & 0x3f };
}

// ---------------------------------------------------------------------------
// Weight streams. npuc's uncompressed stream (Vela's mlw codec is the goal):
// each weight minus the weight zero point, a 9-bit two's-complement value,
// packed least significant bit first into consecutive bytes; the stream's
// length is rounded up to 16 bytes. Order:
//   CONV:      for each block of 16 output channels (the last may be short),
//              for ky, for kx, for each input channel, for each output channel
//              of the block.
//   DEPTHWISE: for each block of 16 channels, for ky, for kx, for each
//              channel of the block.

export const WEIGHT_BITS = 9;
export const WEIGHT_BLOCK = 16;

/** Bytes of an uncompressed weight stream of `count` weights (16-byte aligned). */
export function weightStreamBytes(count: number): number {
  return Math.ceil(Math.ceil((count * WEIGHT_BITS) / 8) / 16) * 16;
}

// ---------------------------------------------------------------------------
// Feature-map addressing (one tile shown; tiles 1-3 start at x = WIDTH0_M1 + 1
// and/or y = HEIGHT0_M1 + 1 (tile 2) / HEIGHT1_M1 + 1 (tile 3), each addressed
// from its own base with the same strides).
//   NHWC:    base + y * stride_y + x * stride_x + c * stride_c
//   NHCWB16: base + y * stride_y + x * stride_x + (c >> 4) * stride_c + (c & 15) * element_bytes
// Strides are in bytes.

// ---------------------------------------------------------------------------
// SHRAM: 48 banks of 1 KiB (shared/targets/ethos-u55.md, Limits). npuc's model
// of the allocation (after Vela's shared_buffer_allocation): the IFM buffer
// starts at bank 0 and ends at IFM_IB_END; the accumulator buffer starts at
// AB_START and ends at the last bank, less 2 banks when a LUT is in use.
// Both are double-buffered.

export const SHRAM_BANKS = 48;
export const SHRAM_BANK_BYTES = 1024;
export const LUT_BANKS = 2;
/** Where LUT slot `i` (256 bytes each) lives in SHRAM. */
export function lutAddress(slot: number): number {
  return (SHRAM_BANKS - LUT_BANKS) * SHRAM_BANK_BYTES + slot * 256;
}

export type BlockKind = 'CONV' | 'DEPTHWISE' | 'POOL' | 'ELEMENTWISE';

export interface BlockShape {
  readonly width: number;
  readonly height: number;
  readonly depth: number;
}

export interface ShramNeed {
  readonly ifmBanks: number;
  readonly ifm2Banks: number;
  readonly accBanks: number;
}

const roundUp = (v: number, m: number): number => Math.ceil(v / m) * m;

/**
 * Banks an OFM block needs: IFM block `((h - 1) * stride_y + dilated kernel
 * height) x ((w - 1) * stride_x + dilated kernel width) x depth` (depth: up to
 * 32 input channels for CONV, the block's own channels otherwise, rounded up
 * to 8), int32 accumulators for `w x h x roundUp(depth, 8)` (none for
 * ELEMENTWISE), each double-buffered.
 */
export function shramNeed(
  kind: BlockKind,
  block: BlockShape,
  k: { kernelH: number; kernelW: number; strideY: number; strideX: number; dilationY: number; dilationX: number },
  ifmDepth: number,
  ifmElementBytes: number,
  hasIfm2: boolean,
): ShramNeed {
  const ih = (block.height - 1) * k.strideY + dilatedExtentM1(k.kernelH, k.dilationY) + 1;
  const iw = (block.width - 1) * k.strideX + dilatedExtentM1(k.kernelW, k.dilationX) + 1;
  const id = kind === 'CONV' ? Math.min(ifmDepth, 32) : block.depth;
  const ifmBanks = 2 * Math.ceil((ih * iw * roundUp(id, 8) * ifmElementBytes) / SHRAM_BANK_BYTES);
  const accBanks = kind === 'ELEMENTWISE' ? 0 : 2 * Math.ceil((block.width * block.height * roundUp(block.depth, 8) * 4) / SHRAM_BANK_BYTES);
  return { ifmBanks, ifm2Banks: hasIfm2 ? ifmBanks : 0, accBanks };
}

/** Whether a need fits SHRAM (less the LUT banks when a LUT is in use). */
export function fitsShram(n: ShramNeed, usesLut: boolean): boolean {
  return n.ifmBanks + n.ifm2Banks + n.accBanks <= SHRAM_BANKS - (usesLut ? LUT_BANKS : 0);
}
