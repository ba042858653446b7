// lower-to-nir folds unit-scale rescales (multiplier 2^shift) into the
// requantization before them: TOSA cannot rescale i32 to ui8 in one step, so
// a uint8 convolution result arrives as i32 -> i16 -> ui8, and one nir.conv2d
// writes the ui8 directly, its clamp composed from both: here the first
// rescale saturates to i16 around zero point 0 and the second moves the zero
// point to 10 and saturates to ui8, so the result is clamp(a + 10,
// max(0, -32768 + 10), min(255, 32767 + 10)) = clamp(a + 10, 0, 255). A
// rescale that is not unit scale stays a copy. Evaluating before and after
// gives the same bytes.
// RUN: npuc opt %s --split-input-file -p "partition{target=ethos-u55},lower-to-nir" | FileCheck %s
// RUN: rm -rf %t.tosa %t.nir
// RUN: npuc run %s --function conv -i 0=%S/Inputs/fold-x.npy -d %t.tosa
// RUN: npuc run %s --function conv -i 0=%S/Inputs/fold-x.npy -p "partition{target=ethos-u55},lower-to-nir" -d %t.nir
// RUN: diff %t.tosa/result0.npy %t.nir/result0.npy

// CHECK-LABEL: func.func private @conv_npu0(
// CHECK:       "nir.conv2d"({{.*}}) <{clamp = array<i64: 0, 255>, {{.*}}multiplier = array<i64: 1073741824>, {{.*}}shift = array<i64: 36>
// CHECK-NOT:   "nir.eltwise"
// CHECK:       return
func.func @conv(%x: tensor<1x3x3x2xi8>) -> tensor<1x3x3x2xi8> {
  %w = "tosa.const"() <{values = dense<[[[[1, -2]]], [[[3, 4]]]]> : tensor<2x1x1x2xi8>}> : () -> tensor<2x1x1x2xi8>
  %b = "tosa.const"() <{values = dense<[5, -7]> : tensor<2xi32>}> : () -> tensor<2xi32>
  %z8 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %acc = tosa.conv2d %x, %w, %b, %z8, %z8 {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x3x3x2xi32>
  %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s = "tosa.const"() <{values = dense<36> : tensor<1xi8>}> : () -> tensor<1xi8>
  %z32 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %z16 = "tosa.const"() <{values = dense<0> : tensor<1xi16>}> : () -> tensor<1xi16>
  %y16 = tosa.rescale %acc, %m, %s, %z32, %z16 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x3x3x2xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi16>) -> tensor<1x3x3x2xi16>
  %m1 = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s1 = "tosa.const"() <{values = dense<30> : tensor<1xi8>}> : () -> tensor<1xi8>
  %oz = "tosa.const"() <{values = dense<10> : tensor<1xi8>}> : () -> tensor<1xi8>
  %y = tosa.rescale %y16, %m1, %s1, %z16, %oz {input_unsigned = false, output_unsigned = true, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x3x3x2xi16>, tensor<1xi32>, tensor<1xi8>, tensor<1xi16>, tensor<1xi8>) -> tensor<1x3x3x2xi8>
  return %y : tensor<1x3x3x2xi8>
}

// -----

// The second rescale scales by (2^30 - 1) / 2^30, not 1: it stays a copy.
// CHECK-LABEL: func.func private @scaled_npu0(
// CHECK:       "nir.conv2d"({{.*}}) <{clamp = array<i64: -32768, 32767>,
// CHECK:       "nir.eltwise"({{.*}}) <{clamp = array<i64: 0, 255>, {{.*}}multiplier = array<i64: 1073741823>, op = "copy"
func.func @scaled(%x: tensor<1x3x3x2xi8>) -> tensor<1x3x3x2xi8> {
  %w = "tosa.const"() <{values = dense<[[[[1, -2]]], [[[3, 4]]]]> : tensor<2x1x1x2xi8>}> : () -> tensor<2x1x1x2xi8>
  %b = "tosa.const"() <{values = dense<[5, -7]> : tensor<2xi32>}> : () -> tensor<2xi32>
  %z8 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %acc = tosa.conv2d %x, %w, %b, %z8, %z8 {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x3x3x2xi32>
  %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s = "tosa.const"() <{values = dense<36> : tensor<1xi8>}> : () -> tensor<1xi8>
  %z32 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %z16 = "tosa.const"() <{values = dense<0> : tensor<1xi16>}> : () -> tensor<1xi16>
  %y16 = tosa.rescale %acc, %m, %s, %z32, %z16 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x3x3x2xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi16>) -> tensor<1x3x3x2xi16>
  %m1 = "tosa.const"() <{values = dense<1073741823> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s1 = "tosa.const"() <{values = dense<30> : tensor<1xi8>}> : () -> tensor<1xi8>
  %oz = "tosa.const"() <{values = dense<10> : tensor<1xi8>}> : () -> tensor<1xi8>
  %y = tosa.rescale %y16, %m1, %s1, %z16, %oz {input_unsigned = false, output_unsigned = true, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x3x3x2xi16>, tensor<1xi32>, tensor<1xi8>, tensor<1xi16>, tensor<1xi8>) -> tensor<1x3x3x2xi8>
  return %y : tensor<1x3x3x2xi8>
}
