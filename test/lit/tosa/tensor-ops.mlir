// RUN: npuc opt %s | FileCheck %s
// RUN: npuc opt %s | npuc opt | FileCheck %s
// RUN: npuc opt %s --print-op-generic | npuc opt | FileCheck %s
// The tosa tensor ops print in upstream's custom form: operands, an attribute
// dictionary with enum cases bare and default-valued attributes omitted, then
// the functional type. (upstream.mlir runs these CHECK lines on mlir-opt's output.)

// CHECK-LABEL: func.func @conv2d
// CHECK-NEXT:    %[[IZP:.*]] = "tosa.const"() <{values = dense<-128> : tensor<1xi8>}> : () -> tensor<1xi8>
// CHECK-NEXT:    %[[WZP:.*]] = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
// CHECK-NEXT:    %{{.*}} = tosa.conv2d %arg0, %arg1, %arg2, %[[IZP]], %[[WZP]] {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x8x8x3xi8>, tensor<16x3x3x3xi8>, tensor<16xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x8x8x16xi32>
// CHECK-NEXT:    %{{.*}} = tosa.conv2d %arg0, %arg1, %arg2, %[[IZP]], %[[WZP]] {acc_type = i32, dilation = array<i64: 2, 2>, local_bound = true, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 2, 2>} : (tensor<1x8x8x3xi8>, tensor<16x3x3x3xi8>, tensor<16xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x3x3x16xi32>
func.func @conv2d(%x: tensor<1x8x8x3xi8>, %w: tensor<16x3x3x3xi8>, %b: tensor<16xi32>) -> (tensor<1x8x8x16xi32>, tensor<1x3x3x16xi32>) {
  %izp = "tosa.const"() <{values = dense<-128> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wzp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  // local_bound = false is the default: not printed.
  %0 = tosa.conv2d %x, %w, %b, %izp, %wzp {acc_type = i32, dilation = array<i64: 1, 1>, local_bound = false, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x8x8x3xi8>, tensor<16x3x3x3xi8>, tensor<16xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x8x8x16xi32>
  // (8 - 1 + 0 + 1 - (3 - 1) * 2) / 2 + 1 = 3
  %1 = tosa.conv2d %x, %w, %b, %izp, %wzp {stride = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, dilation = array<i64: 2, 2>, acc_type = i32, local_bound = true} : (tensor<1x8x8x3xi8>, tensor<16x3x3x3xi8>, tensor<16xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x3x3x16xi32>
  return %0, %1 : tensor<1x8x8x16xi32>, tensor<1x3x3x16xi32>
}

// CHECK-LABEL: func.func @conv2d_i16
// CHECK:         tosa.conv2d %arg0, %arg1, %arg2, %{{.*}}, %{{.*}} {acc_type = i48, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xi16>, tensor<3x1x1x2xi8>, tensor<1xi48>, tensor<1xi16>, tensor<1xi8>) -> tensor<1x4x4x3xi48>
func.func @conv2d_i16(%x: tensor<1x4x4x2xi16>, %w: tensor<3x1x1x2xi8>, %b: tensor<1xi48>) -> tensor<1x4x4x3xi48> {
  %izp = "tosa.const"() <{values = dense<0> : tensor<1xi16>}> : () -> tensor<1xi16>
  %wzp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.conv2d %x, %w, %b, %izp, %wzp {acc_type = i48, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xi16>, tensor<3x1x1x2xi8>, tensor<1xi48>, tensor<1xi16>, tensor<1xi8>) -> tensor<1x4x4x3xi48>
  return %0 : tensor<1x4x4x3xi48>
}

// CHECK-LABEL: func.func @conv2d_f32
// CHECK:         tosa.conv2d %arg0, %arg1, %arg2, %[[Z:.*]], %[[Z]] {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x5x5x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x5x2xf32>
func.func @conv2d_f32(%x: tensor<1x5x5x4xf32>, %w: tensor<2x3x3x4xf32>, %b: tensor<2xf32>) -> tensor<1x5x5x2xf32> {
  %z = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %z, %z {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x5x5x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x5x2xf32>
  return %0 : tensor<1x5x5x2xf32>
}

// CHECK-LABEL: func.func @depthwise
// CHECK:         tosa.depthwise_conv2d %arg0, %arg1, %arg2, %{{.*}}, %{{.*}} {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 2, 2>} : (tensor<1x8x8x3xi8>, tensor<3x3x3x2xi8>, tensor<6xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x6xi32>
func.func @depthwise(%x: tensor<1x8x8x3xi8>, %w: tensor<3x3x3x2xi8>, %b: tensor<6xi32>) -> tensor<1x4x4x6xi32> {
  %zp = "tosa.const"() <{values = dense<5> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 2, 2>} : (tensor<1x8x8x3xi8>, tensor<3x3x3x2xi8>, tensor<6xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x6xi32>
  return %0 : tensor<1x4x4x6xi32>
}

// CHECK-LABEL: func.func @matmul
// CHECK:         tosa.matmul %arg0, %arg1, %{{.*}}, %{{.*}} : (tensor<2x3x4xi8>, tensor<2x4x5xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<2x3x5xi32>
// CHECK:         tosa.matmul %arg2, %arg3, %{{.*}}, %{{.*}} : (tensor<1x3x4xf32>, tensor<1x4x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x5xf32>
func.func @matmul(%a: tensor<2x3x4xi8>, %b: tensor<2x4x5xi8>, %fa: tensor<1x3x4xf32>, %fb: tensor<1x4x5xf32>) -> (tensor<2x3x5xi32>, tensor<1x3x5xf32>) {
  %zp = "tosa.const"() <{values = dense<1> : tensor<1xi8>}> : () -> tensor<1xi8>
  %fz = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %a, %b, %zp, %zp : (tensor<2x3x4xi8>, tensor<2x4x5xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<2x3x5xi32>
  %1 = tosa.matmul %fa, %fb, %fz, %fz : (tensor<1x3x4xf32>, tensor<1x4x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x5xf32>
  return %0, %1 : tensor<2x3x5xi32>, tensor<1x3x5xf32>
}

// CHECK-LABEL: func.func @pools
// CHECK:         tosa.avg_pool2d %arg0, %{{.*}}, %{{.*}} {acc_type = i32, kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>} : (tensor<1x7x7x4xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x4xi8>
// CHECK:         tosa.max_pool2d %arg0 {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 2, 2>} : (tensor<1x7x7x4xi8>) -> tensor<1x4x4x4xi8>
// CHECK:         tosa.max_pool2d %arg1 {kernel = array<i64: 2, 2>, nan_mode = IGNORE, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x1xf32>) -> tensor<1x2x2x1xf32>
func.func @pools(%x: tensor<1x7x7x4xi8>, %f: tensor<1x3x3x1xf32>) -> (tensor<1x4x4x4xi8>, tensor<1x4x4x4xi8>, tensor<1x2x2x1xf32>) {
  %izp = "tosa.const"() <{values = dense<-3> : tensor<1xi8>}> : () -> tensor<1xi8>
  %ozp = "tosa.const"() <{values = dense<7> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.avg_pool2d %x, %izp, %ozp {acc_type = i32, kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>} : (tensor<1x7x7x4xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x4xi8>
  %1 = tosa.max_pool2d %x {kernel = array<i64: 2, 2>, nan_mode = PROPAGATE, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 2, 2>} : (tensor<1x7x7x4xi8>) -> tensor<1x4x4x4xi8>
  %2 = tosa.max_pool2d %f {kernel = array<i64: 2, 2>, nan_mode = IGNORE, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x1xf32>) -> tensor<1x2x2x1xf32>
  return %0, %1, %2 : tensor<1x4x4x4xi8>, tensor<1x4x4x4xi8>, tensor<1x2x2x1xf32>
}

// CHECK-LABEL: func.func @argmax
// CHECK:         tosa.argmax %arg0 {axis = 1 : i32} : (tensor<2x5x3xf32>) -> tensor<2x3xi32>
// CHECK:         tosa.argmax %arg0 {axis = 0 : i32, nan_mode = IGNORE} : (tensor<2x5x3xf32>) -> tensor<5x3xi32>
func.func @argmax(%x: tensor<2x5x3xf32>) -> (tensor<2x3xi32>, tensor<5x3xi32>) {
  %0 = tosa.argmax %x {axis = 1 : i32} : (tensor<2x5x3xf32>) -> tensor<2x3xi32>
  %1 = tosa.argmax %x {axis = 0 : i32, nan_mode = IGNORE} : (tensor<2x5x3xf32>) -> tensor<5x3xi32>
  return %0, %1 : tensor<2x3xi32>, tensor<5x3xi32>
}
