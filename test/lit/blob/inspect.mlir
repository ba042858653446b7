// `npuc inspect`: the manifest, each NPU segment's disassembly with the
// debug location of each operation, each CPU segment's tosa; --cost adds the
// cost model's table; --json the same as data.

// RUN: rm -rf %t && mkdir %t
// RUN: npuc compile %S/Inputs/conv-relu.mlir --target ethos-u55 -o %t/m.npub
// RUN: npuc inspect %t/m.npub | FileCheck %s
// CHECK:      sections (4):
// CHECK-NEXT:   #  name                kind            offset  size
// CHECK-NEXT:   0  main_cpu0.tosa      TOSA_TEXT
// CHECK-NEXT:   1  main_npu1.commands  COMMAND_STREAM
// CHECK-NEXT:   2  main_npu1.region0   REGION_DATA
// CHECK-NEXT:   3  main_cpu2.tosa      TOSA_TEXT
// CHECK:      tensors (4):
// CHECK-NEXT:   #  name         dtype  shape         quantization  placement      graph
// CHECK-NEXT:   0  x            i8     [1, 2, 4, 4]  -             host           input
// CHECK-NEXT:   1  main_cpu0.0  i8     [1, 4, 4, 2]  -             region 1 + 0
// CHECK-NEXT:   2  main_npu1.0  i8     [1, 4, 4, 2]  -             region 1 + 32
// CHECK-NEXT:   3  y            i8     [1, 2, 4, 4]  -             host           output
// CHECK:        #1 main_npu1 (npu)
// CHECK-NEXT:     inputs:  #1 'main_cpu0.0' @ region 1 + 0 NHWC strides [32, 8, 2, 1]
// CHECK-NEXT:     outputs: #2 'main_npu1.0' @ region 1 + 32 NHWC strides [32, 8, 2, 1]
// CHECK-NEXT:     region 0: coefficients, {{[0-9]+}} bytes, initialized from the blob
// CHECK-NEXT:     region 1: io, 64 bytes, zeroed
// CHECK-NEXT:     region 2: scratch, {{[0-9]+}} bytes, zeroed
// CHECK-NEXT:     command stream: {{[0-9]+}} bytes, 1 operation
// CHECK:      segment main_cpu0 (cpu): tosa, run by the reference evaluator
// CHECK:        tosa.transpose %arg0 {perms = array<i32: 0, 2, 3, 1>}
// CHECK:      segment main_npu1 (npu, ethos-u55): 1 operation, {{[0-9]+}} bytes of commands
// CHECK:      NPU_OP_CONV
// CHECK-NEXT: ; op 0: CONV ifm 1x4x4x2 s8 -> ofm 1x4x4x2 s8, kernel 1x1 stride 1x1  at loc("conv1")
// CHECK-NEXT: NPU_OP_STOP
// CHECK:      segment main_cpu2 (cpu)
// CHECK-NOT:  cost (

// 1x4x4x2 outputs, a 1x1 kernel over 2 channels: 64 MACs.
// RUN: npuc inspect %t/m.npub --cost --segment main_npu1 | FileCheck %s --check-prefix=COST
// COST:      segment main_npu1 (npu, ethos-u55)
// COST:      cost (ethos-u55-128, 500 MHz{{.*}}):
// COST-NEXT:   #  kind  location      MACs  compute  memory  total cycles  bytes
// COST-NEXT:   0  CONV  loc("conv1")    64
// COST-NEXT:      total                 64
// COST-NEXT:   estimated {{[0-9.e-]+}} ms at 500 MHz
// COST:      total over 1 NPU segment: {{[0-9]+}} cycles, estimated {{[0-9.e-]+}} ms at 500 MHz (CPU segments not counted)
// COST-NOT:  segment main_cpu

// RUN: npuc inspect %t/m.npub --json --cost | FileCheck %s --check-prefix=JSON
// JSON:      "formatVersion": 1,
// JSON:      "target": "ethos-u55",
// JSON:      "options": {
// JSON-NEXT:   "cpu-fallback": "true",
// JSON-NEXT:   "target": "ethos-u55"
// JSON:      "name": "main_npu1",
// JSON-NEXT: "kind": "npu",
// JSON:      "locations": [
// JSON-NEXT:   "loc(\"conv1\")"
// JSON:      "disassembly": {
// JSON:      "name": "NPU_OP_CONV",
// JSON:      "cost": {
// JSON:      "macs": 64,
// JSON:      "totalCost": {

// RUN: not npuc inspect %t/m.npub --segment nope 2>&1 | FileCheck %s --check-prefix=NOSEG
// NOSEG: m.npub: error: no segment 'nope' (segments: main_cpu0, main_npu1, main_cpu2)
// RUN: not npuc inspect %S/Inputs/conv-relu.mlir 2>&1 | FileCheck %s --check-prefix=NOTBLOB
// NOTBLOB: conv-relu.mlir: error: not a valid npuc blob: {{.+}}
