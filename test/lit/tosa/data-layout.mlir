// RUN: npuc opt %s | FileCheck %s
// RUN: npuc opt %s | npuc opt | FileCheck %s
// RUN: npuc opt %s --print-op-generic | npuc opt | FileCheck %s
// tosa.const prints in generic form only, as upstream does; shapes are
// !tosa.shape<N> values made by tosa.const_shape. (upstream.mlir runs these
// CHECK lines on mlir-opt's output too.)

// CHECK-LABEL: func.func @consts
// CHECK-NEXT:    %[[A:.*]] = "tosa.const"() <{values = dense<{{\[\[}}1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>}> : () -> tensor<2x3xi8>
// CHECK-NEXT:    %[[B:.*]] = "tosa.const"() <{values = dense<[1.500000e+00, -2.000000e+00]> : tensor<2xf32>}> : () -> tensor<2xf32>
// CHECK-NEXT:    %[[Q:.*]] = "tosa.const"() <{values = dense<[1, -1]> : tensor<2xi8>}> : () -> tensor<2x!quant.uniform<i8:f32, 2.500000e-01>>
// CHECK-NEXT:    %{{.*}} = tosa.const_shape {values = dense<[6, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
func.func @consts() -> (tensor<2x3xi8>, tensor<2xf32>, tensor<2x!quant.uniform<i8:f32, 0.25>>, !tosa.shape<2>) {
  %0 = "tosa.const"() <{values = dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>}> : () -> tensor<2x3xi8>
  %1 = "tosa.const"() <{values = dense<[1.5, -2.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %2 = "tosa.const"() <{values = dense<[1, -1]> : tensor<2xi8>}> : () -> tensor<2x!quant.uniform<i8:f32, 0.25>>
  %3 = tosa.const_shape {values = dense<[6, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  return %0, %1, %2, %3 : tensor<2x3xi8>, tensor<2xf32>, tensor<2x!quant.uniform<i8:f32, 0.25>>, !tosa.shape<2>
}

// CHECK-LABEL: func.func @layout
// CHECK:         %[[S:.*]] = tosa.const_shape {values = dense<[3, 2, 1]> : tensor<3xindex>} : () -> !tosa.shape<3>
// CHECK-NEXT:    tosa.reshape %arg0, %[[S]] : (tensor<2x3xf32>, !tosa.shape<3>) -> tensor<3x2x1xf32>
// CHECK:         tosa.transpose %arg0 {perms = array<i32: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
// CHECK:         tosa.concat %arg0, %arg1, %arg0 {axis = 1 : i32} : (tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x3xf32>) -> tensor<2x7xf32>
// CHECK:         tosa.pad %arg0, %{{.*}}, %{{.*}} : (tensor<2x3xf32>, !tosa.shape<4>, tensor<1xf32>) -> tensor<4x6xf32>
// CHECK:         tosa.slice %arg0, %{{.*}}, %{{.*}} : (tensor<2x3xf32>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x2xf32>
func.func @layout(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>) -> (tensor<3x2x1xf32>, tensor<3x2xf32>, tensor<2x7xf32>, tensor<4x6xf32>, tensor<1x2xf32>) {
  %s = tosa.const_shape {values = dense<[3, 2, 1]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %0 = tosa.reshape %a, %s : (tensor<2x3xf32>, !tosa.shape<3>) -> tensor<3x2x1xf32>
  %1 = tosa.transpose %a {perms = array<i32: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %2 = tosa.concat %a, %b, %a {axis = 1 : i32} : (tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x3xf32>) -> tensor<2x7xf32>
  %p = tosa.const_shape {values = dense<[1, 1, 0, 3]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %pc = "tosa.const"() <{values = dense<-1.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %3 = tosa.pad %a, %p, %pc : (tensor<2x3xf32>, !tosa.shape<4>, tensor<1xf32>) -> tensor<4x6xf32>
  %st = tosa.const_shape {values = dense<[1, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %sz = tosa.const_shape {values = dense<[1, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %4 = tosa.slice %a, %st, %sz : (tensor<2x3xf32>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x2xf32>
  return %0, %1, %2, %3, %4 : tensor<3x2x1xf32>, tensor<3x2xf32>, tensor<2x7xf32>, tensor<4x6xf32>, tensor<1x2xf32>
}

// CHECK-LABEL: func.func @reduce
// CHECK:         tosa.reduce_sum %arg0 {axis = 1 : i32} : (tensor<2x3x4xi32>) -> tensor<2x1x4xi32>
// CHECK:         tosa.reduce_max %arg0 {axis = 2 : i32} : (tensor<2x3x4xi32>) -> tensor<2x3x1xi32>
// CHECK:         tosa.reduce_max %arg1 {axis = 0 : i32, nan_mode = IGNORE} : (tensor<5xf32>) -> tensor<1xf32>
func.func @reduce(%a: tensor<2x3x4xi32>, %f: tensor<5xf32>) -> (tensor<2x1x4xi32>, tensor<2x3x1xi32>, tensor<1xf32>) {
  %0 = tosa.reduce_sum %a {axis = 1 : i32} : (tensor<2x3x4xi32>) -> tensor<2x1x4xi32>
  %1 = tosa.reduce_max %a {axis = 2 : i32, nan_mode = PROPAGATE} : (tensor<2x3x4xi32>) -> tensor<2x3x1xi32>
  %2 = tosa.reduce_max %f {axis = 0 : i32, nan_mode = IGNORE} : (tensor<5xf32>) -> tensor<1xf32>
  return %0, %1, %2 : tensor<2x1x4xi32>, tensor<2x3x1xi32>, tensor<1xf32>
}
