// `npuc run` errors: `origin: error: message`, exit 1 (exit 2 for malformed
// flags), never a stack trace, and no output file after a failure.

// RUN: not npuc run %s 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: errors.mlir: error: missing inputs for @main: 'a' (tensor<2x3xi32>), 'arg1' (tensor<1x3xi32>); give each with --input NAME=FILE
// MISSING-NOT: at {{.*}}.js

// RUN: not npuc run %s -i a=%S/Inputs/a.npy -i arg1=%S/Inputs/b.npy -i c=%S/Inputs/b.npy 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: errors.mlir: error: @main has no input 'c' (inputs: 'a', 'arg1')

// RUN: not npuc run %s -i a=%S/Inputs/a-2x4.npy -i arg1=%S/Inputs/b.npy 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: a-2x4.npy: error: input 'a' has shape [2, 4], expected tensor<2x3xi32> (shape [2, 3])

// RUN: not npuc run %s -i a=%S/Inputs/a-f32.npy -i arg1=%S/Inputs/b.npy 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: a-f32.npy: error: input 'a' has element type f32, expected i32 (argument type tensor<2x3xi32>)

// RUN: not npuc run %s -i a=%S/Inputs/corrupt.npy -i arg1=%S/Inputs/b.npy 2>&1 | FileCheck %s --check-prefix=BADNPY
// BADNPY: corrupt.npy: error: invalid .npy file: not a .npy file (bad magic)

// RUN: not npuc run %s -i a=%S/Inputs/a.npy -i arg1=%S/Inputs/corrupt.pb 2>&1 | FileCheck %s --check-prefix=BADPB
// BADPB: corrupt.pb: error: invalid TensorProto file: not a TensorProto: {{.+}}

// RUN: not npuc run %s -i a=%t.nope.npy -i arg1=%S/Inputs/b.npy 2>&1 | FileCheck %s --check-prefix=NOFILE
// NOFILE: nope.npy: error: cannot read '{{.*}}nope.npy': no such file

// RUN: not npuc run %s --function nope 2>&1 | FileCheck %s --check-prefix=NOFN
// NOFN: errors.mlir: error: function @nope not found (functions: @main)

// RUN: rm -rf %t.out && not npuc run %S/Inputs/opaque.mlir --allow-unregistered-dialect -i 0=%S/Inputs/a.npy -d %t.out 2>&1 | FileCheck %s --check-prefix=NOEVAL
// NOEVAL: error: 'foo.bar' has no reference semantics to evaluate
// RUN: not ls %t.out

// RUN: not npuc run %s -i a 2>&1 | FileCheck %s --check-prefix=USAGE
// USAGE: npuc: error: invalid --input 'a': expected NAME=FILE

func.func @main(%a: tensor<2x3xi32> {onnx.name = "a"}, %b: tensor<1x3xi32>) -> tensor<2x3xi32> {
  %0 = tosa.add %a, %b : (tensor<2x3xi32>, tensor<1x3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}
