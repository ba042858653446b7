// `npuc run` on a quantized conv2d + rescale, with the weights frozen by --bind.
// x = 1..9 (3x3), w = [[1, -1], [2, 3]], bias 10: the four windows give
// 22, 27, 37, 42 (+10 = 32, 37, 47, 52); rescale by 2^30 / 2^31 = 1/2 with
// SINGLE_ROUND (round half up) gives 16, 19, 24, 26.

// RUN: npuc run %s -i x=%S/Inputs/x.npy -i w=%S/Inputs/w.npy | FileCheck %s
// RUN: npuc run %s -i x=%S/Inputs/x.npy --bind w=%S/Inputs/w.npy | FileCheck %s
// RUN: npuc run %s --function conv -i 0=%S/Inputs/x.npy -i 1=%S/Inputs/w.npy | FileCheck %s
// CHECK: y: tensor<1x2x2x1xi8> = [16, 19, 24, 26]

func.func @conv(%x: tensor<1x3x3x1xi8> {onnx.name = "x"}, %w: tensor<1x2x2x1xi8> {onnx.name = "w"}) -> (tensor<1x2x2x1xi8> {onnx.name = "y"}) {
  %b = "tosa.const"() <{values = dense<10> : tensor<1xi32>}> : () -> tensor<1xi32>
  %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %acc = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x1xi8>, tensor<1x2x2x1xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2x1xi32>
  %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s = "tosa.const"() <{values = dense<31> : tensor<1xi8>}> : () -> tensor<1xi8>
  %z32 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %0 = tosa.rescale %acc, %m, %s, %z32, %zp {rounding_mode = SINGLE_ROUND, scale32 = true, per_channel = false, input_unsigned = false, output_unsigned = false} : (tensor<1x2x2x1xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x2x2x1xi8>
  return %0 : tensor<1x2x2x1xi8>
}
