// check-target: each op a target's NPU cannot run gets a remark naming the op
// and the capability it lacks; with no-cpu-fallback=true the first one is an
// error. The IR never changes.
// RUN: npuc opt %s --split-input-file -p "check-target{target=ethos-u55 no-cpu-fallback=true}" --verify-diagnostics
// RUN: npuc opt %s --split-input-file -p "check-target{target=vipnano}" --pass-remarks 2>&1 >/dev/null | FileCheck %s --check-prefix=VIP
// The whole file as one module on rknpu (no stride, dilation or multiplier
// limit stated; no per-channel scaling, pooling or transpose): NPU ops are
// the three convolutions, @supported's conv2d and rescale and @wide's rescale
// (rknpu's feature maps are not limited to 8 bits); CPU ops the float add,
// both transposes, the per-channel rescale and both pools.
// RUN: npuc opt %s -p "check-target{target=rknpu}" --pass-statistics 2>&1 >/dev/null | FileCheck %s --check-prefix=RKSTAT
// RKSTAT:      'check-target'
// RKSTAT-NEXT: (S) 6 num-npu-ops
// RKSTAT-NEXT: (S) 6 num-cpu-ops
// RUN: npuc opt %s --split-input-file -p "check-target{target=ethos-u55}" | FileCheck %s --check-prefix=SAME
// RUN: not npuc opt %s -p "check-target{target=tpu9}" 2>&1 | FileCheck %s --check-prefix=UNKNOWN

// UNKNOWN: error: check-target: unknown target 'tpu9' (known targets: ethos-u55, rknpu, vipnano)

// Stride 4: above ethos-u55's stride limit 3 and vipnano's 1; rknpu states none.
// VIP: remark: [check-target] 'tosa.conv2d' runs on the CPU (target 'vipnano': stride 4 exceeds its convolution stride limit 1)
// SAME-LABEL: func.func @stride4
// SAME: tosa.conv2d {{.*}} stride = array<i64: 4, 4>
func.func @stride4(%x: tensor<1x9x9x1xi8>) -> tensor<1x3x3x1xi32> {
  %w = "tosa.const"() <{values = dense<1> : tensor<1x1x1x1xi8>}> : () -> tensor<1x1x1x1xi8>
  %b = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %z = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  // expected-error @+1 {{target 'ethos-u55' cannot run 'tosa.conv2d': stride 4 exceeds its convolution stride limit 3 (--no-cpu-fallback)}}
  %0 = tosa.conv2d %x, %w, %b, %z, %z {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 4, 4>} : (tensor<1x9x9x1xi8>, tensor<1x1x1x1xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x3x3x1xi32>
  return %0 : tensor<1x3x3x1xi32>
}

// -----

// Dilation 3: above ethos-u55's dilation limit 2.
func.func @dilation3(%x: tensor<1x7x7x1xi8>) -> tensor<1x1x1x1xi32> {
  %w = "tosa.const"() <{values = dense<1> : tensor<1x3x3x1xi8>}> : () -> tensor<1x3x3x1xi8>
  %b = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %z = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  // expected-error @+1 {{target 'ethos-u55' cannot run 'tosa.conv2d': dilation 3 exceeds its dilation limit 2}}
  %0 = tosa.conv2d %x, %w, %b, %z, %z {acc_type = i32, dilation = array<i64: 3, 3>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x7x7x1xi8>, tensor<1x3x3x1xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x1x1x1xi32>
  return %0 : tensor<1x1x1x1xi32>
}

// -----

// Channel multiplier 2: ethos-u55's native depthwise takes 1 (its pipeline
// turns such a layer into a full convolution first); vipnano has no native
// depthwise at all.
// VIP: remark: [check-target] 'tosa.depthwise_conv2d' runs on the CPU (target 'vipnano': it has no depthwise_conv2d operation)
func.func @multiplier2(%x: tensor<1x3x3x2xi8>) -> tensor<1x3x3x4xi32> {
  %w = "tosa.const"() <{values = dense<1> : tensor<1x1x2x2xi8>}> : () -> tensor<1x1x2x2xi8>
  %b = "tosa.const"() <{values = dense<0> : tensor<4xi32>}> : () -> tensor<4xi32>
  %z = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  // expected-error @+1 {{target 'ethos-u55' cannot run 'tosa.depthwise_conv2d': depthwise channel multiplier 2 exceeds its limit 1}}
  %0 = tosa.depthwise_conv2d %x, %w, %b, %z, %z {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x2xi8>, tensor<1x1x2x2xi8>, tensor<4xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x3x3x4xi32>
  return %0 : tensor<1x3x3x4xi32>
}

// -----

// Floats: no NPU here has a float unit, even for an op it lists.
// VIP: remark: [check-target] 'tosa.add' runs on the CPU (target 'vipnano': it computes on integers only, not f32)
func.func @float_add(%x: tensor<1x4xf32>, %y: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{target 'ethos-u55' cannot run 'tosa.add': it computes on integers only, not f32}}
  %0 = tosa.add %x, %y : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// An op the target does not list; the first of two is the error, with a note
// counting the rest.
// VIP-NOT: 'tosa.transpose' runs on the CPU
func.func @transposes(%x: tensor<1x2x3x4xi8>) -> tensor<1x2x3x4xi8> {
  // expected-error @+2 {{target 'ethos-u55' cannot run 'tosa.transpose': it has no transpose operation}}
  // expected-note @+1 {{1 more op the NPU cannot run (see --pass-remarks)}}
  %0 = tosa.transpose %x {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x3x4xi8>) -> tensor<1x4x2x3xi8>
  %1 = tosa.transpose %0 {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x4x2x3xi8>) -> tensor<1x2x3x4xi8>
  return %1 : tensor<1x2x3x4xi8>
}

// -----

// Per-channel requantization on a per-tensor target; ethos-u55 has it.
// VIP: remark: [check-target] 'tosa.rescale' runs on the CPU (target 'vipnano': it has no per-channel requantization)
func.func @per_channel(%x: tensor<1x2xi32>) -> tensor<1x2xi8> {
  %m = "tosa.const"() <{values = dense<[1073741824, 1610612736]> : tensor<2xi32>}> : () -> tensor<2xi32>
  %s = "tosa.const"() <{values = dense<[40, 41]> : tensor<2xi8>}> : () -> tensor<2xi8>
  %iz = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %oz = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.rescale %x, %m, %s, %iz, %oz {input_unsigned = false, output_unsigned = false, per_channel = true, rounding_mode = DOUBLE_ROUND, scale32 = true} : (tensor<1x2xi32>, tensor<2xi32>, tensor<2xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x2xi8>
  return %0 : tensor<1x2xi8>
}

// -----

// Padded pooling with a 9x9 kernel: above ethos-u55's 8x8; unpadded is fine.
// vipnano pools only as a fused 2x2 max pool.
// VIP: remark: [check-target] 'tosa.max_pool2d' runs on the CPU (target 'vipnano': it pools only as a 2x2, stride-2, unpadded max pool)
// VIP: remark: [check-target] 'tosa.max_pool2d' runs on the CPU (target 'vipnano': it pools only as a 2x2, stride-2, unpadded max pool)
func.func @pool9(%x: tensor<1x9x9x1xi8>) -> (tensor<1x9x9x1xi8>, tensor<1x1x1x1xi8>) {
  // expected-error @+1 {{target 'ethos-u55' cannot run 'tosa.max_pool2d': padded pooling kernel 9x9 exceeds its limit 8x8}}
  %0 = tosa.max_pool2d %x {kernel = array<i64: 9, 9>, pad = array<i64: 4, 4, 4, 4>, stride = array<i64: 1, 1>} : (tensor<1x9x9x1xi8>) -> tensor<1x9x9x1xi8>
  %1 = tosa.max_pool2d %x {kernel = array<i64: 9, 9>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x9x9x1xi8>) -> tensor<1x1x1x1xi8>
  return %0, %1 : tensor<1x9x9x1xi8>, tensor<1x1x1x1xi8>
}

// -----

// What every target runs: an 8-bit convolution and its requantization;
// constants and reshapes need no NPU operation.
func.func @supported(%x: tensor<1x2x2x1xi8>) -> tensor<1x4xi8> {
  %w = "tosa.const"() <{values = dense<1> : tensor<1x1x1x1xi8>}> : () -> tensor<1x1x1x1xi8>
  %b = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %z = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s = "tosa.const"() <{values = dense<31> : tensor<1xi8>}> : () -> tensor<1xi8>
  %iz = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %0 = tosa.conv2d %x, %w, %b, %z, %z {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xi8>, tensor<1x1x1x1xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2x1xi32>
  %1 = tosa.rescale %0, %m, %s, %iz, %z {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x1xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x2x2x1xi8>
  %shape = tosa.const_shape {values = dense<[1, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %2 = tosa.reshape %1, %shape : (tensor<1x2x2x1xi8>, !tosa.shape<2>) -> tensor<1x4xi8>
  return %2 : tensor<1x4xi8>
}

// -----

// vipnano's feature maps are 8-bit only: a rescale reading 32-bit data that
// no NPU operation accumulated (here a function argument) runs on the CPU;
// ethos-u55 reads 32-bit feature maps.
// VIP: remark: [check-target] 'tosa.rescale' runs on the CPU (target 'vipnano': its feature maps are 8-bit only: this rescale reads 32-bit data)
func.func @wide(%x: tensor<1x2xi32>) -> tensor<1x2xi8> {
  %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s = "tosa.const"() <{values = dense<40> : tensor<1xi8>}> : () -> tensor<1xi8>
  %iz = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %oz = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.rescale %x, %m, %s, %iz, %oz {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x2xi8>
  return %0 : tensor<1x2xi8>
}
