// RUN: npuc opt %s | FileCheck %s
// RUN: npuc opt %s | npuc opt | FileCheck %s
// RUN: npuc opt %s --print-op-generic | npuc opt | FileCheck %s
// Elementwise tosa ops in upstream's custom form (upstream.mlir runs these
// CHECK lines on mlir-opt's output too).

// CHECK-LABEL: func.func @rescale
// CHECK:         tosa.rescale %arg0, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = DOUBLE_ROUND, scale32 = true} : (tensor<1x4x4x8xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x4x4x8xi8>
// CHECK:         tosa.rescale %arg0, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {input_unsigned = false, output_unsigned = false, per_channel = true, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x4x4x8xi32>, tensor<8xi32>, tensor<8xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x4x4x8xi8>
// CHECK:         tosa.rescale %arg1, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {input_unsigned = true, output_unsigned = false, per_channel = false, rounding_mode = INEXACT_ROUND, scale32 = false} : (tensor<5xi8>, tensor<1xi16>, tensor<1xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<5xi8>
func.func @rescale(%acc: tensor<1x4x4x8xi32>, %u: tensor<5xi8>) -> (tensor<1x4x4x8xi8>, tensor<1x4x4x8xi8>, tensor<5xi8>) {
  %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s = "tosa.const"() <{values = dense<38> : tensor<1xi8>}> : () -> tensor<1xi8>
  %mc = "tosa.const"() <{values = dense<[1073741824, 1073741825, 1500000000, 2000000000, 1073741824, 1073741824, 1073741824, 1073741824]> : tensor<8xi32>}> : () -> tensor<8xi32>
  %sc = "tosa.const"() <{values = dense<[31, 32, 33, 34, 35, 36, 37, 38]> : tensor<8xi8>}> : () -> tensor<8xi8>
  %m16 = "tosa.const"() <{values = dense<16384> : tensor<1xi16>}> : () -> tensor<1xi16>
  %s15 = "tosa.const"() <{values = dense<15> : tensor<1xi8>}> : () -> tensor<1xi8>
  %z32 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %zo = "tosa.const"() <{values = dense<-5> : tensor<1xi8>}> : () -> tensor<1xi8>
  %zu = "tosa.const"() <{values = dense<-128> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.rescale %acc, %m, %s, %z32, %zo {rounding_mode = DOUBLE_ROUND, scale32 = true, per_channel = false, input_unsigned = false, output_unsigned = false} : (tensor<1x4x4x8xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x4x4x8xi8>
  %1 = tosa.rescale %acc, %mc, %sc, %z32, %zo {rounding_mode = SINGLE_ROUND, scale32 = true, per_channel = true, input_unsigned = false, output_unsigned = false} : (tensor<1x4x4x8xi32>, tensor<8xi32>, tensor<8xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x4x4x8xi8>
  %2 = tosa.rescale %u, %m16, %s15, %zu, %zo {rounding_mode = INEXACT_ROUND, scale32 = false, per_channel = false, input_unsigned = true, output_unsigned = false} : (tensor<5xi8>, tensor<1xi16>, tensor<1xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<5xi8>
  return %0, %1, %2 : tensor<1x4x4x8xi8>, tensor<1x4x4x8xi8>, tensor<5xi8>
}

// CHECK-LABEL: func.func @clamp
// CHECK:         tosa.clamp %arg0 {max_val = 127 : i8, min_val = -5 : i8} : (tensor<2x3xi8>) -> tensor<2x3xi8>
// CHECK:         tosa.clamp %arg1 {max_val = 6.000000e+00 : f32, min_val = 0.000000e+00 : f32, nan_mode = IGNORE} : (tensor<4xf32>) -> tensor<4xf32>
// CHECK:         tosa.clamp %arg2 {max_val = 100 : i8, min_val = -100 : i8} : (tensor<3x!quant.uniform<i8:f32, 5.000000e-01:-3>>) -> tensor<3x!quant.uniform<i8:f32, 5.000000e-01:-3>>
func.func @clamp(%a: tensor<2x3xi8>, %f: tensor<4xf32>, %q: tensor<3x!quant.uniform<i8:f32, 0.5:-3>>) -> (tensor<2x3xi8>, tensor<4xf32>, tensor<3x!quant.uniform<i8:f32, 0.5:-3>>) {
  %0 = tosa.clamp %a {min_val = -5 : i8, max_val = 127 : i8, nan_mode = PROPAGATE} : (tensor<2x3xi8>) -> tensor<2x3xi8>
  %1 = tosa.clamp %f {min_val = 0.0 : f32, max_val = 6.0 : f32, nan_mode = IGNORE} : (tensor<4xf32>) -> tensor<4xf32>
  %2 = tosa.clamp %q {min_val = -100 : i8, max_val = 100 : i8} : (tensor<3x!quant.uniform<i8:f32, 0.5:-3>>) -> tensor<3x!quant.uniform<i8:f32, 0.5:-3>>
  return %0, %1, %2 : tensor<2x3xi8>, tensor<4xf32>, tensor<3x!quant.uniform<i8:f32, 0.5:-3>>
}

// CHECK-LABEL: func.func @arith
// CHECK:         tosa.add %arg0, %arg1 : (tensor<2x3xi32>, tensor<1x3xi32>) -> tensor<2x3xi32>
// CHECK:         tosa.sub %arg1, %arg0 : (tensor<1x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi32>
// CHECK:         tosa.mul %arg0, %arg1, %{{.*}} : (tensor<2x3xi32>, tensor<1x3xi32>, tensor<1xi8>) -> tensor<2x3xi32>
// CHECK:         tosa.mul %arg2, %arg2, %{{.*}} : (tensor<2x3xi8>, tensor<2x3xi8>, tensor<1xi8>) -> tensor<2x3xi32>
// CHECK:         tosa.maximum %arg0, %arg1 : (tensor<2x3xi32>, tensor<1x3xi32>) -> tensor<2x3xi32>
// CHECK:         tosa.minimum %arg3, %arg3 {nan_mode = IGNORE} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @arith(%a: tensor<2x3xi32>, %b: tensor<1x3xi32>, %c: tensor<2x3xi8>, %f: tensor<2x3xf32>) -> (tensor<2x3xi32>, tensor<2x3xi32>, tensor<2x3xi32>, tensor<2x3xi32>, tensor<2x3xi32>, tensor<2x3xf32>) {
  %sh = "tosa.const"() <{values = dense<3> : tensor<1xi8>}> : () -> tensor<1xi8>
  %sh0 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.add %a, %b : (tensor<2x3xi32>, tensor<1x3xi32>) -> tensor<2x3xi32>
  %1 = tosa.sub %b, %a : (tensor<1x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi32>
  %2 = tosa.mul %a, %b, %sh : (tensor<2x3xi32>, tensor<1x3xi32>, tensor<1xi8>) -> tensor<2x3xi32>
  %3 = tosa.mul %c, %c, %sh0 : (tensor<2x3xi8>, tensor<2x3xi8>, tensor<1xi8>) -> tensor<2x3xi32>
  %4 = tosa.maximum %a, %b : (tensor<2x3xi32>, tensor<1x3xi32>) -> tensor<2x3xi32>
  %5 = tosa.minimum %f, %f {nan_mode = IGNORE} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<2x3xi32>, tensor<2x3xi32>, tensor<2x3xi32>, tensor<2x3xi32>, tensor<2x3xi32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @compare_select
// CHECK:         %[[EQ:.*]] = tosa.equal %arg0, %arg1 : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xi1>
// CHECK:         %[[GT:.*]] = tosa.greater %arg0, %arg1 : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xi1>
// CHECK:         tosa.select %[[GT]], %arg0, %arg1 : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
func.func @compare_select(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>) -> (tensor<2x3xi1>, tensor<2x3xf32>) {
  %0 = tosa.equal %a, %b : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xi1>
  %1 = tosa.greater %a, %b : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xi1>
  %2 = tosa.select %1, %a, %b : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  return %0, %2 : tensor<2x3xi1>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @table_cast
// CHECK:         tosa.table %arg0, %{{.*}} : (tensor<4xi8>, tensor<256xi8>) -> tensor<4xi8>
// CHECK:         tosa.table %arg1, %{{.*}} : (tensor<4xi16>, tensor<513xi16>) -> tensor<4xi32>
// CHECK:         tosa.cast %arg0 : (tensor<4xi8>) -> tensor<4xf32>
// CHECK:         tosa.cast %{{.*}} : (tensor<4xf32>) -> tensor<4xi16>
func.func @table_cast(%a: tensor<4xi8>, %b: tensor<4xi16>) -> (tensor<4xi8>, tensor<4xi32>, tensor<4xi16>) {
  %t8 = "tosa.const"() <{values = dense<7> : tensor<256xi8>}> : () -> tensor<256xi8>
  %t16 = "tosa.const"() <{values = dense<-3> : tensor<513xi16>}> : () -> tensor<513xi16>
  %0 = tosa.table %a, %t8 : (tensor<4xi8>, tensor<256xi8>) -> tensor<4xi8>
  %1 = tosa.table %b, %t16 : (tensor<4xi16>, tensor<513xi16>) -> tensor<4xi32>
  %2 = tosa.cast %a : (tensor<4xi8>) -> tensor<4xf32>
  %3 = tosa.cast %2 : (tensor<4xf32>) -> tensor<4xi16>
  return %0, %1, %3 : tensor<4xi8>, tensor<4xi32>, tensor<4xi16>
}

// CHECK-LABEL: func.func @activations
// CHECK:         tosa.sigmoid %arg0 : (tensor<3xf32>) -> tensor<3xf32>
// CHECK:         tosa.tanh %{{.*}} : (tensor<3xf32>) -> tensor<3xf32>
// CHECK:         tosa.exp %{{.*}} : (tensor<3xf32>) -> tensor<3xf32>
// CHECK:         tosa.reciprocal %{{.*}} : (tensor<3xf32>) -> tensor<3xf32>
func.func @activations(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = tosa.sigmoid %x : (tensor<3xf32>) -> tensor<3xf32>
  %1 = tosa.tanh %0 : (tensor<3xf32>) -> tensor<3xf32>
  %2 = tosa.exp %1 : (tensor<3xf32>) -> tensor<3xf32>
  %3 = tosa.reciprocal %2 : (tensor<3xf32>) -> tensor<3xf32>
  return %3 : tensor<3xf32>
}
