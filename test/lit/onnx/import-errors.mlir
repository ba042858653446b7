// `npuc import` errors: `file: error: ...` or `file: node 'name' (Op): error: ...`,
// exit 1, never a stack trace.

// This file is not an ONNX model.
// RUN: not npuc import %s 2>&1 | FileCheck %s --check-prefix=NOTONNX
// NOTONNX: import-errors.mlir: error: not a valid ONNX model: {{.+}}
// NOTONNX-NOT: at {{.*}}.js

// RUN: not npuc import %t.does-not-exist.onnx 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: does-not-exist.onnx: error: cannot read '{{.*}}does-not-exist.onnx': no such file
