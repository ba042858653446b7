// REQUIRES: onnx-testdata
// `npuc import` on ONNX's own quantized-operator test models, and the printed
// module read back by `npuc opt` (the onnx ops are registered and verified).

// RUN: npuc import %onnx_testdata/test_qlinearconv/model.onnx | FileCheck %s --check-prefix=QCONV
// RUN: npuc import %onnx_testdata/test_qlinearconv/model.onnx | npuc opt | FileCheck %s --check-prefix=QCONV
// QCONV:      module attributes {onnx.opset = 10 : i64} {
// QCONV-NEXT:   func.func @main(%arg0: tensor<1x1x7x7xui8> {onnx.name = "x"}, %arg1: tensor<f32> {onnx.name = "x_scale"}, %arg2: tensor<ui8> {onnx.name = "x_zero_point"}, %arg3: tensor<1x1x1x1xui8> {onnx.name = "w"}, %arg4: tensor<1xf32> {onnx.name = "w_scale"}, %arg5: tensor<1xui8> {onnx.name = "w_zero_point"}, %arg6: tensor<f32> {onnx.name = "y_scale"}, %arg7: tensor<ui8> {onnx.name = "y_zero_point"}) -> (tensor<1x1x7x7xui8> {onnx.name = "y"}) {
// QCONV-NEXT:     %0 = "onnx.QLinearConv"(%arg0, %arg1, %arg2, %arg3, %arg4, %arg5, %arg6, %arg7) : (tensor<1x1x7x7xui8>, tensor<f32>, tensor<ui8>, tensor<1x1x1x1xui8>, tensor<1xf32>, tensor<1xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x1x7x7xui8>
// QCONV-NEXT:     return %0 : tensor<1x1x7x7xui8>

// RUN: npuc import %onnx_testdata/test_qlinearmatmul_2D/model.onnx | npuc opt | FileCheck %s --check-prefix=QMM
// QMM: "onnx.QLinearMatMul"(%arg0, %arg1, %arg2, %arg3, %arg4, %arg5, %arg6, %arg7) : (tensor<2x4xui8>, tensor<1xf32>, tensor<1xui8>, tensor<4x3xui8>, tensor<1xf32>, tensor<1xui8>, tensor<1xf32>, tensor<1xui8>) -> tensor<2x3xui8>

// ConvInteger(x, w, x_zero_point): the absent w_zero_point shows in the segment sizes.
// RUN: npuc import %onnx_testdata/test_convinteger_with_padding/model.onnx --print-debuginfo | FileCheck %s --check-prefix=CONVI
// RUN: npuc import %onnx_testdata/test_convinteger_with_padding/model.onnx --print-debuginfo | npuc opt --print-debuginfo | FileCheck %s --check-prefix=CONVI
// CONVI: func.func @main(%arg0: tensor<1x1x3x3xui8> {onnx.name = "x"} loc("x"), %arg1: tensor<1x1x2x2xui8> {onnx.name = "w"} loc("w"), %arg2: tensor<ui8> {onnx.name = "x_zero_point"} loc("x_zero_point")) -> (tensor<1x1x4x4xi32> {onnx.name = "y"})
// CONVI: "onnx.ConvInteger"(%arg0, %arg1, %arg2) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>, pads = array<i64: 1, 1, 1, 1>}> : (tensor<1x1x3x3xui8>, tensor<1x1x2x2xui8>, tensor<ui8>) -> tensor<1x1x4x4xi32> loc("y")

// RUN: npuc import %onnx_testdata/test_matmulinteger/model.onnx | npuc opt | FileCheck %s --check-prefix=MMI
// MMI: "onnx.MatMulInteger"(%arg0, %arg1, %arg2, %arg3) <{operandSegmentSizes = array<i32: 1, 1, 1, 1>}> : (tensor<4x3xui8>, tensor<3x2xui8>, tensor<1xui8>, tensor<1xui8>) -> tensor<4x2xi32>

// RUN: npuc import %onnx_testdata/test_quantizelinear/model.onnx | npuc opt | FileCheck %s --check-prefix=Q
// Q: "onnx.QuantizeLinear"(%arg0, %arg1, %arg2) : (tensor<6xf32>, tensor<f32>, tensor<ui8>) -> tensor<6xui8>

// RUN: npuc import %onnx_testdata/test_dequantizelinear_axis/model.onnx | npuc opt | FileCheck %s --check-prefix=DQ
// DQ: "onnx.DequantizeLinear"(%arg0, %arg1, %arg2) : (tensor<1x3x3x2xui8>, tensor<3xf32>, tensor<3xui8>) -> tensor<1x3x3x2xf32>
