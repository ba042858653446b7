// `npuc golden` and `npuc check`: the golden directory of the bundled
// example model (examples/make-example-model.ts), checked by re-running the
// blob and against device outputs; a modified directory and ill-shaped
// device outputs are errors.

// RUN: rm -rf %t && mkdir %t
// RUN: node %S/../../../dist/examples/make-example-model.js %t/example.onnx | FileCheck %s --check-prefix=MODEL
// MODEL: example.onnx: npuc_example, {{[0-9]+}} bytes, 3 convolutions; inputs input float32 [1, 3, 16, 16]; outputs output float32 [1, 4, 8, 8]

// RUN: npuc golden %t/example.onnx --target ethos-u55 --count 2 -o %t/g | FileCheck %s --check-prefix=GOLDEN
// GOLDEN: g: model.npub for ethos-u55 ({{[0-9]+}} bytes, sha256 {{[0-9a-f]+}}), 2 input sets, expected outputs verified against the target-legal tosa evaluation
// RUN: FileCheck %s --check-prefix=JSON < %t/g/golden.json
// JSON:      "format": "npuc-golden",
// JSON-NEXT: "formatVersion": 1,
// JSON:      "target": "ethos-u55",
// JSON-NEXT: "model": "example.onnx",
// JSON:      "file": "inputs/0/input.npy",
// JSON-NEXT: "dtype": "f32",
// JSON-NEXT: "shape": [1, 3, 16, 16],
// JSON:      "file": "expected/1/output.npy",
// JSON-NEXT: "dtype": "f32",
// JSON-NEXT: "shape": [1, 4, 8, 8],

// The same seed gives the same directory.
// RUN: npuc golden %t/example.onnx --target ethos-u55 --count 2 -o %t/g2
// RUN: cmp %t/g/golden.json %t/g2/golden.json

// RUN: npuc check %t/g --junit %t/report.xml | FileCheck %s --check-prefix=CHECK
// CHECK:      g: example.onnx for ethos-u55, 2 input sets, outputs recomputed by npuc from the blob, tolerance 0 LSB
// CHECK-NEXT: set  output  elements  mismatches  max |error| (LSB)  result
// CHECK-NEXT: 0    output       256           0                  0  PASS
// CHECK-NEXT: 1    output       256           0                  0  PASS
// CHECK-NEXT: PASS: 2 of 2 output tensors match
// RUN: FileCheck %s --check-prefix=JUNIT < %t/report.xml
// JUNIT:      <?xml version="1.0" encoding="UTF-8"?>
// JUNIT-NEXT: <testsuites name="npuc check {{.*}}g" tests="2" failures="0" errors="0" time="0">
// JUNIT-NEXT:   <testsuite name="example.onnx (ethos-u55) input set 0" tests="1" failures="0"
// JUNIT:          <testcase name="output" classname="npuc.check.ethos-u55.set0" time="0"/>
// JUNIT:        <testsuite name="example.onnx (ethos-u55) input set 1" tests="1" failures="0"
// JUNIT-NOT:  <failure

// Device outputs: the expected ones pass; set 1 swapped for set 0's fails.
// RUN: mkdir -p %t/dev/0 %t/dev/1
// RUN: cp %t/g/expected/0/output.npy %t/dev/0/output.npy
// RUN: cp %t/g/expected/1/output.npy %t/dev/1/output.npy
// RUN: npuc check %t/g --outputs %t/dev --json | FileCheck %s --check-prefix=DEVJSON
// DEVJSON: "source": "device",
// DEVJSON: "pass": true,
// RUN: cp %t/g/expected/0/output.npy %t/dev/1/output.npy
// RUN: not npuc check %t/g --outputs %t/dev --junit %t/report.xml | FileCheck %s --check-prefix=DEVFAIL
// DEVFAIL:      0    output       256           0                  0  PASS
// DEVFAIL-NEXT: 1    output       256  {{ *[1-9][0-9]*}}  {{ *[0-9.]+}}  FAIL
// DEVFAIL-NEXT: FAIL: 1 of 2 output tensors do not match
// RUN: FileCheck %s --check-prefix=JFAIL < %t/report.xml
// JFAIL: tests="2" failures="1"
// JFAIL: <testcase name="output" classname="npuc.check.ethos-u55.set1" time="0">
// JFAIL-NEXT: <failure type="mismatch" message="{{[0-9]+}} of 256 elements differ by more than 0 LSB (max |error| {{[0-9.]+}} LSB)">output 'output' of input set 1

// A device output of the wrong shape.
// RUN: npuc run %S/Inputs/tensors.mlir -d %t/t
// RUN: cp %t/t/x_f32.npy %t/dev/1/output.npy
// RUN: not npuc check %t/g --outputs %t/dev 2>&1 | FileCheck %s --check-prefix=DEVSHAPE
// DEVSHAPE: output.npy: error: output 'output' has shape [1, 2, 4, 4], expected [1, 4, 8, 8] (f32)

// A modified golden directory.
// RUN: cp %t/g/inputs/0/input.npy %t/g/inputs/1/input.npy
// RUN: not npuc check %t/g 2>&1 | FileCheck %s --check-prefix=TAMPER
// TAMPER: g/inputs/1/input.npy: error: SHA-256 mismatch: golden.json records {{[0-9a-f]+}}, the file has {{[0-9a-f]+}} (the golden directory was modified)
// RUN: not npuc check %t/nothing 2>&1 | FileCheck %s --check-prefix=NODIR
// NODIR: nothing: error: not a golden directory: no golden.json (make one with npuc golden)

// A failing golden run leaves nothing behind.
// RUN: not npuc golden %t/example.onnx --target ethos-u55 --inputs %t/t -o %t/g3 2>&1 | FileCheck %s --check-prefix=BADINPUTS
// BADINPUTS: error: missing input file 'input.npy' for input 'input' (f32 [1, 3, 16, 16])
// RUN: not ls %t/g3
