// An ethos-u55 operation as the decoder reconstructs it from the command
// stream: the register state in force when an `NPU_OP_*` word was read,
// interpreted. The executor and the cost model consume these; neither sees
// the compiler's IR.

/** One decoded command word (cmd0) or word pair (cmd1). */
export interface Command {
  /** Byte offset of the command's first word in the stream. */
  readonly offset: number;
  readonly kind: 'cmd0' | 'cmd1';
  readonly code: number;
  readonly name: string;
  /** The 16-bit param (sign-extended for signed registers). */
  readonly param: number;
  /** cmd1 only: the payload word; for address registers, the full 40-bit value. */
  readonly payload?: number;
}

/** A feature map as the IFM/IFM2/OFM registers describe it. */
export interface FeatureMap {
  readonly region: number;
  /** BASE0..3 (byte addresses in the region). */
  readonly bases: readonly [number, number, number, number];
  /** Tiles: HEIGHT0_M1 + 1, HEIGHT1_M1 + 1, WIDTH0_M1 + 1. */
  readonly height0: number;
  readonly height1: number;
  readonly width0: number;
  readonly height: number;
  readonly width: number;
  readonly depth: number;
  /** Byte strides. */
  readonly strideX: number;
  readonly strideY: number;
  readonly strideC: number;
  readonly format: 'NHWC' | 'NHCWB16';
  readonly signed: boolean;
  readonly bits: 8 | 16 | 32;
  readonly zeroPoint: number;
}

export interface Scale {
  readonly scale: number;
  readonly shift: number;
}

export interface AddressRange {
  readonly region: number;
  readonly address: number;
  readonly length: number;
}

export type OperationKind = 'CONV' | 'DEPTHWISE' | 'POOL' | 'ELEMENTWISE' | 'DMA';

interface OperationBase {
  /** Index among the stream's operations (CONV, DEPTHWISE, POOL, ELEMENTWISE, DMA_START), from 0. */
  readonly index: number;
  /** Byte offset of the `NPU_OP_*` word. */
  readonly offset: number;
}

export interface BlockOperation extends OperationBase {
  readonly kind: 'CONV' | 'DEPTHWISE' | 'POOL' | 'ELEMENTWISE';
  /** POOL: POOLING_MODE; ELEMENTWISE: ELEMENTWISE_MODE; 0 otherwise. */
  readonly mode: number;
  readonly ifm: FeatureMap;
  /** ELEMENTWISE with a second operand (not a scalar). */
  readonly ifm2: FeatureMap | null;
  readonly ofm: FeatureMap;
  /** ELEMENTWISE: IFM2_BROADCAST fields and IFM2_SCALAR. */
  readonly broadcast: { readonly h: boolean; readonly w: boolean; readonly c: boolean; readonly reversed: boolean; readonly scalar: boolean } | null;
  readonly scalar: number;
  /** IFM_PAD_TOP/BOTTOM/LEFT/RIGHT. */
  readonly pad: { readonly top: number; readonly bottom: number; readonly left: number; readonly right: number };
  /** Kernel (undilated) size, stride and dilation; 1x1 for ELEMENTWISE. */
  readonly kernel: { readonly width: number; readonly height: number; readonly strideX: number; readonly strideY: number; readonly dilationX: number; readonly dilationY: number };
  /** CONV / DEPTHWISE: the weight stream and the scale records. */
  readonly weights: AddressRange | null;
  readonly scales: AddressRange | null;
  /** OFM_PRECISION bit 8: OFM_SCALE instead of per-channel records. */
  readonly globalScale: boolean;
  readonly ofmScale: Scale;
  readonly opaScale: Scale;
  readonly opbScale: Scale;
  /** ROUNDING value from OFM_PRECISION. */
  readonly rounding: number;
  /** ACTIVATION function (ACTIVATION_FUNCTION) and bounds. */
  readonly activation: { readonly fn: number; readonly min: number; readonly max: number };
  readonly block: { readonly width: number; readonly height: number; readonly depth: number };
  /** IFM_IB_END, AB_START, IFM2_IB_START (banks). */
  readonly shram: { readonly ibEnd: number; readonly abStart: number; readonly ib2Start: number };
}

export interface DmaOperation extends OperationBase {
  readonly kind: 'DMA';
  readonly srcRegion: number;
  readonly src: number;
  /** A region index, or 'shram' (LUT loads). */
  readonly dstRegion: number | 'shram';
  readonly dst: number;
  readonly length: number;
}

export type NpuOperation = BlockOperation | DmaOperation;
