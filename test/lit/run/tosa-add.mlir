// `npuc run` on a hand-written tosa module: inputs from .npy and TensorProto
// .pb files, bound by argument name, position or onnx.name; --bind freezes an
// input into a tosa.const. Expected values are worked out by hand:
// a = [[0, 1, 2], [3, 4, 5]], b.npy = [[10, 20, 30]], b.pb = [[100, 200, 300]].

// RUN: npuc run %s --input a=%S/Inputs/a.npy --input arg1=%S/Inputs/b.npy | FileCheck %s --check-prefix=NPY
// NPY: sum: tensor<2x3xi32> = [10, 21, 32, 13, 24, 35]
// NPY-NEXT: result1: tensor<2x3xi32> = [-10, -19, -28, -7, -16, -25]

// RUN: npuc run %s -i 0=%S/Inputs/a.npy -i 1=%S/Inputs/b.pb | FileCheck %s --check-prefix=PB
// PB: sum: tensor<2x3xi32> = [100, 201, 302, 103, 204, 305]

// RUN: npuc run %s -i a=%S/Inputs/a.npy --bind arg1=%S/Inputs/b.npy | FileCheck %s --check-prefix=NPY

// RUN: rm -rf %t && npuc run %s -i a=%S/Inputs/a.npy -i arg1=%S/Inputs/b.npy --output-dir %t | count 0
// RUN: ls %t | FileCheck %s --check-prefix=FILES
// FILES: result1.npy
// FILES-NEXT: sum.npy

func.func @main(%a: tensor<2x3xi32> {onnx.name = "a"}, %b: tensor<1x3xi32>) -> (tensor<2x3xi32> {onnx.name = "sum"}, tensor<2x3xi32>) {
  %0 = tosa.add %a, %b : (tensor<2x3xi32>, tensor<1x3xi32>) -> tensor<2x3xi32>
  %1 = tosa.sub %a, %b : (tensor<2x3xi32>, tensor<1x3xi32>) -> tensor<2x3xi32>
  return %0, %1 : tensor<2x3xi32>, tensor<2x3xi32>
}
