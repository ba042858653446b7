// RUN: npuc opt %s --split-input-file -p fold-pad-into-conv | FileCheck %s
// RUN: npuc opt %s --split-input-file -p fold-pad-into-conv --pass-remarks 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK
// All cases as one module: 11 folds, 7 pads left in place.
// RUN: npuc opt %s -p fold-pad-into-conv --pass-statistics 2>&1 >/dev/null | FileCheck %s --check-prefix=STATS
// STATS:       'fold-pad-into-conv'
// STATS-NEXT:  (S)   11 num-folded
// STATS-NEXT:  (S)    7 num-skipped
// RUN: npuc opt %s --split-input-file -p "fold-pad-into-conv{max-pad=1}" | FileCheck %s --check-prefix=SMALL
// Upstream mlir-opt verifies every rewritten case.
// RUN: npuc opt %s --split-input-file -p fold-pad-into-conv | %if mlir-opt %{ %mlir-opt --split-input-file > /dev/null %} %else %{ cat > /dev/null %}
// Evaluated before and after the pass: the same values.
// RUN: npuc run %s -f values | FileCheck %s --check-prefix=VALUES
// RUN: npuc run %s -f values -p fold-pad-into-conv | FileCheck %s --check-prefix=VALUES

// i8 with input zero point -128, padded with -128 on every side of H and W:
// the padding moves into the conv's pad attribute, and the pad, its shape and
// its value (no longer used) are erased. The zero points stay.
// CHECK-LABEL: func.func @conv2d_i8
// CHECK-NOT:   tosa.pad
// CHECK-NOT:   tosa.const_shape
// CHECK:       tosa.conv2d %arg0, {{.*}} {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xi8>, tensor<3x3x3x2xi8>, tensor<3xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x3xi32>
// CHECK-NOT:   tosa.pad
// REMARK:      remark: [fold-pad-into-conv] folded tosa.pad [1, 1, 1, 1] into pad = [1, 1, 1, 1]
// SMALL-LABEL: func.func @conv2d_i8
// SMALL:       tosa.conv2d %arg0, {{.*}} pad = array<i64: 1, 1, 1, 1>
func.func @conv2d_i8(%x: tensor<1x4x4x2xi8>, %w: tensor<3x3x3x2xi8>) -> tensor<1x4x4x3xi32> {
  %p = tosa.const_shape {values = dense<[0, 0, 1, 1, 1, 1, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %v = "tosa.const"() <{values = dense<-128> : tensor<1xi8>}> : () -> tensor<1xi8>
  %b = "tosa.const"() <{values = dense<[1, 2, 3]> : tensor<3xi32>}> : () -> tensor<3xi32>
  %iz = "tosa.const"() <{values = dense<-128> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wz = "tosa.const"() <{values = dense<3> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.pad %x, %p, %v : (tensor<1x4x4x2xi8>, !tosa.shape<8>, tensor<1xi8>) -> tensor<1x6x6x2xi8>
  %1 = tosa.conv2d %0, %w, %b, %iz, %wz {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x6x6x2xi8>, tensor<3x3x3x2xi8>, tensor<3xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x3xi32>
  return %1 : tensor<1x4x4x3xi32>
}

// -----

// Depthwise, asymmetric padding (2 rows on top, 1 column on the right), input
// zero point 5 and pad value 5. The zero point constant doubles as the pad
// value, so it survives the pad.
// CHECK-LABEL: func.func @depthwise_i8
// CHECK:       %[[Z:.*]] = "tosa.const"() <{values = dense<5> : tensor<1xi8>}>
// CHECK-NOT:   tosa.pad
// CHECK:       tosa.depthwise_conv2d %arg0, %arg1, {{.*}}, %[[Z]], %[[Z]] {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 2, 0, 0, 1>, stride = array<i64: 1, 1>} : (tensor<1x3x3x2xi8>, tensor<3x2x2x1xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x3x3x2xi32>
// REMARK:      remark: [fold-pad-into-conv] folded tosa.pad [2, 0, 0, 1] into pad = [2, 0, 0, 1]
// SMALL-LABEL: func.func @depthwise_i8
// SMALL:       tosa.pad
// SMALL:       tosa.depthwise_conv2d {{.*}} pad = array<i64: 0, 0, 0, 0>
func.func @depthwise_i8(%x: tensor<1x3x3x2xi8>, %w: tensor<3x2x2x1xi8>) -> tensor<1x3x3x2xi32> {
  %p = tosa.const_shape {values = dense<[0, 0, 2, 0, 0, 1, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %b = "tosa.const"() <{values = dense<0> : tensor<2xi32>}> : () -> tensor<2xi32>
  %z = "tosa.const"() <{values = dense<5> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.pad %x, %p, %z : (tensor<1x3x3x2xi8>, !tosa.shape<8>, tensor<1xi8>) -> tensor<1x5x4x2xi8>
  %1 = tosa.depthwise_conv2d %0, %w, %b, %z, %z {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x5x4x2xi8>, tensor<3x2x2x1xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x3x3x2xi32>
  return %1 : tensor<1x3x3x2xi32>
}

// -----

// The conv already pads [1, 1, 1, 1]; the explicit pad adds [1, 0, 0, 2]:
// pad = [2, 1, 1, 3]. Stride 2, output 3x4 before and after
// (H: (4 - 1 + 2 + 1 - 2) / 2 + 1 = 3, W: (5 - 1 + 1 + 3 - 2) / 2 + 1 = 4).
// CHECK-LABEL: func.func @existing_pad
// CHECK-NOT:   tosa.pad
// CHECK:       tosa.conv2d %arg0, {{.*}} pad = array<i64: 2, 1, 1, 3>, stride = array<i64: 2, 2>} : (tensor<1x4x5x1xi8>, {{.*}}) -> tensor<1x3x4x4xi32>
// REMARK:      remark: [fold-pad-into-conv] folded tosa.pad [1, 0, 0, 2] into pad = [2, 1, 1, 3]
// SMALL-LABEL: func.func @existing_pad
// SMALL:       tosa.pad
// SMALL:       tosa.conv2d {{.*}} pad = array<i64: 1, 1, 1, 1>
func.func @existing_pad(%x: tensor<1x4x5x1xi8>, %w: tensor<4x3x3x1xi8>) -> tensor<1x3x4x4xi32> {
  %p = tosa.const_shape {values = dense<[0, 0, 1, 0, 0, 2, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %b = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %z = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.pad %x, %p, %z : (tensor<1x4x5x1xi8>, !tosa.shape<8>, tensor<1xi8>) -> tensor<1x5x7x1xi8>
  %1 = tosa.conv2d %0, %w, %b, %z, %z {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>} : (tensor<1x5x7x1xi8>, tensor<4x3x3x1xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x3x4x4xi32>
  return %1 : tensor<1x3x4x4xi32>
}

// -----

// f32 padded with -0.0 (the zero point is 0.0): the explicit taps would add
// products of zero, which change nothing for the finite constant weights.
// CHECK-LABEL: func.func @conv2d_f32
// CHECK-NOT:   tosa.pad
// CHECK:       tosa.conv2d %arg0, {{.*}} {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 1, 1, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
// REMARK:      remark: [fold-pad-into-conv] folded tosa.pad [0, 1, 1, 0] into pad = [0, 1, 1, 0]
func.func @conv2d_f32(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32> {
  %p = tosa.const_shape {values = dense<[0, 0, 0, 1, 1, 0, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %v = "tosa.const"() <{values = dense<-0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<[[[[1.0], [-2.0]], [[0.5], [4.0]]]]> : tensor<1x2x2x1xf32>}> : () -> tensor<1x2x2x1xf32>
  %b = "tosa.const"() <{values = dense<0.25> : tensor<1xf32>}> : () -> tensor<1xf32>
  %z = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.pad %x, %p, %v : (tensor<1x2x2x1xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x3x3x1xf32>
  %1 = tosa.conv2d %0, %w, %b, %z, %z {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x1xf32>, tensor<1x2x2x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  return %1 : tensor<1x2x2x1xf32>
}

// -----

// max_pool2d over an i8 tensor padded with -128 (the lowest i8), and over an
// f32 tensor padded with -inf: folded, each pad still less than the kernel.
// CHECK-LABEL: func.func @max_pool2d
// CHECK-NOT:   tosa.pad
// CHECK:       tosa.max_pool2d %arg0 {kernel = array<i64: 2, 2>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x3x3x1xi8>) -> tensor<1x4x4x1xi8>
// CHECK:       tosa.max_pool2d %arg1 {kernel = array<i64: 3, 2>, pad = array<i64: 2, 0, 1, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x1xf32>) -> tensor<1x3x3x1xf32>
// REMARK:      remark: [fold-pad-into-conv] folded tosa.pad [1, 0, 1, 0] into pad = [1, 1, 1, 1]
// REMARK:      remark: [fold-pad-into-conv] folded tosa.pad [2, 0, 1, 0] into pad = [2, 0, 1, 0]
func.func @max_pool2d(%x: tensor<1x3x3x1xi8>, %y: tensor<1x3x3x1xf32>) -> (tensor<1x4x4x1xi8>, tensor<1x3x3x1xf32>) {
  %p = tosa.const_shape {values = dense<[0, 0, 1, 0, 1, 0, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %v = "tosa.const"() <{values = dense<-128> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.pad %x, %p, %v : (tensor<1x3x3x1xi8>, !tosa.shape<8>, tensor<1xi8>) -> tensor<1x4x4x1xi8>
  %1 = tosa.max_pool2d %0 {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xi8>) -> tensor<1x4x4x1xi8>
  %q = tosa.const_shape {values = dense<[0, 0, 2, 0, 1, 0, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %ninf = "tosa.const"() <{values = dense<0xFF800000> : tensor<1xf32>}> : () -> tensor<1xf32>
  %2 = tosa.pad %y, %q, %ninf : (tensor<1x3x3x1xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x5x4x1xf32>
  %3 = tosa.max_pool2d %2 {kernel = array<i64: 3, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x5x4x1xf32>) -> tensor<1x3x3x1xf32>
  return %1, %3 : tensor<1x4x4x1xi8>, tensor<1x3x3x1xf32>
}

// -----

// A pad with another user stays for that user; the conv still folds. Two convs
// sharing a pad both fold, and the pad, left without users, is erased.
// CHECK-LABEL: func.func @shared_pads
// CHECK:       %[[P:.*]] = tosa.pad %arg0
// CHECK:       tosa.conv2d %arg0, {{.*}} pad = array<i64: 1, 1, 1, 1>
// CHECK-NOT:   tosa.pad
// CHECK:       tosa.conv2d %arg1, {{.*}} pad = array<i64: 1, 1, 1, 1>
// CHECK:       tosa.conv2d %arg1, {{.*}} pad = array<i64: 1, 1, 1, 1>
// CHECK:       return %[[P]],
// REMARK:      remark: [fold-pad-into-conv] folded tosa.pad [1, 1, 1, 1] into pad = [1, 1, 1, 1] (the pad stays for its other users)
// REMARK:      remark: [fold-pad-into-conv] folded tosa.pad [1, 1, 1, 1] into pad = [1, 1, 1, 1] (the pad stays for its other users)
// REMARK:      remark: [fold-pad-into-conv] folded tosa.pad [1, 1, 1, 1] into pad = [1, 1, 1, 1]{{$}}
func.func @shared_pads(%x: tensor<1x2x2x1xi8>, %y: tensor<1x2x2x1xi8>, %w: tensor<1x3x3x1xi8>) -> (tensor<1x4x4x1xi8>, tensor<1x2x2x1xi32>, tensor<1x2x2x1xi32>, tensor<1x2x2x1xi32>) {
  %p = tosa.const_shape {values = dense<[0, 0, 1, 1, 1, 1, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %b = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %z = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.pad %x, %p, %z : (tensor<1x2x2x1xi8>, !tosa.shape<8>, tensor<1xi8>) -> tensor<1x4x4x1xi8>
  %1 = tosa.conv2d %0, %w, %b, %z, %z {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xi8>, tensor<1x3x3x1xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2x1xi32>
  %2 = tosa.pad %y, %p, %z : (tensor<1x2x2x1xi8>, !tosa.shape<8>, tensor<1xi8>) -> tensor<1x4x4x1xi8>
  %3 = tosa.conv2d %2, %w, %b, %z, %z {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xi8>, tensor<1x3x3x1xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2x1xi32>
  %4 = tosa.conv2d %2, %w, %b, %z, %z {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xi8>, tensor<1x3x3x1xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2x1xi32>
  return %0, %1, %3, %4 : tensor<1x4x4x1xi8>, tensor<1x2x2x1xi32>, tensor<1x2x2x1xi32>, tensor<1x2x2x1xi32>
}

// -----

// Negative: the pad value 0 differs from the input zero point -128, so the
// padded taps would contribute (0 - -128) * (w - w_zp), not 0.
// CHECK-LABEL: func.func @value_not_zp
// CHECK:       %[[P:.*]] = tosa.pad %arg0
// CHECK:       tosa.conv2d %[[P]], {{.*}} pad = array<i64: 0, 0, 0, 0>
// REMARK:      remark: [fold-pad-into-conv] pad left unchanged: the pad value 0 differs from the input zero point -128
func.func @value_not_zp(%x: tensor<1x2x2x1xi8>, %w: tensor<1x3x3x1xi8>) -> tensor<1x2x2x1xi32> {
  %p = tosa.const_shape {values = dense<[0, 0, 1, 1, 1, 1, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %v = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %b = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %iz = "tosa.const"() <{values = dense<-128> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.pad %x, %p, %v : (tensor<1x2x2x1xi8>, !tosa.shape<8>, tensor<1xi8>) -> tensor<1x4x4x1xi8>
  %1 = tosa.conv2d %0, %w, %b, %iz, %v {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xi8>, tensor<1x3x3x1xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2x1xi32>
  return %1 : tensor<1x2x2x1xi32>
}

// -----

// Negative: padding on C (one extra channel) is not a spatial pad.
// CHECK-LABEL: func.func @pad_on_c
// CHECK:       %[[P:.*]] = tosa.pad %arg0
// CHECK:       tosa.conv2d %[[P]], {{.*}} pad = array<i64: 1, 1, 1, 1>
// REMARK:      remark: [fold-pad-into-conv] pad left unchanged: the pad also pads C (0, 1); only H and W padding folds
func.func @pad_on_c(%x: tensor<1x2x2x1xi8>, %w: tensor<1x3x3x2xi8>) -> tensor<1x2x2x1xi32> {
  %p = tosa.const_shape {values = dense<[0, 0, 0, 0, 0, 0, 0, 1]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %b = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %z = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.pad %x, %p, %z : (tensor<1x2x2x1xi8>, !tosa.shape<8>, tensor<1xi8>) -> tensor<1x2x2x2xi8>
  %1 = tosa.conv2d %0, %w, %b, %z, %z {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xi8>, tensor<1x3x3x2xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2x1xi32>
  return %1 : tensor<1x2x2x1xi32>
}

// -----

// Negative: avg_pool2d does not count its own padding in the divisor, but it
// does count explicitly padded elements, so the pad must stay.
// CHECK-LABEL: func.func @avg_pool2d
// CHECK:       %[[P:.*]] = tosa.pad %arg0
// CHECK:       tosa.avg_pool2d %[[P]], {{.*}} pad = array<i64: 0, 0, 0, 0>
// REMARK:      remark: [fold-pad-into-conv] pad left unchanged: avg_pool2d leaves its own padding out of the divisor, but counts explicitly padded elements
func.func @avg_pool2d(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %p = tosa.const_shape {values = dense<[0, 0, 1, 1, 1, 1, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %z = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.pad %x, %p, %z : (tensor<1x4x4x2xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x6x6x2xf32>
  %1 = tosa.avg_pool2d %0, %z, %z {acc_type = f32, kernel = array<i64: 3, 3>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x6x6x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

// Negative: a pad value that is not a constant.
// CHECK-LABEL: func.func @runtime_pad_value
// CHECK:       %[[P:.*]] = tosa.pad %arg0, %{{.*}}, %arg2
// CHECK:       tosa.conv2d %[[P]]
// REMARK:      remark: [fold-pad-into-conv] pad left unchanged: the pad value is not a constant
func.func @runtime_pad_value(%x: tensor<1x2x2x1xi8>, %w: tensor<1x3x3x1xi8>, %v: tensor<1xi8>) -> tensor<1x2x2x1xi32> {
  %p = tosa.const_shape {values = dense<[0, 0, 1, 1, 1, 1, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %b = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %z = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.pad %x, %p, %v : (tensor<1x2x2x1xi8>, !tosa.shape<8>, tensor<1xi8>) -> tensor<1x4x4x1xi8>
  %1 = tosa.conv2d %0, %w, %b, %z, %z {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xi8>, tensor<1x3x3x1xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2x1xi32>
  return %1 : tensor<1x2x2x1xi32>
}

// -----

// Negative: float weights that are not constants might hold Inf or NaN, and
// Inf * 0 at an explicitly padded tap is NaN where a skipped tap gives nothing.
// CHECK-LABEL: func.func @runtime_float_weights
// CHECK:       %[[P:.*]] = tosa.pad %arg0
// CHECK:       tosa.conv2d %[[P]], %arg1
// REMARK:      remark: [fold-pad-into-conv] pad left unchanged: float weights are not a constant
func.func @runtime_float_weights(%x: tensor<1x2x2x1xf32>, %w: tensor<1x3x3x1xf32>) -> tensor<1x2x2x1xf32> {
  %p = tosa.const_shape {values = dense<[0, 0, 1, 1, 1, 1, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.pad %x, %p, %b : (tensor<1x2x2x1xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  %1 = tosa.conv2d %0, %w, %b, %b, %b {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  return %1 : tensor<1x2x2x1xf32>
}

// -----

// Negative for max_pool2d: a pad value above the lowest i8, and a fold that
// would make the bottom pad 2, not less than the kernel height 2 (TOSA:
// max_pool2d ERROR_IF pad >= kernel).
// CHECK-LABEL: func.func @max_pool2d_unfoldable
// CHECK:       %[[P:.*]] = tosa.pad %arg0
// CHECK:       tosa.max_pool2d %[[P]] {{.*}} pad = array<i64: 0, 0, 0, 0>
// CHECK:       %[[Q:.*]] = tosa.pad %arg0
// CHECK:       tosa.max_pool2d %[[Q]] {{.*}} pad = array<i64: 0, 1, 0, 0>
// REMARK:      remark: [fold-pad-into-conv] pad left unchanged: the pad value -127 is not the lowest i8 value (-128)
// REMARK:      remark: [fold-pad-into-conv] pad left unchanged: the folded pad [0, 2, 0, 0] would not be less than the 2x2 kernel, as TOSA requires for max_pool2d
func.func @max_pool2d_unfoldable(%x: tensor<1x3x3x1xi8>) -> (tensor<1x3x2x1xi8>, tensor<1x4x2x1xi8>) {
  %p = tosa.const_shape {values = dense<[0, 0, 0, 1, 0, 0, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %v = "tosa.const"() <{values = dense<-127> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.pad %x, %p, %v : (tensor<1x3x3x1xi8>, !tosa.shape<8>, tensor<1xi8>) -> tensor<1x4x3x1xi8>
  %1 = tosa.max_pool2d %0 {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x3x1xi8>) -> tensor<1x3x2x1xi8>
  %m = "tosa.const"() <{values = dense<-128> : tensor<1xi8>}> : () -> tensor<1xi8>
  %2 = tosa.pad %x, %p, %m : (tensor<1x3x3x1xi8>, !tosa.shape<8>, tensor<1xi8>) -> tensor<1x4x3x1xi8>
  %3 = tosa.max_pool2d %2 {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x3x1xi8>) -> tensor<1x4x2x1xi8>
  return %1, %3 : tensor<1x3x2x1xi8>, tensor<1x4x2x1xi8>
}

// -----

// Values: a constant i8 input 1..6 (input zero point -3, pad value -3, weights
// 1..9 with weight zero point 1, so taps weigh 0..8) and a max pool over a
// -inf-padded f32 input. Both RUN lines above print these values, without and
// with the pass. Output (0, 0) = (1+3)*4 + (2+3)*5 + (4+3)*7 + (5+3)*8 = 154;
// max pool (0, 0) = max(-inf, -inf, -1, -0.5) = -0.5.
// VALUES:      result0: tensor<1x2x3x1xi32> = [154, 232, 150, 82, 115, 66]
// VALUES-NEXT: result1: tensor<1x2x2x1xf32> = [-0.5, -0.5, 4, 4]
func.func @values() -> (tensor<1x2x3x1xi32>, tensor<1x2x2x1xf32>) {
  %x = "tosa.const"() <{values = dense<[[[[1], [2], [3]], [[4], [5], [6]]]]> : tensor<1x2x3x1xi8>}> : () -> tensor<1x2x3x1xi8>
  %p = tosa.const_shape {values = dense<[0, 0, 1, 1, 1, 1, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %z = "tosa.const"() <{values = dense<-3> : tensor<1xi8>}> : () -> tensor<1xi8>
  %w = "tosa.const"() <{values = dense<[[[[1], [2], [3]], [[4], [5], [6]], [[7], [8], [9]]]]> : tensor<1x3x3x1xi8>}> : () -> tensor<1x3x3x1xi8>
  %wz = "tosa.const"() <{values = dense<1> : tensor<1xi8>}> : () -> tensor<1xi8>
  %b = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %0 = tosa.pad %x, %p, %z : (tensor<1x2x3x1xi8>, !tosa.shape<8>, tensor<1xi8>) -> tensor<1x4x5x1xi8>
  %1 = tosa.conv2d %0, %w, %b, %z, %wz {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x5x1xi8>, tensor<1x3x3x1xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x3x1xi32>
  %y = "tosa.const"() <{values = dense<[[[[-1.0], [-0.5], [-2.0]], [[-3.0], [4.0], [-8.0]]]]> : tensor<1x2x3x1xf32>}> : () -> tensor<1x2x3x1xf32>
  %q = tosa.const_shape {values = dense<[0, 0, 1, 0, 0, 0, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %ninf = "tosa.const"() <{values = dense<0xFF800000> : tensor<1xf32>}> : () -> tensor<1xf32>
  %2 = tosa.pad %y, %q, %ninf : (tensor<1x2x3x1xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x3x3x1xf32>
  %3 = tosa.max_pool2d %2 {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x1xf32>) -> tensor<1x2x2x1xf32>
  return %1, %3 : tensor<1x2x3x1xi32>, tensor<1x2x2x1xf32>
}
