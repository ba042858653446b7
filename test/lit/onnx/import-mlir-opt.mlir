// REQUIRES: onnx-testdata, mlir-opt
// Upstream mlir-opt parses what `npuc import` prints (onnx ops as unregistered
// ops), and npuc reads mlir-opt's generic output back.

// RUN: npuc import %onnx_testdata/test_convinteger_with_padding/model.onnx --print-debuginfo | %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic --mlir-print-debuginfo | npuc opt --print-debuginfo | FileCheck %s
// CHECK: "onnx.ConvInteger"(%arg0, %arg1, %arg2) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>, pads = array<i64: 1, 1, 1, 1>}> : (tensor<1x1x3x3xui8>, tensor<1x1x2x2xui8>, tensor<ui8>) -> tensor<1x1x4x4xi32> loc("y")

// RUN: npuc import %onnx_testdata/test_qlinearmatmul_2D/model.onnx | %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic | npuc opt | FileCheck %s --check-prefix=QMM
// QMM: "onnx.QLinearMatMul"(%arg0, %arg1, %arg2, %arg3, %arg4, %arg5, %arg6, %arg7)
// QMM-SAME: -> tensor<2x3xui8>
