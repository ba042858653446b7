// A stride-2 convolution on vipnano (stride 1 only): unstride-conv builds the
// space-to-depth chain (pad with the input zero point, reshape, transpose,
// reshape), partition keeps the chain on the NPU (vipnano's TP core
// reshuffles), and lower-to-nir makes it one nir.reshuffle feeding the
// stride-1 convolution. The results equal the strided convolution's.
// RUN: npuc opt %s -p "unstride-conv{max-stride=1},partition{target=vipnano},lower-to-nir" | FileCheck %s
// CHECK:      func.func private @conv_npu0(
// CHECK-NOT:  tosa.
// CHECK:      "nir.reshuffle"({{.*}}) <{block = array<i64: 2, 2>, pad = array<i64: 1, 0, 1, 0>}>
// CHECK-NOT:  "nir.fill"
// CHECK-NOT:  "nir.dma"
// CHECK:      "nir.conv2d"({{.*}}stride = array<i64: 1, 1>}>
// RUN: rm -rf %t.tosa %t.nir
// RUN: npuc run %s --function conv -i 0=%S/Inputs/reshuffle-x.npy -d %t.tosa
// RUN: npuc run %s --function conv -i 0=%S/Inputs/reshuffle-x.npy -p "unstride-conv{max-stride=1},partition{target=vipnano},lower-to-nir" -d %t.nir
// RUN: diff %t.tosa/result0.npy %t.nir/result0.npy
func.func @conv(%x: tensor<1x5x5x2xi8>) -> tensor<1x3x3x3xi8> {
  %w = "tosa.const"() <{values = dense<[[[[1, -2], [3, 4], [-5, 6]], [[7, 8], [-9, 10], [11, 12]], [[13, -14], [15, 16], [17, 18]]], [[[2, 1], [0, -1], [3, 3]], [[1, 1], [1, 1], [1, 1]], [[-1, -1], [2, 2], [0, 5]]], [[[0, 0], [1, 0], [0, 1]], [[4, -4], [2, -2], [1, -1]], [[3, 2], [1, 0], [-1, -2]]]]> : tensor<3x3x3x2xi8>}> : () -> tensor<3x3x3x2xi8>
  %b = "tosa.const"() <{values = dense<[5, -7, 100]> : tensor<3xi32>}> : () -> tensor<3xi32>
  %xz = "tosa.const"() <{values = dense<-3> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wz = "tosa.const"() <{values = dense<1> : tensor<1xi8>}> : () -> tensor<1xi8>
  %acc = tosa.conv2d %x, %w, %b, %xz, %wz {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>} : (tensor<1x5x5x2xi8>, tensor<3x3x3x2xi8>, tensor<3xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x3x3x3xi32>
  %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s = "tosa.const"() <{values = dense<38> : tensor<1xi8>}> : () -> tensor<1xi8>
  %iz = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %oz = "tosa.const"() <{values = dense<4> : tensor<1xi8>}> : () -> tensor<1xi8>
  %y = tosa.rescale %acc, %m, %s, %iz, %oz {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x3x3x3xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x3x3x3xi8>
  return %y : tensor<1x3x3x3xi8>
}
