// partition: each function becomes a sequence of calls to NPU and CPU
// segments, outlined into private functions tagged with their kind and
// target. Constants are cloned into every segment that uses them; a reshape
// joins the segment of its producer when that segment is being built, else
// the segment of its first user (the last segment when only the return uses
// it).
// RUN: npuc opt %s -p "partition{target=ethos-u55}" | FileCheck %s --check-prefix=ETHOS
// RUN: npuc opt %s -p "partition{target=vipnano}" | FileCheck %s --check-prefix=VIP

// Statistics over the whole file on ethos-u55: @mixed gives npu, cpu, npu;
// @transpose_in cpu, npu; @views npu; @no_compute and @done_cpu0 nothing.
// RUN: npuc opt %s -p "partition{target=ethos-u55}" --pass-statistics 2>&1 >/dev/null | FileCheck %s --check-prefix=STAT
// STAT:      'partition'
// STAT-NEXT: (S) 4 num-npu-segments
// STAT-NEXT: (S) 2 num-cpu-segments
// STAT-NEXT: (S) 11 num-npu-ops
// STAT-NEXT: (S) 4 num-cpu-ops

// One remark per segment, at its first op.
// RUN: npuc opt %s -p "partition{target=ethos-u55}" --pass-remarks 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK
// REMARK: partition.mlir":[[#@LINE+110]]:11): remark: [partition] segment @mixed_npu0 runs 2 ops on the NPU: 1 x tosa.conv2d, 1 x tosa.rescale; 1 argument, 1 result
// REMARK-NEXT: partition.mlir":[[#@LINE+114]]:8): remark: [partition] segment @mixed_cpu1 runs 3 ops on the CPU: 2 x tosa.cast (it has no cast operation), 1 x tosa.add (it computes on integers only, not f32); 1 argument, 2 results
// REMARK-NEXT: remark: [partition] segment @mixed_npu2 runs 6 ops on the NPU: 1 x tosa.conv2d, 4 x tosa.rescale, 1 x tosa.add; 2 arguments, 1 result
// REMARK-NEXT: remark: [partition] segment @transpose_in_cpu0 runs 1 op on the CPU: 1 x tosa.transpose (it has no transpose operation) (and 1 view); 1 argument, 1 result
// REMARK-NEXT: remark: [partition] segment @transpose_in_npu1 runs 2 ops on the NPU: 1 x tosa.conv2d, 1 x tosa.rescale (and 1 view); 1 argument, 1 result
// REMARK-NEXT: remark: [partition] segment @views_npu0 runs 1 op on the NPU: 1 x tosa.conv2d (and 1 view); 1 argument, 2 results
// REMARK-NOT: remark

// Without CPU fallback, the first op the NPU cannot run is an error, worded as check-target words it.
// RUN: not npuc opt %s -p "partition{target=ethos-u55 no-cpu-fallback=true}" 2>&1 | FileCheck %s --check-prefix=STRICT
// STRICT: partition.mlir:[[#@LINE+105]]:8: error: target 'ethos-u55' cannot run 'tosa.cast': it has no cast operation (--no-cpu-fallback)
// STRICT: note: 3 more ops the NPU cannot run (see --pass-remarks)
// RUN: not npuc opt %s -p "partition" 2>&1 | FileCheck %s --check-prefix=NOTARGET
// NOTARGET: error: partition: the 'target' option is required (known targets: ethos-u55, rknpu, vipnano)
// RUN: not npuc opt %s -p "partition{target=tpu9}" 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: partition: unknown target 'tpu9' (known targets: ethos-u55, rknpu, vipnano)

// A second run leaves the partitioned module as it is.
// RUN: npuc opt %s -p "partition{target=ethos-u55}" -o %t.once.mlir
// RUN: npuc opt %t.once.mlir -p "partition{target=ethos-u55}" -o %t.twice.mlir
// RUN: diff %t.once.mlir %t.twice.mlir

// The partitioned module computes the same numbers as the original: printed
// (worked out by hand below) and as .npy bytes, for both targets.
// RUN: npuc run %s --function mixed -i 0=%S/Inputs/partition-x.npy | FileCheck %s --check-prefix=RESULT
// RUN: npuc run %t.once.mlir --function mixed -i 0=%S/Inputs/partition-x.npy | FileCheck %s --check-prefix=RESULT
// RUN: npuc run %s --function mixed -i 0=%S/Inputs/partition-x.npy -p "partition{target=vipnano}" | FileCheck %s --check-prefix=RESULT
// RUN: rm -rf %t.before %t.after %t.vip
// RUN: npuc run %s --function mixed -i 0=%S/Inputs/partition-x.npy -d %t.before
// RUN: npuc run %t.once.mlir --function mixed -i 0=%S/Inputs/partition-x.npy -d %t.after
// RUN: npuc run %s --function mixed -i 0=%S/Inputs/partition-x.npy -p "partition{target=vipnano}" -d %t.vip
// RUN: diff %t.before/result0.npy %t.after/result0.npy
// RUN: diff %t.before/result1.npy %t.after/result1.npy
// RUN: diff %t.before/result0.npy %t.vip/result0.npy
// RUN: diff %t.before/result1.npy %t.vip/result1.npy
// RUN: npuc run %s --function transpose_in -i 0=%S/Inputs/partition-x-1x2x4.npy | FileCheck %s --check-prefix=RESULT-T
// RUN: npuc run %t.once.mlir --function transpose_in -i 0=%S/Inputs/partition-x-1x2x4.npy | FileCheck %s --check-prefix=RESULT-T
// RUN: npuc run %s --function transpose_in -i 0=%S/Inputs/partition-x-1x2x4.npy -p "partition{target=vipnano}" | FileCheck %s --check-prefix=RESULT-T

// @mixed: x = [3, -1, 4, 1, -5, 9, 2, -6] (four pixels of two channels).
// conv1 (c0 = x0 + x1, c1 = x0 - x1): [2, 4, 5, 3, 4, -14, -4, 8]; halved
// (round half up): a = [1, 2, 3, 2, 2, -7, -2, 4]; g = 2a in f32, h = 2a in
// i8; conv2 on h (c0 = 2 h0 + h1, c1 = -h1): [8, -4, 16, -4, -6, 14, 0, -8]
// (rescaled by 1 to i8 and back to i32, unchanged); plus a: [9, -2, 19, -2, -4, 7, -2, -4]; halved: [5, -1, 10, -1, -2, 4, -1, -2].
// RESULT:      result0: tensor<1x2x2x2xi8> = [5, -1, 10, -1, -2, 4, -1, -2]
// RESULT-NEXT: result1: tensor<1x2x2x2xf32> = [2, 4, 6, 4, 4, -14, -4, 8]

// @transpose_in: the same x as 1x2x4, viewed as 1x2x2x2 and transposed
// (h and w swapped): pixels (3, -1), (-5, 9), (4, 1), (2, -6); the
// convolution gives c0 = x0 + x1 + 1 and c1 = x0 - x1 + 2, rescaled by 1.
// RESULT-T: result0: tensor<1x8xi8> = [3, 6, 5, -12, 6, 5, -3, 10]

// A float op between two int8 convolutions: npu, cpu, npu on both targets.
// The zero point and scale constants are cloned into both NPU segments and
// leave the caller; %a, a result of the first NPU segment, is an argument of
// both later segments; %g, computed on the CPU, is returned.
// ETHOS-LABEL: func.func @mixed(
// ETHOS-SAME:      %[[X:.+]]: tensor<1x2x2x2xi8>) -> (tensor<1x2x2x2xi8>, tensor<1x2x2x2xf32>) {
// ETHOS-NEXT:    %[[A:.+]] = call @mixed_npu0(%[[X]]) : (tensor<1x2x2x2xi8>) -> tensor<1x2x2x2xi8>
// ETHOS-NEXT:    %[[C:.+]]:2 = call @mixed_cpu1(%[[A]]) : (tensor<1x2x2x2xi8>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi8>)
// ETHOS-NEXT:    %[[O:.+]] = call @mixed_npu2(%[[C]]#1, %[[A]]) : (tensor<1x2x2x2xi8>, tensor<1x2x2x2xi8>) -> tensor<1x2x2x2xi8>
// ETHOS-NEXT:    return %[[O]], %[[C]]#0 : tensor<1x2x2x2xi8>, tensor<1x2x2x2xf32>
// ETHOS-NEXT:  }
// ETHOS-NEXT:  func.func private @mixed_npu0(%[[X0:.+]]: tensor<1x2x2x2xi8>) -> tensor<1x2x2x2xi8> attributes {npuc.segment = "npu", npuc.target = "ethos-u55"} {
// ETHOS-NEXT:    %[[W1:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1, 1]]], {{\[\[\[}}1, -1]]]]> : tensor<2x1x1x2xi8>}>
// ETHOS-NEXT:    %[[B:.+]] = "tosa.const"() <{values = dense<0> : tensor<2xi32>}>
// ETHOS-NEXT:    %[[Z:.+]] = "tosa.const"() <{values = dense<0> : tensor<1xi8>}>
// ETHOS-NEXT:    %[[ACC1:.+]] = tosa.conv2d %[[X0]], %[[W1]], %[[B]], %[[Z]], %[[Z]]
// ETHOS-NEXT:    %[[M:.+]] = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}>
// ETHOS-NEXT:    %[[S:.+]] = "tosa.const"() <{values = dense<31> : tensor<1xi8>}>
// ETHOS-NEXT:    %[[IZ:.+]] = "tosa.const"() <{values = dense<0> : tensor<1xi32>}>
// ETHOS-NEXT:    %[[A0:.+]] = tosa.rescale %[[ACC1]], %[[M]], %[[S]], %[[IZ]], %[[Z]]
// ETHOS-NEXT:    return %[[A0]] : tensor<1x2x2x2xi8>
// ETHOS-NEXT:  }
// ETHOS-NEXT:  func.func private @mixed_cpu1(%[[A1:.+]]: tensor<1x2x2x2xi8>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi8>) attributes {npuc.segment = "cpu", npuc.target = "ethos-u55"} {
// ETHOS-NEXT:    %[[F:.+]] = tosa.cast %[[A1]]
// ETHOS-NEXT:    %[[G:.+]] = tosa.add %[[F]], %[[F]]
// ETHOS-NEXT:    %[[H:.+]] = tosa.cast %[[G]]
// ETHOS-NEXT:    return %[[G]], %[[H]] : tensor<1x2x2x2xf32>, tensor<1x2x2x2xi8>
// ETHOS-NEXT:  }
// ETHOS-NEXT:  func.func private @mixed_npu2(%[[H2:[^:]+]]: tensor<1x2x2x2xi8>, %[[A2:[^:]+]]: tensor<1x2x2x2xi8>) -> tensor<1x2x2x2xi8> attributes {npuc.segment = "npu", npuc.target = "ethos-u55"} {
// ETHOS-NEXT:    %[[W2:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}2, 1]]], {{\[\[\[}}0, -1]]]]> : tensor<2x1x1x2xi8>}>
// ETHOS-NEXT:    %[[B2:.+]] = "tosa.const"() <{values = dense<0> : tensor<2xi32>}>
// ETHOS-NEXT:    %[[Z2:.+]] = "tosa.const"() <{values = dense<0> : tensor<1xi8>}>
// ETHOS-NEXT:    %[[ACC2:.+]] = tosa.conv2d %[[H2]], %[[W2]], %[[B2]], %[[Z2]], %[[Z2]]
// ETHOS-NEXT:    %[[M2:.+]] = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}>
// ETHOS-NEXT:    %[[S30:.+]] = "tosa.const"() <{values = dense<30> : tensor<1xi8>}>
// ETHOS-NEXT:    %[[IZ2:.+]] = "tosa.const"() <{values = dense<0> : tensor<1xi32>}>
// ETHOS-NEXT:    %[[C2:.+]] = tosa.rescale %[[ACC2]], %[[M2]], %[[S30]], %[[IZ2]], %[[Z2]]
// ETHOS-NEXT:    %[[C32:.+]] = tosa.rescale %[[C2]], %[[M2]], %[[S30]], %[[Z2]], %[[IZ2]]
// ETHOS-NEXT:    %[[A32:.+]] = tosa.rescale %[[A2]], %[[M2]], %[[S30]], %[[Z2]], %[[IZ2]]
// ETHOS-NEXT:    %[[SUM:.+]] = tosa.add %[[C32]], %[[A32]]
// ETHOS-NEXT:    %[[S31:.+]] = "tosa.const"() <{values = dense<31> : tensor<1xi8>}>
// ETHOS-NEXT:    %[[R:.+]] = tosa.rescale %[[SUM]], %[[M2]], %[[S31]], %[[IZ2]], %[[Z2]]
// ETHOS-NEXT:    return %[[R]] : tensor<1x2x2x2xi8>
// ETHOS-NEXT:  }

// VIP-LABEL: func.func @mixed(
// VIP-NEXT:    call @mixed_npu0(
// VIP-NEXT:    call @mixed_cpu1(
// VIP-NEXT:    call @mixed_npu2(
// VIP-NEXT:    return
// VIP-NEXT:  }
// VIP-NEXT:  func.func private @mixed_npu0({{.*}} attributes {npuc.segment = "npu", npuc.target = "vipnano"}
// VIP:       func.func private @mixed_cpu1({{.*}} attributes {npuc.segment = "cpu", npuc.target = "vipnano"}
// VIP:       func.func private @mixed_npu2({{.*}} attributes {npuc.segment = "npu", npuc.target = "vipnano"}
func.func @mixed(%x: tensor<1x2x2x2xi8>) -> (tensor<1x2x2x2xi8>, tensor<1x2x2x2xf32>) {
  %w1 = "tosa.const"() <{values = dense<[[[[1, 1]]], [[[1, -1]]]]> : tensor<2x1x1x2xi8>}> : () -> tensor<2x1x1x2xi8>
  %b = "tosa.const"() <{values = dense<0> : tensor<2xi32>}> : () -> tensor<2xi32>
  %z = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %acc1 = tosa.conv2d %x, %w1, %b, %z, %z {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2x2xi32>
  %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s = "tosa.const"() <{values = dense<31> : tensor<1xi8>}> : () -> tensor<1xi8>
  %iz = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %a = tosa.rescale %acc1, %m, %s, %iz, %z {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x2xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x2x2x2xi8>
  %f = tosa.cast %a : (tensor<1x2x2x2xi8>) -> tensor<1x2x2x2xf32>
  %g = tosa.add %f, %f : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %h = tosa.cast %g : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xi8>
  %w2 = "tosa.const"() <{values = dense<[[[[2, 1]]], [[[0, -1]]]]> : tensor<2x1x1x2xi8>}> : () -> tensor<2x1x1x2xi8>
  %acc2 = tosa.conv2d %h, %w2, %b, %z, %z {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2x2xi32>
  %s30 = "tosa.const"() <{values = dense<30> : tensor<1xi8>}> : () -> tensor<1xi8>
  %c2 = tosa.rescale %acc2, %m, %s30, %iz, %z {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x2xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x2x2x2xi8>
  %c32 = tosa.rescale %c2, %m, %s30, %z, %iz {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x2xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi32>) -> tensor<1x2x2x2xi32>
  %a32 = tosa.rescale %a, %m, %s30, %z, %iz {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x2xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi32>) -> tensor<1x2x2x2xi32>
  %sum = tosa.add %c32, %a32 : (tensor<1x2x2x2xi32>, tensor<1x2x2x2xi32>) -> tensor<1x2x2x2xi32>
  %o = tosa.rescale %sum, %m, %s, %iz, %z {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x2xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x2x2x2xi8>
  return %o, %g : tensor<1x2x2x2xi8>, tensor<1x2x2x2xf32>
}

// A transpose at the input: ethos-u55 has none (cpu, then npu); vipnano runs
// it (one npu segment). The reshape of the argument joins the segment of its
// first user (the transpose); the reshape of the rescale's result joins the
// rescale's segment.
// ETHOS-LABEL: func.func @transpose_in(
// ETHOS-SAME:      %[[X:.+]]: tensor<1x2x4xi8>) -> tensor<1x8xi8> {
// ETHOS-NEXT:    %[[T:.+]] = call @transpose_in_cpu0(%[[X]]) : (tensor<1x2x4xi8>) -> tensor<1x2x2x2xi8>
// ETHOS-NEXT:    %[[F:.+]] = call @transpose_in_npu1(%[[T]]) : (tensor<1x2x2x2xi8>) -> tensor<1x8xi8>
// ETHOS-NEXT:    return %[[F]] : tensor<1x8xi8>
// ETHOS-NEXT:  }
// ETHOS-NEXT:  func.func private @transpose_in_cpu0(%[[X0:.+]]: tensor<1x2x4xi8>) -> tensor<1x2x2x2xi8> attributes {npuc.segment = "cpu", npuc.target = "ethos-u55"} {
// ETHOS-NEXT:    %[[S4:.+]] = tosa.const_shape {values = dense<[1, 2, 2, 2]> : tensor<4xindex>}
// ETHOS-NEXT:    %[[R:.+]] = tosa.reshape %[[X0]], %[[S4]]
// ETHOS-NEXT:    %[[T0:.+]] = tosa.transpose %[[R]]
// ETHOS-NEXT:    return %[[T0]]
// ETHOS-NEXT:  }
// ETHOS-NEXT:  func.func private @transpose_in_npu1(%[[T1:.+]]: tensor<1x2x2x2xi8>) -> tensor<1x8xi8> attributes {npuc.segment = "npu", npuc.target = "ethos-u55"} {
// ETHOS:         tosa.conv2d %[[T1]],
// ETHOS:         %[[O:.+]] = tosa.rescale
// ETHOS-NEXT:    %[[S2:.+]] = tosa.const_shape {values = dense<[1, 8]> : tensor<2xindex>}
// ETHOS-NEXT:    %[[FLAT:.+]] = tosa.reshape %[[O]], %[[S2]]
// ETHOS-NEXT:    return %[[FLAT]] : tensor<1x8xi8>
// ETHOS-NEXT:  }

// VIP-LABEL: func.func @transpose_in(
// VIP-NEXT:    call @transpose_in_npu0(%{{.+}}) : (tensor<1x2x4xi8>) -> tensor<1x8xi8>
// VIP-NEXT:    return
// VIP-NEXT:  }
// VIP-NEXT:  func.func private @transpose_in_npu0({{.*}} attributes {npuc.segment = "npu", npuc.target = "vipnano"} {
// VIP-NEXT:    tosa.const_shape
// VIP-NEXT:    tosa.reshape
// VIP-NEXT:    tosa.transpose
// VIP:         tosa.conv2d
// VIP:         tosa.rescale
// VIP-NEXT:    tosa.const_shape
// VIP-NEXT:    tosa.reshape
// VIP-NEXT:    return
func.func @transpose_in(%x: tensor<1x2x4xi8>) -> tensor<1x8xi8> {
  %shape4 = tosa.const_shape {values = dense<[1, 2, 2, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %r = tosa.reshape %x, %shape4 : (tensor<1x2x4xi8>, !tosa.shape<4>) -> tensor<1x2x2x2xi8>
  %t = tosa.transpose %r {perms = array<i32: 0, 2, 1, 3>} : (tensor<1x2x2x2xi8>) -> tensor<1x2x2x2xi8>
  %w = "tosa.const"() <{values = dense<[[[[1, 1]]], [[[1, -1]]]]> : tensor<2x1x1x2xi8>}> : () -> tensor<2x1x1x2xi8>
  %b = "tosa.const"() <{values = dense<[1, 2]> : tensor<2xi32>}> : () -> tensor<2xi32>
  %z = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %acc = tosa.conv2d %t, %w, %b, %z, %z {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2x2xi32>
  %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s = "tosa.const"() <{values = dense<30> : tensor<1xi8>}> : () -> tensor<1xi8>
  %iz = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %o = tosa.rescale %acc, %m, %s, %iz, %z {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x2xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x2x2x2xi8>
  %shape2 = tosa.const_shape {values = dense<[1, 8]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %flat = tosa.reshape %o, %shape2 : (tensor<1x2x2x2xi8>, !tosa.shape<2>) -> tensor<1x8xi8>
  return %flat : tensor<1x8xi8>
}

// A reshape only the return uses joins the last segment; a constant the
// return uses stays in the caller (and is cloned into the segment too); the
// caller's other constants go.
// ETHOS-LABEL: func.func @views(
// ETHOS-SAME:      %[[X:.+]]: tensor<1x2x2x2xi8>)
// ETHOS-NEXT:    %[[B:.+]] = "tosa.const"() <{values = dense<[5, 6]> : tensor<2xi32>}>
// ETHOS-NEXT:    %[[N:.+]]:2 = call @views_npu0(%[[X]]) : (tensor<1x2x2x2xi8>) -> (tensor<1x2x2x2xi32>, tensor<1x8xi8>)
// ETHOS-NEXT:    return %[[N]]#1, %[[N]]#0, %[[B]] : tensor<1x8xi8>, tensor<1x2x2x2xi32>, tensor<2xi32>
// ETHOS-NEXT:  }
// ETHOS-NEXT:  func.func private @views_npu0(%[[X0:.+]]: tensor<1x2x2x2xi8>) -> (tensor<1x2x2x2xi32>, tensor<1x8xi8>) attributes {npuc.segment = "npu", npuc.target = "ethos-u55"} {
// ETHOS-NEXT:    "tosa.const"() <{values = dense<1> : tensor<2x1x1x2xi8>}>
// ETHOS-NEXT:    "tosa.const"() <{values = dense<[5, 6]> : tensor<2xi32>}>
// ETHOS-NEXT:    "tosa.const"() <{values = dense<0> : tensor<1xi8>}>
// ETHOS-NEXT:    %[[ACC:.+]] = tosa.conv2d %[[X0]],
// ETHOS-NEXT:    %[[S:.+]] = tosa.const_shape
// ETHOS-NEXT:    %[[V:.+]] = tosa.reshape %[[X0]], %[[S]]
// ETHOS-NEXT:    return %[[ACC]], %[[V]] : tensor<1x2x2x2xi32>, tensor<1x8xi8>
// ETHOS-NEXT:  }
func.func @views(%x: tensor<1x2x2x2xi8>) -> (tensor<1x8xi8>, tensor<1x2x2x2xi32>, tensor<2xi32>) {
  %shape = tosa.const_shape {values = dense<[1, 8]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %v = tosa.reshape %x, %shape : (tensor<1x2x2x2xi8>, !tosa.shape<2>) -> tensor<1x8xi8>
  %w = "tosa.const"() <{values = dense<1> : tensor<2x1x1x2xi8>}> : () -> tensor<2x1x1x2xi8>
  %b = "tosa.const"() <{values = dense<[5, 6]> : tensor<2xi32>}> : () -> tensor<2xi32>
  %z = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %acc = tosa.conv2d %x, %w, %b, %z, %z {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2x2xi32>
  return %v, %acc, %b : tensor<1x8xi8>, tensor<1x2x2x2xi32>, tensor<2xi32>
}

// Nothing to run on either unit: left as it is.
// ETHOS-LABEL: func.func @no_compute(
// ETHOS-NEXT:    tosa.const_shape
// ETHOS-NEXT:    tosa.reshape
// ETHOS-NEXT:    return
// ETHOS-NEXT:  }
func.func @no_compute(%x: tensor<1x2x2x2xi8>) -> tensor<1x8xi8> {
  %shape = tosa.const_shape {values = dense<[1, 8]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %v = tosa.reshape %x, %shape : (tensor<1x2x2x2xi8>, !tosa.shape<2>) -> tensor<1x8xi8>
  return %v : tensor<1x8xi8>
}

// A segment already (from an earlier partition): left as it is.
// ETHOS-NEXT:  func.func private @done_cpu0(
// ETHOS-NEXT:    tosa.add
// ETHOS-NEXT:    return
// ETHOS-NEXT:  }
// ETHOS-NEXT:  }
// ETHOS-NOT:   func.func
func.func private @done_cpu0(%x: tensor<1x4xf32>) -> tensor<1x4xf32> attributes {npuc.segment = "cpu", npuc.target = "ethos-u55"} {
  %0 = tosa.add %x, %x : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}
