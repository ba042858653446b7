// What the ethos-u55 target executes. Every value comes from the target's
// facts (shared/targets/ethos-u55.md); the comment on each names the fact.

import type { TargetCapabilities } from '../capabilities.js';

export const ethosU55Capabilities: TargetCapabilities = {
  name: 'ethos-u55',
  // "Modelled on Arm Ethos-U55 as driven by Linux drivers/accel/ethosu and Mesa's ethosu, ... Arm's Vela compiler."
  modelledOn: 'Arm Ethos-U55 (Linux ethosu, Mesa ethosu, Vela)',
  // Data: "Activations int8 (int16 later)".
  activations: 'int8',
  // Data: "Weights int8; the weight zero point is subtracted at compile time".
  weights: 'int8',
  // Data: "Per-channel scaling is native: one 10-byte record per output channel".
  perChannel: true,
  // Registers: IFM/OFM_PRECISION encode 8-, 16- and 32-bit feature maps.
  eightBitFeatureMapsOnly: false,
  convolution: {
    // Limits: "Convolution stride 1-3".
    maxStride: 3,
    // Limits: "dilation 1-2".
    maxDilation: 2,
    // Limits: "kernel height/width up to 64 with stride 1 (smaller when strided)".
    maxKernel: 64,
  },
  // Operations: NPU_OP_DEPTHWISE 0x003; Limits: "depthwise multiplier 1".
  depthwise: { native: true, maxMultiplier: 1 },
  // Limits: "pooling kernels up to 8x8 with padding".
  pooling: { maxKernelPadded: 8, max2x2Only: false },
  // The facts name no reshuffle unit.
  reshuffle: false,
  ops: [
    // Operations: NPU_OP_CONV, NPU_OP_DEPTHWISE.
    'tosa.conv2d',
    'tosa.depthwise_conv2d',
    // Operations: NPU_OP_POOL.
    'tosa.avg_pool2d',
    'tosa.max_pool2d',
    // Limits: "elementwise add/sub/mul/min/max with per-operand scaling" (NPU_OP_ELEMENTWISE).
    'tosa.add',
    'tosa.sub',
    'tosa.mul',
    'tosa.minimum',
    'tosa.maximum',
    // Limits: "256-entry LUT for sigmoid/tanh/hardswish/leaky relu in int8".
    'tosa.table',
    // Data: "Output: clamp(apply_scale(acc + bias, scale, shift) + ofm_zp, act_min, act_max)".
    'tosa.rescale',
    'tosa.clamp',
  ],
  requantization: {
    // Data: "scale = round_half_away(q * 2^31)" with frexp's q in [0.5, 1): a 31-bit multiplier
    // (held in the "32-bit unsigned scale" of each record).
    multiplierBits: 31,
    // Data: per-channel record "6-bit shift".
    shift: { min: 0, max: 63 },
    // Data: "Rounding chosen by OFM_PRECISION bits 14-15: TFL (0, equals TOSA DOUBLE_ROUND and TFLite)".
    rounding: 'DOUBLE_ROUND',
    roundingNote: 'OFM_PRECISION rounding TFL',
  },
  // Limits: "SHRAM: 48 banks of 1 KiB for IFM and accumulator blocks".
  sramBytes: 48 * 1024,
  // Data: "Activations int8 (int16 later); NHWC, or NHCWB16 when depth % 16 == 0".
  featureMaps: { layout: 'NHCWB16', depthMultiple: 16 },
};
