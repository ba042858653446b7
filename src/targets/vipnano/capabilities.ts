// What the vipnano target executes. Every value comes from the target's facts
// (shared/targets/vipnano.md); the comment on each names the fact.

import type { TargetCapabilities } from '../capabilities.js';

export const vipnanoCapabilities: TargetCapabilities = {
  name: 'vipnano',
  // "Modelled on the VeriSilicon VIPNano-QI NN core ... as driven by Mesa's etnaviv ML code".
  modelledOn: 'VeriSilicon VIPNano-QI NN core (Mesa etnaviv)',
  // Data: "uint8 asymmetric only, per-tensor only".
  activations: 'uint8',
  weights: 'uint8',
  perChannel: false,
  // Data: "uint8 asymmetric only"; the NN descriptor's data types are 8-bit.
  eightBitFeatureMapsOnly: true,
  convolution: {
    // Operations: "NN core: convolution at stride 1 only".
    maxStride: 1,
    // The facts state no dilation limit.
    maxDilation: null,
    // The facts state no kernel size limit.
    maxKernel: null,
  },
  // Operations: "Depthwise runs as a full convolution whose off-diagonal weights are the weight zero point".
  depthwise: { native: false, maxMultiplier: null },
  // Operations: "2x2 max pooling can be fused into the convolution's output" (the only pooling named).
  pooling: { maxKernelPadded: null, max2x2Only: true },
  // Operations: "TP core: reshuffle, transposes".
  reshuffle: true,
  ops: [
    // Operations: "NN core: convolution at stride 1 only".
    'tosa.conv2d',
    // Operations: "ADD runs as an NN job".
    'tosa.add',
    // Operations: "concatenation and split along channels are free (buffer aliasing)".
    'tosa.concat',
    'tosa.slice',
    // Operations: "2x2 max pooling can be fused into the convolution's output".
    'tosa.max_pool2d',
    // Operations: "TP core: reshuffle, transposes (NHWC<->NCHW at graph edges)".
    'tosa.reshape',
    'tosa.transpose',
    // Requantization: "post_multiplier" and "post_shift" of each NN job.
    'tosa.rescale',
    // Descriptors: the NN descriptor's "relu" field.
    'tosa.clamp',
  ],
  requantization: {
    // Requantization: "the mantissa's top bits give a 15-bit post_multiplier".
    multiplierBits: 15,
    // Requantization: "post_shift = 127 + 31 - 32 - exp + 16 (v7)"; the facts do not state the field width.
    shift: null,
    // Requantization: "npuc's executor defines it (round half up after the multiply and shift)":
    // TOSA SINGLE_ROUND adds 1 << (shift - 1) before the shift, which is round half up.
    rounding: 'SINGLE_ROUND',
    roundingNote: "round half up, as npuc's executor defines it",
  },
  // The facts state no on-chip buffer size.
  sramBytes: null,
  // Descriptors: the NN descriptor addresses images by x and y strides only (Mesa sets
  // in_image_x_stride = width, in_image_y_stride = height): each channel is a plane.
  featureMaps: { layout: 'NCHW', depthMultiple: null },
};
