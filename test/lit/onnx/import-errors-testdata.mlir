// REQUIRES: onnx-testdata
// `npuc import` errors on real models: bad --input-shape, an opset too old, an
// operator npuc does not import.

// RUN: not npuc import %onnx_testdata/test_relu/model.onnx --input-shape nope=1x2 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: test_relu/model.onnx: error: --input-shape names 'nope', which is not a graph input (inputs: 'x')

// RUN: not npuc import %onnx_testdata/test_relu/model.onnx --input-shape x 2>&1 | FileCheck %s --check-prefix=USAGE
// USAGE: npuc: error: invalid --input-shape: expected NAME=DIMS (e.g. input=1x3x224x224), got 'x'

// Opset 8 is older than the importer reads.
// RUN: not npuc import %onnx_testdata/test_convtranspose_with_kernel/model.onnx 2>&1 | FileCheck %s --check-prefix=OPSET
// OPSET: test_convtranspose_with_kernel/model.onnx: error: unsupported ai.onnx opset version 8 (supported: 10 to 21)

// An operator npuc does not import.
// RUN: not npuc import %onnx_testdata/test_nonmaxsuppression_center_point_box_format/model.onnx 2>&1 | FileCheck %s --check-prefix=NOOP
// NOOP: model.onnx: node #0 (NonMaxSuppression): error: unsupported operator 'NonMaxSuppression' (domain 'ai.onnx', opset {{[0-9]+}})
