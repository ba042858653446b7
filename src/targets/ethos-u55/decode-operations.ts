// Commands -> operations: the register file tracked like the hardware does
// (every register 0 at the start of the stream, state persisting across
// operations), snapshotted and interpreted at each NPU_OP_CONV, DEPTHWISE,
// POOL, ELEMENTWISE and DMA_START. NPU_OP_DMA_WAIT, KERNEL_WAIT, IRQ,
// PMU_MASK and STOP start no operation (waits are no-ops in a sequential model).
//
// npuc's model of what the registers mean (see also execute.ts):
//   * The IFM has no size registers: for CONV, DEPTHWISE and POOL its height
//     is (OFM_HEIGHT - 1) * stride_y + KERNEL_HEIGHT_M1 + 1 - pad_top -
//     pad_bottom, likewise its width; its depth is IFM_DEPTH_M1 + 1.
//   * ELEMENTWISE ignores the kernel, stride and padding registers (reported
//     as 1x1, stride 1, no padding); its IFM has the OFM's shape (IFM_DEPTH_M1
//     must say so) and IFM2 too, except along the IFM2_BROADCAST dimensions
//     (size 1). With the scalar bit there is no IFM2 feature map.
// Field values npuc does not model are errors naming the operation: reserved
// precision or rounding codes, pooling modes > REDUCE_SUM, elementwise modes
// other than MUL/ADD/SUB/MIN/MAX, activation functions other than NONE and
// the LUT slots, kernels larger than 64, strides above 3, a kernel extent not
// a multiple of the dilation, a depthwise or pooling IFM depth different from
// the OFM depth, IFM upscaling, OFM_PRECISION's global scale on a
// convolution, DMA from SHRAM or with a stride mode.

import { BackendError } from '../../codegen/backend.js';
import type { BlockOperation, Command, DmaOperation, FeatureMap, NpuOperation, OperationKind, Scale } from './operation.js';
import {
  ACTIVATION_FUNCTION,
  DMA_REGION_SHRAM,
  ELEMENTWISE_MODE,
  POOLING_MODE,
  command,
  unpackActivation,
  unpackIfm2Broadcast,
  unpackIfmPrecision,
  unpackKernelStride,
  unpackOfmPrecision,
} from './registers.js';

const code = (name: string): number => command(name).code;

/** Largest kernel height/width (undilated). */
export const MAX_KERNEL = 64;
/** Largest stride. */
export const MAX_STRIDE = 3;

const OP_KIND = new Map<number, OperationKind>([
  [code('NPU_OP_CONV'), 'CONV'],
  [code('NPU_OP_DEPTHWISE'), 'DEPTHWISE'],
  [code('NPU_OP_POOL'), 'POOL'],
  [code('NPU_OP_ELEMENTWISE'), 'ELEMENTWISE'],
  [code('NPU_OP_DMA_START'), 'DMA'],
]);

/** The operation kind an `NPU_OP_*` command starts, or undefined (waits, IRQ, PMU, STOP, state). */
export function operationKindOf(cmd: Command): OperationKind | undefined {
  return cmd.kind === 'cmd0' ? OP_KIND.get(cmd.code) : undefined;
}

/** Register names of one feature map (IFM, IFM2, OFM). */
interface FmRegs {
  readonly bases: readonly [number, number, number, number];
  readonly strideX: number;
  readonly strideY: number;
  readonly strideC: number;
  readonly height0: number;
  readonly height1: number;
  readonly width0: number;
  readonly region: number;
  readonly zeroPoint: number;
}

function fmRegs(prefix: 'IFM' | 'IFM2' | 'OFM'): FmRegs {
  const p = `NPU_SET_${prefix}_`;
  return {
    bases: [code(`${p}BASE0`), code(`${p}BASE1`), code(`${p}BASE2`), code(`${p}BASE3`)],
    strideX: code(`${p}STRIDE_X`),
    strideY: code(`${p}STRIDE_Y`),
    strideC: code(`${p}STRIDE_C`),
    height0: code(`${p}HEIGHT0_M1`),
    height1: code(`${p}HEIGHT1_M1`),
    width0: code(`${p}WIDTH0_M1`),
    region: code(`${p}REGION`),
    zeroPoint: code(`${p}ZERO_POINT`),
  };
}

const IFM = fmRegs('IFM');
const IFM2 = fmRegs('IFM2');
const OFM = fmRegs('OFM');

const R = {
  padTop: code('NPU_SET_IFM_PAD_TOP'),
  padLeft: code('NPU_SET_IFM_PAD_LEFT'),
  padRight: code('NPU_SET_IFM_PAD_RIGHT'),
  padBottom: code('NPU_SET_IFM_PAD_BOTTOM'),
  ifmDepthM1: code('NPU_SET_IFM_DEPTH_M1'),
  ifmPrecision: code('NPU_SET_IFM_PRECISION'),
  ifmUpscale: code('NPU_SET_IFM_UPSCALE'),
  ifmIbEnd: code('NPU_SET_IFM_IB_END'),
  ofmWidthM1: code('NPU_SET_OFM_WIDTH_M1'),
  ofmHeightM1: code('NPU_SET_OFM_HEIGHT_M1'),
  ofmDepthM1: code('NPU_SET_OFM_DEPTH_M1'),
  ofmPrecision: code('NPU_SET_OFM_PRECISION'),
  blkWidthM1: code('NPU_SET_OFM_BLK_WIDTH_M1'),
  blkHeightM1: code('NPU_SET_OFM_BLK_HEIGHT_M1'),
  blkDepthM1: code('NPU_SET_OFM_BLK_DEPTH_M1'),
  kernelWidthM1: code('NPU_SET_KERNEL_WIDTH_M1'),
  kernelHeightM1: code('NPU_SET_KERNEL_HEIGHT_M1'),
  kernelStride: code('NPU_SET_KERNEL_STRIDE'),
  activation: code('NPU_SET_ACTIVATION'),
  activationMin: code('NPU_SET_ACTIVATION_MIN'),
  activationMax: code('NPU_SET_ACTIVATION_MAX'),
  weightRegion: code('NPU_SET_WEIGHT_REGION'),
  scaleRegion: code('NPU_SET_SCALE_REGION'),
  abStart: code('NPU_SET_AB_START'),
  dmaSrcRegion: code('NPU_SET_DMA0_SRC_REGION'),
  dmaDstRegion: code('NPU_SET_DMA0_DST_REGION'),
  ifm2Broadcast: code('NPU_SET_IFM2_BROADCAST'),
  ifm2Scalar: code('NPU_SET_IFM2_SCALAR'),
  ifm2Precision: code('NPU_SET_IFM2_PRECISION'),
  ifm2IbStart: code('NPU_SET_IFM2_IB_START'),
  // cmd1
  weightBase: code('NPU_SET_WEIGHT_BASE'),
  weightLength: code('NPU_SET_WEIGHT_LENGTH'),
  scaleBase: code('NPU_SET_SCALE_BASE'),
  scaleLength: code('NPU_SET_SCALE_LENGTH'),
  ofmScale: code('NPU_SET_OFM_SCALE'),
  opaScale: code('NPU_SET_OPA_SCALE'),
  opbScale: code('NPU_SET_OPB_SCALE'),
  dmaSrc: code('NPU_SET_DMA0_SRC'),
  dmaDst: code('NPU_SET_DMA0_DST'),
  dmaLen: code('NPU_SET_DMA0_LEN'),
};

const hex = (v: number): string => `0x${v.toString(16)}`;

/** Opcodes are 10 bits. */
const OPCODE_SPACE = 1024;

/**
 * The register file, fed one command at a time. `step` returns the operation
 * an `NPU_OP_*` command starts (null for every other command) and throws a
 * BackendError on a field value npuc does not model.
 */
export class OperationDecoder {
  /** cmd0 params by opcode (signed registers sign-extended). */
  private readonly p0 = new Int32Array(OPCODE_SPACE);
  /** cmd1 params and payloads by opcode. */
  private readonly p1 = new Int32Array(OPCODE_SPACE);
  private readonly v1 = new Float64Array(OPCODE_SPACE);
  private count = 0;

  /** Operations started so far (the index of the next one). */
  get operations(): number {
    return this.count;
  }

  step(cmd: Command): NpuOperation | null {
    if (cmd.kind === 'cmd1') {
      this.p1[cmd.code] = cmd.param;
      this.v1[cmd.code] = cmd.payload ?? 0;
      return null;
    }
    const kind = OP_KIND.get(cmd.code);
    if (!kind) {
      // State registers (NPU_SET_*) and the NPU_OP_* commands that start nothing.
      if (!command(cmd.name).op) this.p0[cmd.code] = cmd.param;
      return null;
    }
    const index = this.count++;
    const where = `op ${index} (${kind} at byte ${cmd.offset})`;
    return kind === 'DMA' ? this.dma(index, cmd.offset, where) : this.block(kind, index, cmd, where);
  }

  private dma(index: number, offset: number, where: string): DmaOperation {
    const src = this.p0[R.dmaSrcRegion]!;
    const dst = this.p0[R.dmaDstRegion]!;
    if (src & DMA_REGION_SHRAM) throw new BackendError(`${where}: DMA from SHRAM is not modelled`);
    if (src >> 9 || dst >> 9) throw new BackendError(`${where}: DMA stride modes (region bits 9-15) are not modelled`);
    return {
      kind: 'DMA',
      index,
      offset,
      srcRegion: src & 0xff,
      src: this.v1[R.dmaSrc]!,
      dstRegion: dst & DMA_REGION_SHRAM ? 'shram' : dst & 0xff,
      dst: this.v1[R.dmaDst]!,
      length: this.v1[R.dmaLen]!,
    };
  }

  private scale(c: number): Scale {
    return { scale: this.v1[c]! >>> 0, shift: this.p1[c]! & 0x3f };
  }

  private featureMap(
    regs: FmRegs,
    dims: { height: number; width: number; depth: number },
    prec: { signed: boolean; bits: 8 | 16 | 32; format: 'NHWC' | 'NHCWB16' },
  ): FeatureMap {
    const p0 = this.p0;
    const v1 = this.v1;
    return {
      region: p0[regs.region]!,
      bases: [v1[regs.bases[0]]!, v1[regs.bases[1]]!, v1[regs.bases[2]]!, v1[regs.bases[3]]!],
      height0: p0[regs.height0]! + 1,
      height1: p0[regs.height1]! + 1,
      width0: p0[regs.width0]! + 1,
      height: dims.height,
      width: dims.width,
      depth: dims.depth,
      strideX: v1[regs.strideX]!,
      strideY: v1[regs.strideY]!,
      strideC: v1[regs.strideC]!,
      format: prec.format,
      signed: prec.signed,
      bits: prec.bits,
      zeroPoint: p0[regs.zeroPoint]!,
    };
  }

  private block(kind: BlockOperation['kind'], index: number, cmd: Command, where: string): BlockOperation {
    const p0 = this.p0;
    const fail = (msg: string): never => {
      throw new BackendError(`${where}: ${msg}`);
    };
    const ofmPrec = unpackOfmPrecision(p0[R.ofmPrecision]!) ?? fail(`reserved OFM_PRECISION ${hex(p0[R.ofmPrecision]!)} (precision code 3 or rounding 3)`);
    const ifmPrec = unpackIfmPrecision(p0[R.ifmPrecision]!) ?? fail(`reserved IFM_PRECISION ${hex(p0[R.ifmPrecision]!)} (precision code 3)`);
    if (p0[R.ifmUpscale] !== 0) fail(`IFM_UPSCALE ${p0[R.ifmUpscale]} is not modelled`);
    const isConv = kind === 'CONV' || kind === 'DEPTHWISE';
    if (isConv && ofmPrec.globalScale) fail(`OFM_PRECISION global scale is not modelled for ${kind}`);

    let mode = 0;
    if (kind === 'POOL') {
      mode = cmd.param;
      if (mode > POOLING_MODE.REDUCE_SUM) fail(`reserved pooling mode ${mode}`);
    } else if (kind === 'ELEMENTWISE') {
      mode = cmd.param;
      if (mode > ELEMENTWISE_MODE.MAX) fail(`elementwise mode ${mode} is not modelled (MUL, ADD, SUB, MIN, MAX are)`);
    }

    const act = unpackActivation(p0[R.activation]!);
    if (act.fn !== ACTIVATION_FUNCTION.NONE && (act.fn < ACTIVATION_FUNCTION.LUT_START || act.fn > ACTIVATION_FUNCTION.LUT_END)) {
      fail(`activation function ${act.fn} is not modelled (NONE and LUT slots are)`);
    }

    const ofmDims = { height: p0[R.ofmHeightM1]! + 1, width: p0[R.ofmWidthM1]! + 1, depth: p0[R.ofmDepthM1]! + 1 };
    const ifmDepth = p0[R.ifmDepthM1]! + 1;
    let kernel = { width: 1, height: 1, strideX: 1, strideY: 1, dilationX: 1, dilationY: 1 };
    let pad = { top: 0, bottom: 0, left: 0, right: 0 };
    let ifmDims = { height: ofmDims.height, width: ofmDims.width, depth: ifmDepth };
    let ifm2: FeatureMap | null = null;
    let broadcast: BlockOperation['broadcast'] = null;

    if (kind === 'ELEMENTWISE') {
      if (ifmDepth !== ofmDims.depth) fail(`the IFM (depth ${ifmDepth}) must match the OFM shape (depth ${ofmDims.depth})`);
      broadcast = unpackIfm2Broadcast(p0[R.ifm2Broadcast]!);
      if (!broadcast.scalar) {
        const prec2 = unpackIfmPrecision(p0[R.ifm2Precision]!) ?? fail(`reserved IFM2_PRECISION ${hex(p0[R.ifm2Precision]!)} (precision code 3)`);
        const dims2 = {
          height: broadcast.h ? 1 : ofmDims.height,
          width: broadcast.w ? 1 : ofmDims.width,
          depth: broadcast.c ? 1 : ofmDims.depth,
        };
        ifm2 = this.featureMap(IFM2, dims2, prec2);
      }
    } else {
      const ks = unpackKernelStride(p0[R.kernelStride]!);
      if (ks.strideX > MAX_STRIDE || ks.strideY > MAX_STRIDE) fail(`stride ${ks.strideY}x${ks.strideX} exceeds ${MAX_STRIDE}`);
      const wm1 = p0[R.kernelWidthM1]!;
      const hm1 = p0[R.kernelHeightM1]!;
      if (wm1 % ks.dilationX !== 0 || hm1 % ks.dilationY !== 0) {
        fail(`kernel extent ${hm1 + 1}x${wm1 + 1} is not a multiple of the dilation ${ks.dilationY}x${ks.dilationX}`);
      }
      kernel = { width: wm1 / ks.dilationX + 1, height: hm1 / ks.dilationY + 1, strideX: ks.strideX, strideY: ks.strideY, dilationX: ks.dilationX, dilationY: ks.dilationY };
      if (kernel.width > MAX_KERNEL || kernel.height > MAX_KERNEL) fail(`kernel ${kernel.height}x${kernel.width} exceeds ${MAX_KERNEL}x${MAX_KERNEL}`);
      pad = { top: p0[R.padTop]!, bottom: p0[R.padBottom]!, left: p0[R.padLeft]!, right: p0[R.padRight]! };
      const ih = (ofmDims.height - 1) * ks.strideY + hm1 + 1 - pad.top - pad.bottom;
      const iw = (ofmDims.width - 1) * ks.strideX + wm1 + 1 - pad.left - pad.right;
      if (ih < 1 || iw < 1) fail(`the OFM size, kernel, stride and padding give an empty IFM (${ih}x${iw})`);
      ifmDims = { height: ih, width: iw, depth: ifmDepth };
      if (kind !== 'CONV' && ifmDepth !== ofmDims.depth) fail(`IFM depth ${ifmDepth} differs from OFM depth ${ofmDims.depth}`);
    }

    const v1 = this.v1;
    return {
      kind,
      index,
      offset: cmd.offset,
      mode,
      ifm: this.featureMap(IFM, ifmDims, ifmPrec),
      ifm2,
      ofm: this.featureMap(OFM, ofmDims, ofmPrec),
      broadcast,
      scalar: p0[R.ifm2Scalar]!,
      pad,
      kernel,
      weights: isConv ? { region: p0[R.weightRegion]!, address: v1[R.weightBase]!, length: v1[R.weightLength]! } : null,
      scales: isConv ? { region: p0[R.scaleRegion]!, address: v1[R.scaleBase]!, length: v1[R.scaleLength]! } : null,
      globalScale: ofmPrec.globalScale,
      ofmScale: this.scale(R.ofmScale),
      opaScale: this.scale(R.opaScale),
      opbScale: this.scale(R.opbScale),
      rounding: ofmPrec.rounding,
      activation: { fn: act.fn, min: p0[R.activationMin]!, max: p0[R.activationMax]! },
      block: { width: p0[R.blkWidthM1]! + 1, height: p0[R.blkHeightM1]! + 1, depth: p0[R.blkDepthM1]! + 1 },
      shram: { ibEnd: p0[R.ifmIbEnd]!, abStart: p0[R.abStart]!, ib2Start: p0[R.ifm2IbStart]! },
    };
  }
}

/** The operations of a decoded command stream, in order. */
export function decodeOperations(commands: readonly Command[]): NpuOperation[] {
  const dec = new OperationDecoder();
  const out: NpuOperation[] = [];
  for (const c of commands) {
    const op = dec.step(c);
    if (op) out.push(op);
  }
  return out;
}
