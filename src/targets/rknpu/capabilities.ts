// What the rknpu target executes. Every value comes from the target's facts
// (shared/targets/rknpu.md); the comment on each names the fact.

import type { TargetCapabilities } from '../capabilities.js';

export const rknpuCapabilities: TargetCapabilities = {
  name: 'rknpu',
  // "Modelled on the Rockchip RK3588 NPU (NVDLA-like, 3 cores) as driven by Linux drivers/accel/rocket and Mesa's rocket".
  modelledOn: 'Rockchip RK3588 NPU (Linux/Mesa rocket)',
  // Data: "Computes in int8. Unsigned models go through unsigned-to-signed".
  activations: 'int8',
  // Data: weights "missing input channels padded with the weight zero point" in the int8 layout.
  weights: 'int8',
  // Data: "Per-tensor only: per-axis weights go through per-channel-to-per-tensor".
  perChannel: false,
  // The facts do not limit feature maps to 8 bits.
  eightBitFeatureMapsOnly: false,
  convolution: {
    // The facts state no stride, dilation or kernel size limit.
    maxStride: null,
    maxDilation: null,
    maxKernel: null,
  },
  // Operations: "depthwise native"; the facts state no multiplier limit.
  depthwise: { native: true, maxMultiplier: null },
  // The facts state no pooling limit.
  pooling: { maxKernelPadded: null, max2x2Only: false },
  // The facts name no reshuffle unit.
  reshuffle: false,
  ops: [
    // Operations: "Convolution (CNA + CORE), depthwise native".
    'tosa.conv2d',
    'tosa.depthwise_conv2d',
    // Operations: "ADD fused into the producing convolution through the DPU element-wise unit".
    'tosa.add',
    // Operations: "Output conversion: OUT_CVT scale ... and shift ..., then the output offset".
    'tosa.rescale',
    // DESIGN.md section 8: rknpu needs fuse-activations, so its output stage takes the clamp.
    'tosa.clamp',
  ],
  requantization: {
    // Operations: "OUT_CVT scale (15-bit mantissa of the float32 scale, with bit 14 forced set)".
    multiplierBits: 15,
    // Operations: shift "127 + 31 - 32 - exp + 16, one less when truncating"; the field width is not stated.
    shift: null,
    // Operations: "npuc's executor defines the rounding": round half up after the multiply and
    // shift, as for vipnano, which is TOSA SINGLE_ROUND.
    rounding: 'SINGLE_ROUND',
    roundingNote: "round half up, as npuc's executor defines it",
  },
  // Register command lists: "CBUF: 12 banks of 32 KiB".
  sramBytes: 12 * 32 * 1024,
  // Data: "Feature maps in NC1HWC2 layout with C2 = 16".
  featureMaps: { layout: 'NC1HWC2', depthMultiple: null },
};
