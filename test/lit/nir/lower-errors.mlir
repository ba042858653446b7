// lower-to-nir on NPU segments it cannot lower: a clear error at the op, exit
// 1, and nothing printed. (partition never puts such ops in an NPU segment;
// a hand-written or edited module can.)
// RUN: not npuc opt %s --split-input-file -p lower-to-nir 2>&1 >/dev/null | FileCheck %s

// CHECK: lower-errors.mlir:[[#@LINE+2]]:8: error: lower-to-nir: cannot lower 'tosa.cast': 'tosa.cast' has no nir form
func.func @cast(%x: tensor<4xi8>) -> tensor<4xf32> attributes {npuc.segment = "npu", npuc.target = "ethos-u55"} {
  %0 = tosa.cast %x : (tensor<4xi8>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK: lower-errors.mlir:[[#@LINE+4]]:8: error: lower-to-nir: cannot lower 'tosa.conv2d': weights and bias must be constants
func.func @weights(%x: tensor<1x2x2x1xi8>, %w: tensor<1x1x1x1xi8>) -> tensor<1x2x2x1xi32> attributes {npuc.segment = "npu", npuc.target = "ethos-u55"} {
  %b = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %z = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.conv2d %x, %w, %b, %z, %z {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xi8>, tensor<1x1x1x1xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2x1xi32>
  return %0 : tensor<1x2x2x1xi32>
}

// -----

// Functions that are not NPU segments are left as they are.
// (The run fails on the chunks above; the good chunk still prints.)
// RUN: not npuc opt %s --split-input-file -p lower-to-nir 2>/dev/null | FileCheck %s --check-prefix=KEEP
// KEEP-LABEL: func.func @cpu
// KEEP-NEXT:  tosa.cast
func.func @cpu(%x: tensor<4xi8>) -> tensor<4xf32> attributes {npuc.segment = "cpu", npuc.target = "ethos-u55"} {
  %0 = tosa.cast %x : (tensor<4xi8>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
