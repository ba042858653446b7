// REQUIRES: onnx-testdata
// `npuc import` on float test models: attributes as the model gives them (ONNX
// defaults are not written), types from the graph, round trip through `npuc opt`.

// RUN: npuc import %onnx_testdata/test_conv_with_strides_padding/model.onnx | npuc opt | FileCheck %s --check-prefix=CONV
// CONV: func.func @main(%arg0: tensor<1x1x7x5xf32> {onnx.name = "x"}, %arg1: tensor<1x1x3x3xf32> {onnx.name = "W"}) -> (tensor<1x1x4x3xf32> {onnx.name = "y"})
// CONV: "onnx.Conv"(%arg0, %arg1) <{kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}> : (tensor<1x1x7x5xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x3xf32>

// RUN: npuc import %onnx_testdata/test_maxpool_2d_pads/model.onnx | npuc opt | FileCheck %s --check-prefix=MAXPOOL
// MAXPOOL: "onnx.MaxPool"(%arg0) <{kernel_shape = array<i64: 3, 3>, pads = array<i64: 2, 2, 2, 2>}> : (tensor<1x3x28x28xf32>) -> tensor<1x3x30x30xf32>

// RUN: npuc import %onnx_testdata/test_averagepool_2d_pads/model.onnx | npuc opt | FileCheck %s --check-prefix=AVGPOOL
// AVGPOOL: "onnx.AveragePool"(%arg0) <{kernel_shape = array<i64: 3, 3>, pads = array<i64: 2, 2, 2, 2>}> : (tensor<1x3x28x28xf32>) -> tensor<1x3x30x30xf32>

// RUN: npuc import %onnx_testdata/test_gemm_default_matrix_bias/model.onnx | npuc opt | FileCheck %s --check-prefix=GEMM
// GEMM: "onnx.Gemm"(%arg0, %arg1, %arg2) : (tensor<3x6xf32>, tensor<6x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>

// RUN: npuc import %onnx_testdata/test_clip/model.onnx | npuc opt | FileCheck %s --check-prefix=CLIP
// CLIP: "onnx.Clip"(%arg0, %arg1, %arg2) <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (tensor<3x4x5xf32>, tensor<f32>, tensor<f32>) -> tensor<3x4x5xf32>

// RUN: npuc import %onnx_testdata/test_concat_2d_axis_0/model.onnx | npuc opt | FileCheck %s --check-prefix=CONCAT
// CONCAT: "onnx.Concat"(%arg0, %arg1) <{axis = 0 : i64}> : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<4x2xf32>

// RUN: npuc import %onnx_testdata/test_reshape_reordered_all_dims/model.onnx | npuc opt | FileCheck %s --check-prefix=RESHAPE
// RESHAPE: "onnx.Reshape"(%arg0, %arg1) : (tensor<2x3x4xf32>, tensor<3xi64>) -> tensor<4x2x3xf32>

// RUN: npuc import %onnx_testdata/test_softmax_axis_1/model.onnx | npuc opt | FileCheck %s --check-prefix=SOFTMAX
// SOFTMAX: "onnx.Softmax"(%arg0) <{axis = 1 : i64}> : (tensor<3x4x5xf32>) -> tensor<3x4x5xf32>

// Node locations survive printing and parsing (unnamed nodes: the output name).
// RUN: npuc import %onnx_testdata/test_relu/model.onnx --print-debuginfo | npuc opt --print-debuginfo | FileCheck %s --check-prefix=RELU
// RELU: "onnx.Relu"(%arg0) : (tensor<3x4x5xf32>) -> tensor<3x4x5xf32> loc("y")

// -o writes the file; canonicalize and cse run on the imported module.
// RUN: npuc import %onnx_testdata/test_relu/model.onnx -o %t.mlir
// RUN: npuc opt %t.mlir -p canonicalize,cse | FileCheck %s --check-prefix=RELU-O
// RELU-O: "onnx.Relu"(%arg0) : (tensor<3x4x5xf32>) -> tensor<3x4x5xf32>
