// lower-to-nir schedules for memory: two independent branches, each a wide
// 1x1 convolution (1x4x4x64 i8, 1024 bytes of scratch) narrowed back to one
// channel (returned, so in io). Written branch-interleaved, the program order
// keeps both wide maps live at once (2048 bytes); the scheduler finishes one
// branch before starting the other (1024 bytes). The results are the same
// either way (npuc run on both).
// RUN: npuc opt %s -p lower-to-nir --pass-statistics 2>&1 >/dev/null | FileCheck %s --check-prefix=STATS
// STATS:      'lower-to-nir'
// STATS:      (S) 1024 scratch-bytes
// STATS-NEXT: (S) 1024 scratch-lower-bound
// The convolutions run A, A2, B, B2 (told apart by their shifts 30, 36, 30, 37):
// RUN: npuc opt %s -p lower-to-nir | FileCheck %s
// CHECK:      "nir.conv2d"{{.*}}shift = array<i64: 30>
// CHECK-NOT:  "nir.conv2d"
// CHECK:      "nir.conv2d"{{.*}}shift = array<i64: 36>
// CHECK-NOT:  "nir.conv2d"
// CHECK:      "nir.conv2d"{{.*}}shift = array<i64: 30>
// CHECK-NOT:  "nir.conv2d"
// CHECK:      "nir.conv2d"{{.*}}shift = array<i64: 37>
// RUN: rm -rf %t.tosa %t.nir
// RUN: npuc run %s --function seg -i 0=%S/Inputs/schedule-x.npy | FileCheck %s --check-prefix=OUT
// RUN: npuc run %s --function seg -i 0=%S/Inputs/schedule-x.npy -p lower-to-nir | FileCheck %s --check-prefix=OUT
// RUN: npuc run %s --function seg -i 0=%S/Inputs/schedule-x.npy -d %t.tosa
// RUN: npuc run %s --function seg -i 0=%S/Inputs/schedule-x.npy -p lower-to-nir -d %t.nir
// RUN: diff %t.tosa/result0.npy %t.nir/result0.npy
// RUN: diff %t.tosa/result1.npy %t.nir/result1.npy
// x = 0..15; branch A: 64 channels of x, summed: 64 x; rescaled by 2^-6: x.
// Branch B: 64 channels of 2x (clamped at 127), summed and rescaled by 2^-7: x.
// OUT:      result0: tensor<1x4x4x1xi8> = [0, 1, 2, 3, 4, 5, 6, 7, ... (16 values)]
// OUT-NEXT: result1: tensor<1x4x4x1xi8> = [0, 1, 2, 3, 4, 5, 6, 7, ... (16 values)]
func.func @seg(%x: tensor<1x4x4x1xi8>) -> (tensor<1x4x4x1xi8>, tensor<1x4x4x1xi8>) attributes {npuc.segment = "npu", npuc.target = "vipnano"} {
  %w1 = "tosa.const"() <{values = dense<1> : tensor<64x1x1x1xi8>}> : () -> tensor<64x1x1x1xi8>
  %w2 = "tosa.const"() <{values = dense<2> : tensor<64x1x1x1xi8>}> : () -> tensor<64x1x1x1xi8>
  %b64 = "tosa.const"() <{values = dense<0> : tensor<64xi32>}> : () -> tensor<64xi32>
  %n = "tosa.const"() <{values = dense<1> : tensor<1x1x1x64xi8>}> : () -> tensor<1x1x1x64xi8>
  %b1 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %z = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %z32 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s30 = "tosa.const"() <{values = dense<30> : tensor<1xi8>}> : () -> tensor<1xi8>
  %s36 = "tosa.const"() <{values = dense<36> : tensor<1xi8>}> : () -> tensor<1xi8>
  %s37 = "tosa.const"() <{values = dense<37> : tensor<1xi8>}> : () -> tensor<1xi8>
  %a = tosa.conv2d %x, %w1, %b64, %z, %z {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xi8>, tensor<64x1x1x1xi8>, tensor<64xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x64xi32>
  %ar = tosa.rescale %a, %m, %s30, %z32, %z {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x4x4x64xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x4x4x64xi8>
  %b = tosa.conv2d %x, %w2, %b64, %z, %z {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xi8>, tensor<64x1x1x1xi8>, tensor<64xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x64xi32>
  %br = tosa.rescale %b, %m, %s30, %z32, %z {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x4x4x64xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x4x4x64xi8>
  %a2 = tosa.conv2d %ar, %n, %b1, %z, %z {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x64xi8>, tensor<1x1x1x64xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x1xi32>
  %a2r = tosa.rescale %a2, %m, %s36, %z32, %z {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x4x4x1xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x4x4x1xi8>
  %b2 = tosa.conv2d %br, %n, %b1, %z, %z {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x64xi8>, tensor<1x1x1x64xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x1xi32>
  %b2r = tosa.rescale %b2, %m, %s37, %z32, %z {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x4x4x1xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x4x4x1xi8>
  return %a2r, %b2r : tensor<1x4x4x1xi8>, tensor<1x4x4x1xi8>
}
