// The tosa pass pipeline of each target, derived from its capabilities. The
// expected pipelines are worked out by hand from shared/targets/*.md:
//
// ethos-u55: activations int8 -> unsigned-to-signed; per-channel scaling is
//   native -> no per-tensor conversion; depthwise is native with multiplier 1
//   -> depthwise-to-conv{min-multiplier=2} (only larger multipliers become
//   full convolutions); stride 1-3 ->
//   unstride-conv{max-stride=3}; a 31-bit multiplier with TFL rounding (TOSA
//   DOUBLE_ROUND); its 6-bit shift (0..63) covers TOSA's 2..62, so no shift
//   options.
// vipnano: uint8 only -> signed-to-unsigned; per-tensor only ->
//   per-channel-to-per-tensor; depthwise runs as a full convolution ->
//   depthwise-to-conv; stride 1 only -> unstride-conv{max-stride=1}; 15-bit
//   post_multiplier, round half up (SINGLE_ROUND).
// rknpu: int8 -> unsigned-to-signed; per-tensor only -> per-channel-to-per-tensor;
//   depthwise native, no stated stride limit; 15-bit OUT_CVT scale, round half
//   up as the executor defines it (SINGLE_ROUND).
// Every target: the cleanups, then legalize-rescale, fuse-activations,
// canonicalize, cse, and check-target for that target.

// RUN: npuc compile --target ethos-u55 --print-pipeline | FileCheck %s --check-prefix=ETHOS --match-full-lines
// ETHOS: unsigned-to-signed,depthwise-to-conv{min-multiplier=2},unstride-conv{max-stride=3},cancel-transposes,fuse-rescale,fold-constants,fold-pad-into-conv,canonicalize,cse,legalize-rescale{multiplier-bits=31 rounding=DOUBLE_ROUND},fuse-activations,canonicalize,cse,check-target{target=ethos-u55}
// RUN: npuc compile --target vipnano --print-pipeline | FileCheck %s --check-prefix=VIP --match-full-lines
// VIP: signed-to-unsigned,per-channel-to-per-tensor,depthwise-to-conv,unstride-conv{max-stride=1},cancel-transposes,fuse-rescale,fold-constants,fold-pad-into-conv,canonicalize,cse,legalize-rescale{multiplier-bits=15 rounding=SINGLE_ROUND scale16=true},fuse-activations,canonicalize,cse,check-target{target=vipnano}
// RUN: npuc compile --target rknpu --print-pipeline | FileCheck %s --check-prefix=RK --match-full-lines
// RK: unsigned-to-signed,per-channel-to-per-tensor,cancel-transposes,fuse-rescale,fold-constants,fold-pad-into-conv,canonicalize,cse,legalize-rescale{multiplier-bits=15 rounding=SINGLE_ROUND scale16=true},fuse-activations,canonicalize,cse,check-target{target=rknpu}

// --no-cpu-fallback makes check-target fail on an op the NPU cannot run.
// RUN: npuc compile --target rknpu --no-cpu-fallback --print-pipeline | FileCheck %s --check-prefix=STRICT
// STRICT: ,check-target{target=rknpu no-cpu-fallback=true}

// --print-pipeline needs no input, and ignores one that is given.
// RUN: npuc compile %s --target rknpu --print-pipeline | FileCheck %s --check-prefix=RK --match-full-lines

// Unknown and missing targets are usage errors that list the known targets.
// RUN: not npuc compile --target ethos-u65 --print-pipeline 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: npuc: error: unknown target 'ethos-u65' (known targets: ethos-u55, rknpu, vipnano)
// RUN: not npuc compile %s 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: npuc: error: missing --target (known targets: ethos-u55, rknpu, vipnano)

// `npuc targets`: every target with the facts it is built on and its pipeline.
// RUN: npuc targets | FileCheck %s --check-prefix=LIST
// LIST:      ethos-u55: Arm Ethos-U55
// LIST-NEXT:   data:            int8 activations, int8 weights, per-channel scales
// LIST-NEXT:   convolution:     stride <= 3, dilation <= 2, kernel <= 64x64
// LIST-NEXT:   depthwise:       native, multiplier <= 1
// LIST-NEXT:   pooling:         kernel with padding <= 8x8
// LIST-NEXT:   reshuffle:       not on the NPU
// LIST-NEXT:   requantization:  31-bit multiplier, shift 0..63, DOUBLE_ROUND
// LIST-NEXT:   on-chip buffer:  48 KiB (49152 bytes)
// LIST-NEXT:   feature maps:    NHCWB16 when depth % 16 == 0, else NHWC
// LIST-NEXT:   tosa ops:        conv2d depthwise_conv2d avg_pool2d max_pool2d add sub mul minimum maximum table rescale clamp
// LIST-NEXT:   pipeline:        unsigned-to-signed,depthwise-to-conv{min-multiplier=2},unstride-conv{max-stride=3},
// LIST:      rknpu: Rockchip RK3588 NPU
// LIST-NEXT:   data:            int8 activations, int8 weights, per-tensor scales
// LIST-NEXT:   convolution:     stride not stated, dilation not stated, kernel not stated
// LIST-NEXT:   depthwise:       native, multiplier not stated
// LIST-NEXT:   pooling:         kernel with padding not stated
// LIST-NEXT:   reshuffle:       not on the NPU
// LIST-NEXT:   requantization:  15-bit multiplier, shift range not stated, SINGLE_ROUND
// LIST-NEXT:   on-chip buffer:  384 KiB (393216 bytes)
// LIST-NEXT:   feature maps:    NC1HWC2
// LIST-NEXT:   tosa ops:        conv2d depthwise_conv2d add rescale clamp
// LIST-NEXT:   pipeline:        unsigned-to-signed,per-channel-to-per-tensor,
// LIST:      vipnano: VeriSilicon VIPNano-QI
// LIST-NEXT:   data:            uint8 activations, uint8 weights, per-tensor scales, 8-bit feature maps only
// LIST-NEXT:   convolution:     stride <= 1, dilation not stated, kernel not stated
// LIST-NEXT:   depthwise:       not native (runs as a full convolution)
// LIST-NEXT:   pooling:         2x2 max, stride 2, unpadded only
// LIST-NEXT:   reshuffle:       space-to-depth (with its padding) on the NPU
// LIST-NEXT:   requantization:  15-bit multiplier, shift range not stated, SINGLE_ROUND
// LIST-NEXT:   on-chip buffer:  not stated
// LIST-NEXT:   feature maps:    NCHW (planar)
// LIST-NEXT:   tosa ops:        conv2d add concat slice max_pool2d reshape transpose rescale clamp
// LIST-NEXT:   pipeline:        signed-to-unsigned,per-channel-to-per-tensor,depthwise-to-conv,unstride-conv{max-stride=1},

// RUN: npuc targets --json | FileCheck %s --check-prefix=JSON
// JSON:      "targets": [
// JSON:          "name": "ethos-u55",
// JSON:          "activations": "int8",
// JSON:          "perChannel": true,
// JSON:            "maxStride": 3,
// JSON:            "multiplierBits": 31,
// JSON:            "rounding": "DOUBLE_ROUND",
// JSON:          "sramBytes": 49152,
// JSON:          "pipeline": "unsigned-to-signed,depthwise-to-conv{min-multiplier=2},unstride-conv{max-stride=3},
// JSON:          "name": "rknpu",
// JSON:          "name": "vipnano",
// JSON:          "activations": "uint8",
// JSON:            "native": false,
// JSON:            "multiplierBits": 15,
// JSON:          "sramBytes": null,

func.func @f(%x: tensor<4xi8>) -> tensor<4xi8> {
  return %x : tensor<4xi8>
}
