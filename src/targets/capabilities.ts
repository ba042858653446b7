// Target capabilities: what an NPU can execute, as data. Each target declares
// one `TargetCapabilities` value (src/targets/<name>/capabilities.ts) whose
// every field comes from that target's facts; the shared tosa pass pipeline is
// derived from it (src/targets/pipeline.ts), never written per target.
//
// A limit the facts do not state is `null`: no pass is chosen because of it,
// and later stages (partitioning) treat it as "no known limit".

/** The 8-bit integer domain an NPU computes in. */
export type IntDomain = 'int8' | 'uint8';

/** TOSA's names for the rounding of `apply_scale_32` (DESIGN.md section 6). */
export type TosaRoundingMode = 'SINGLE_ROUND' | 'INEXACT_ROUND' | 'DOUBLE_ROUND';

/** The hardware's requantization (output scaling) unit. */
export interface RequantizationUnit {
  /** Significant bits of the multiplier the unit applies (31 for a TOSA scale32-style multiplier). */
  readonly multiplierBits: number;
  /** Right shifts the unit can apply, inclusive; null when the facts do not state the field width. */
  readonly shift: { readonly min: number; readonly max: number } | null;
  /** The TOSA rounding mode that computes exactly what the unit computes. */
  readonly rounding: TosaRoundingMode;
  /** The hardware's own name for that rounding. */
  readonly roundingNote: string;
}

export interface ConvolutionLimits {
  /** Largest stride in either dimension; null when not stated. */
  readonly maxStride: number | null;
  /** Largest dilation in either dimension; null when not stated. */
  readonly maxDilation: number | null;
  /** Largest kernel height and width at stride 1; null when not stated. */
  readonly maxKernel: number | null;
}

export interface DepthwiseSupport {
  /** Whether depthwise convolution runs natively (else it becomes a full convolution). */
  readonly native: boolean;
  /** Largest channel multiplier a native depthwise convolution takes; null when not stated. */
  readonly maxMultiplier: number | null;
}

export interface PoolingLimits {
  /** Largest pooling kernel height and width when the pooling pads; null when not stated. */
  readonly maxKernelPadded: number | null;
  /** True when the only pooling is a 2x2, stride-2, unpadded max pool (fused into a convolution's output). */
  readonly max2x2Only: boolean;
}

/** How the NPU stores intermediate feature maps (docs/nir.md, nir.view layouts). */
export interface FeatureMapLayout {
  /**
   * NHWC, a brick layout, or NCHW: planar images (each channel's H x W plane
   * contiguous), held in an NHWC view with strides [C*H*W, W, 1, H*W].
   */
  readonly layout: 'NHWC' | 'NHCWB16' | 'NC1HWC2' | 'NCHW';
  /** Use the layout only for tensors whose depth is a multiple of this; null: always. */
  readonly depthMultiple: number | null;
}

export interface TargetCapabilities {
  /** The `--target` name. */
  readonly name: string;
  /** The real NPU and the public drivers the model follows. */
  readonly modelledOn: string;
  /** Activation (feature map) data the hardware computes on. */
  readonly activations: IntDomain;
  /** Weight data the hardware reads. */
  readonly weights: IntDomain;
  /** Whether the output scaling takes one scale per output channel. */
  readonly perChannel: boolean;
  /**
   * True when every feature map the NPU reads or writes is 8-bit: wider data
   * exists only inside an operation (accumulators, an add's scaled operands),
   * so a requantization that reads or writes 16/32-bit data on its own runs on
   * the CPU. False when 16/32-bit feature maps are handled (or not stated).
   */
  readonly eightBitFeatureMapsOnly: boolean;
  readonly convolution: ConvolutionLimits;
  readonly depthwise: DepthwiseSupport;
  readonly pooling: PoolingLimits;
  /** Whether a space-to-depth reshuffle (with its padding) runs on the NPU, as unstride-conv produces it. */
  readonly reshuffle: boolean;
  /** The tosa ops the hardware executes (the rest run on the CPU after partitioning). */
  readonly ops: readonly string[];
  readonly requantization: RequantizationUnit;
  /** Size in bytes of the on-chip buffer the NPU tiles its work into; null when not stated. */
  readonly sramBytes: number | null;
  /** Layout of intermediate feature maps (graph inputs and outputs are NHWC). */
  readonly featureMaps: FeatureMapLayout;
}

const orUnstated = (v: number | null, f: (n: number) => string): string => (v === null ? 'not stated' : f(v));

function bytesText(n: number): string {
  return n % 1024 === 0 ? `${n / 1024} KiB (${n} bytes)` : `${n} bytes`;
}

/** A human-readable description of `caps`, one fact per line, for `npuc targets`. */
export function formatCapabilities(caps: TargetCapabilities): string[] {
  const conv = caps.convolution;
  const dw = caps.depthwise;
  const rq = caps.requantization;
  return [
    `data:            ${caps.activations} activations, ${caps.weights} weights, ${caps.perChannel ? 'per-channel' : 'per-tensor'} scales${caps.eightBitFeatureMapsOnly ? ', 8-bit feature maps only' : ''}`,
    `convolution:     stride ${orUnstated(conv.maxStride, (n) => `<= ${n}`)}, dilation ${orUnstated(conv.maxDilation, (n) => `<= ${n}`)}, kernel ${orUnstated(conv.maxKernel, (n) => `<= ${n}x${n}`)}`,
    `depthwise:       ${dw.native ? `native, multiplier ${orUnstated(dw.maxMultiplier, (n) => `<= ${n}`)}` : 'not native (runs as a full convolution)'}`,
    `pooling:         ${caps.pooling.max2x2Only ? '2x2 max, stride 2, unpadded only' : `kernel with padding ${orUnstated(caps.pooling.maxKernelPadded, (n) => `<= ${n}x${n}`)}`}`,
    `reshuffle:       ${caps.reshuffle ? 'space-to-depth (with its padding) on the NPU' : 'not on the NPU'}`,
    `requantization:  ${rq.multiplierBits}-bit multiplier, shift ${rq.shift ? `${rq.shift.min}..${rq.shift.max}` : 'range not stated'}, ${rq.rounding} (${rq.roundingNote})`,
    `on-chip buffer:  ${orUnstated(caps.sramBytes, bytesText)}`,
    `feature maps:    ${caps.featureMaps.layout === 'NCHW' ? 'NCHW (planar)' : caps.featureMaps.layout}${caps.featureMaps.depthMultiple ? ` when depth % ${caps.featureMaps.depthMultiple} == 0, else NHWC` : ''}`,
    `tosa ops:        ${caps.ops.map((o) => o.replace(/^tosa\./, '')).join(' ')}`,
  ];
}
