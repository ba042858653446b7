// `npuc run model.npub`: inputs bound by tensor name, outputs printed or
// written as .npy; the blob computes what the target-legal tosa module
// computes (DOUBLE_ROUND requantization on ethos-u55: not what the imported
// module, with ONNX's SINGLE_ROUND, computes on ties).

// RUN: rm -rf %t && mkdir %t
// RUN: npuc compile %S/Inputs/conv-relu.mlir --target ethos-u55 -o %t/m.npub
// RUN: npuc run %S/Inputs/tensors.mlir -d %t/t
// RUN: npuc golden %S/Inputs/conv-relu.mlir --target ethos-u55 --seed 5 -o %t/g

// RUN: npuc run %t/m.npub --input x=%t/g/inputs/0/x.npy > %t/blob.txt
// RUN: FileCheck %s --check-prefix=PRINT < %t/blob.txt
// PRINT: y: tensor<1x2x4x4xi8> = [{{[-0-9, ]+}}, ... (32 values)]
// RUN: npuc compile %S/Inputs/conv-relu.mlir --target ethos-u55 -o %t/legal.mlir
// RUN: npuc run %t/legal.mlir -i x=%t/g/inputs/0/x.npy > %t/tosa.txt
// RUN: diff %t/blob.txt %t/tosa.txt

// RUN: npuc run %t/m.npub -i x=%t/g/inputs/0/x.npy --output-dir %t/out
// RUN: cmp %t/out/y.npy %t/g/expected/0/y.npy

// Errors: file: error: ..., exit 1, no output directory.
// RUN: not npuc run %t/t/y_wrong.npy -i x=%t/g/inputs/0/x.npy 2>&1 | FileCheck %s --check-prefix=NOTMLIR
// NOTMLIR: y_wrong.npy:1:1: error:
// RUN: cp %t/t/y_wrong.npy %t/fake.npub
// RUN: not npuc run %t/fake.npub -i x=%t/g/inputs/0/x.npy -d %t/bad 2>&1 | FileCheck %s --check-prefix=NOTBLOB
// NOTBLOB: fake.npub: error: not a valid npuc blob: {{.+}}
// RUN: not npuc run %t/m.npub -i x=%t/t/x_2x4.npy -d %t/bad 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: x_2x4.npy: error: input 'x' has shape [1, 2, 4], expected [1, 2, 4, 4] (i8)
// RUN: not npuc run %t/m.npub -i x=%t/t/x_f32.npy -d %t/bad 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: x_f32.npy: error: input 'x' has element type f32, expected i8 (shape [1, 2, 4, 4])
// RUN: not npuc run %t/m.npub -d %t/bad 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: m.npub: error: missing input: 'x' (i8 [1, 2, 4, 4]); give each with --input NAME=FILE
// RUN: not npuc run %t/m.npub -i x=%t/g/inputs/0/x.npy -i w=%t/g/inputs/0/x.npy -d %t/bad 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: m.npub: error: the blob has no input 'w' (inputs: 'x' (i8 [1, 2, 4, 4]))
// RUN: not ls %t/bad
// RUN: not npuc run %t/m.npub -i x=%t/g/inputs/0/x.npy -f main 2>&1 | FileCheck %s --check-prefix=USAGE
// USAGE: npuc: error: --function does not apply to a blob ({{.*}}m.npub)
