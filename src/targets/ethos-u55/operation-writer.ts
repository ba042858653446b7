// The register sequence of one ethos-u55 operation, from a description that
// encode.ts derives from an nir intrinsic. Order per block operation: IFM,
// IFM2, OFM, kernel, weights and scales, OFM/OPA/OPB scales, activation,
// OFM block, SHRAM layout, BLOCKDEP, then the NPU_OP_* word. Each register is
// written only when its value changes (command-writer.ts).
//
// BLOCKDEP is always 0: npuc's model is conservative and lets no operation
// overlap the previous one.

import { BackendError } from '../../codegen/backend.js';
import { chooseBlockConfig, type BlockKernel } from './block-config.js';
import type { ViewAddress } from './coefficient-image.js';
import type { CommandWriter } from './command-writer.js';
import { writeIfm, writeIfm2, writeOfm, type FeatureMapRegs } from './feature-map.js';
import { DMA_REGION_SHRAM, REGION, dilatedExtentM1, packActivation, packKernelStride, type BlockKind, type Ifm2Broadcast } from './registers.js';
import { checkScale } from './weights.js';

export interface ScaleValue {
  readonly scale: number;
  readonly shift: number;
}

/** A range of the coefficients region. */
export interface CoefficientRange {
  readonly base: number;
  readonly length: number;
}

export interface BlockOpSpec {
  readonly kind: BlockKind;
  /** The NPU_OP_* param: POOLING_MODE or ELEMENTWISE_MODE, 0 otherwise. */
  readonly mode: number;
  readonly ifm: FeatureMapRegs;
  readonly ifm2: { readonly fm: FeatureMapRegs; readonly broadcast: Ifm2Broadcast } | null;
  readonly ofm: FeatureMapRegs;
  readonly kernel: BlockKernel;
  /** [top, bottom, left, right] */
  readonly pad: readonly number[];
  /** CONV / DEPTHWISE: the weight stream and the scale records. */
  readonly weights: CoefficientRange | null;
  readonly scales: CoefficientRange | null;
  readonly globalScale: boolean;
  /** ROUNDING */
  readonly rounding: number;
  /** OFM_SCALE, when the operation uses it. */
  readonly ofmScale: ScaleValue | null;
  /** OPA_SCALE (the first operand: the IFM, or the IFM2 when reversed) and OPB_SCALE (the second), when used. */
  readonly opScales: readonly [ScaleValue, ScaleValue] | null;
  /** ACTIVATION function (ACTIVATION_FUNCTION) and bounds. */
  readonly activation: { readonly fn: number; readonly min: number; readonly max: number };
  readonly usesLut: boolean;
}

const OP_NAMES: Record<BlockKind, string> = {
  CONV: 'NPU_OP_CONV',
  DEPTHWISE: 'NPU_OP_DEPTHWISE',
  POOL: 'NPU_OP_POOL',
  ELEMENTWISE: 'NPU_OP_ELEMENTWISE',
};

// npuc's limits (shared/targets/ethos-u55.md, Limits; the decoder rejects
// anything beyond them): strides 1-3, dilations 1-2, kernels up to 64x64.
const MAX_STRIDE = 3;
const MAX_DILATION = 2;
const MAX_KERNEL = 64;

function checkKernel(k: BlockKernel): void {
  const limits: [string, number, number][] = [
    ['stride y', k.strideY, MAX_STRIDE],
    ['stride x', k.strideX, MAX_STRIDE],
    ['dilation y', k.dilationY, MAX_DILATION],
    ['dilation x', k.dilationX, MAX_DILATION],
    ['kernel height', k.kernelH, MAX_KERNEL],
    ['kernel width', k.kernelW, MAX_KERNEL],
  ];
  for (const [name, v, max] of limits) {
    if (!Number.isInteger(v) || v < 1 || v > max) throw new BackendError(`${name} ${v} is outside [1, ${max}]`);
  }
}

function writeScale(w: CommandWriter, name: string, s: ScaleValue, what: string): void {
  checkScale(s.scale, s.shift, what);
  w.set1(name, s.shift, s.scale);
}

export function writeBlockOp(w: CommandWriter, op: BlockOpSpec): void {
  checkKernel(op.kernel);
  // Choose the block first: a failure leaves the stream as it was.
  const config = chooseBlockConfig({
    kind: op.kind,
    ofm: op.ofm,
    kernel: op.kernel,
    ifmDepth: op.ifm.depth,
    // shramNeed sizes the IFM2 buffer like the IFM's: take the wider element.
    ifmElementBytes: Math.max(op.ifm.elementBytes, op.ifm2?.fm.elementBytes ?? 0),
    hasIfm2: op.ifm2 !== null,
    usesLut: op.usesLut,
  });
  writeIfm(w, op.ifm, op.pad);
  if (op.ifm2) writeIfm2(w, op.ifm2.fm, op.ifm2.broadcast);
  writeOfm(w, op.ofm, op.globalScale, op.rounding);
  const k = op.kernel;
  w.set0('NPU_SET_KERNEL_WIDTH_M1', dilatedExtentM1(k.kernelW, k.dilationX));
  w.set0('NPU_SET_KERNEL_HEIGHT_M1', dilatedExtentM1(k.kernelH, k.dilationY));
  w.set0('NPU_SET_KERNEL_STRIDE', packKernelStride({ strideX: k.strideX, strideY: k.strideY, dilationX: k.dilationX, dilationY: k.dilationY, partKernelFirst: false }));
  if (op.weights) {
    w.set0('NPU_SET_WEIGHT_REGION', REGION.coefficients);
    w.setAddress('NPU_SET_WEIGHT_BASE', op.weights.base);
    w.setAddress('NPU_SET_WEIGHT_LENGTH', op.weights.length);
  }
  if (op.scales) {
    w.set0('NPU_SET_SCALE_REGION', REGION.coefficients);
    w.setAddress('NPU_SET_SCALE_BASE', op.scales.base);
    w.setAddress('NPU_SET_SCALE_LENGTH', op.scales.length);
  }
  if (op.ofmScale) writeScale(w, 'NPU_SET_OFM_SCALE', op.ofmScale, 'output');
  if (op.opScales) {
    writeScale(w, 'NPU_SET_OPA_SCALE', op.opScales[0], 'first input');
    writeScale(w, 'NPU_SET_OPB_SCALE', op.opScales[1], 'second input');
  }
  w.set0('NPU_SET_ACTIVATION', packActivation(op.activation.fn));
  w.set0('NPU_SET_ACTIVATION_MIN', op.activation.min);
  w.set0('NPU_SET_ACTIVATION_MAX', op.activation.max);
  w.set0('NPU_SET_OFM_BLK_HEIGHT_M1', config.block.height - 1);
  w.set0('NPU_SET_OFM_BLK_WIDTH_M1', config.block.width - 1);
  w.set0('NPU_SET_OFM_BLK_DEPTH_M1', config.block.depth - 1);
  w.set0('NPU_SET_IFM_IB_END', config.ibEnd);
  if (op.ifm2) w.set0('NPU_SET_IFM2_IB_START', config.ib2Start);
  w.set0('NPU_SET_AB_START', config.abStart);
  w.set0('NPU_SET_ACC_FORMAT', 0);
  w.set0('NPU_SET_BLOCKDEP', 0);
  w.op(OP_NAMES[op.kind], op.mode);
}

/** Where a DMA writes: a region, or SHRAM (LUT loads). */
export interface DmaTarget {
  readonly region: number | 'shram';
  readonly address: number;
}

/** DMA0 registers, NPU_OP_DMA_START, then NPU_OP_DMA_WAIT (nothing may read the destination before it lands). */
export function writeDma(w: CommandWriter, src: ViewAddress, dst: DmaTarget, length: number): void {
  w.set0('NPU_SET_DMA0_SRC_REGION', src.region);
  w.set0('NPU_SET_DMA0_DST_REGION', dst.region === 'shram' ? DMA_REGION_SHRAM : dst.region);
  w.setAddress('NPU_SET_DMA0_SRC', src.base);
  w.setAddress('NPU_SET_DMA0_DST', dst.address);
  w.setAddress('NPU_SET_DMA0_LEN', length);
  w.op('NPU_OP_DMA_START');
  w.op('NPU_OP_DMA_WAIT', 0);
}
