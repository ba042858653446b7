// REQUIRES: mlir-opt
// Upstream's generic output, with every location, parses in npuc; npuc prints
// the same module back in pretty form, and its own generic output reads back
// in upstream unchanged.
// RUN: %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic --mlir-print-debuginfo %s | npuc opt --allow-unregistered-dialect | FileCheck %s
// RUN: %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic --mlir-print-debuginfo %s | npuc opt --allow-unregistered-dialect --print-debuginfo | FileCheck %s --check-prefix=LOC
// RUN: %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic --mlir-print-debuginfo %s | npuc opt --allow-unregistered-dialect --print-op-generic --print-debuginfo \
// RUN:   | %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic --mlir-print-debuginfo --mlir-print-local-scope > %t.via-npuc.mlir
// RUN: %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic --mlir-print-debuginfo --mlir-print-local-scope %s > %t.direct.mlir
// RUN: diff %t.direct.mlir %t.via-npuc.mlir

!quant = !quant.uniform<i8:f32, 0.5:-3>
#in = loc("input")

// CHECK-LABEL: module attributes {npuc.target = "test"} {
// CHECK-NEXT:  func.func @model(%arg0: tensor<1x4xi8>, %arg1: tensor<2x!quant.uniform<i8:f32, 5.000000e-01:-3>>) -> (tensor<1x4xi8>, i32) {
// CHECK-NEXT:    %[[C:.*]] = arith.constant dense<{{\[\[}}1, -2, 3, 127]]> : tensor<1x4xi8>
// CHECK-NEXT:    %[[HEX:.*]] = arith.constant dense<"0x00070E151C{{[0-9A-F]+}}6B7279"> : tensor<128xi8>
// CHECK-NEXT:    %[[RES:.*]] = arith.constant dense_resource<blob1> : tensor<4xi32>
// CHECK-NEXT:    %[[SPLAT:.*]] = arith.constant dense<1.500000e+00> : tensor<2x2xf32>
// CHECK-NEXT:    %[[F16:.*]] = arith.constant dense<[1.000000e+00, -2.500000e+00, 6.550400e+04]> : tensor<3xf16>
// CHECK-NEXT:    %[[Q:.*]] = "npu.quantize"(%[[C]]) {axis = 1 : i64, scales = [5.000000e-01 : f32, 2.500000e-01 : f32], tag = "a\22b\\c\0A\09\01"} : (tensor<1x4xi8>) -> tensor<1x4x!quant.uniform<i8:f32:1, {5.000000e-01:1,2.500000e-01}>>
// CHECK-NEXT:    %[[P:.*]]:2 = "npu.pair"(%[[Q]]) ({
// CHECK-NEXT:    ^bb0(%[[A:.*]]: i32):
// CHECK-NEXT:      "npu.yield"(%[[A]]) : (i32) -> ()
// CHECK-NEXT:    }) {dims = array<i64: 1, 2>, nested = {inner = {deep = [1, "x", unit]}}} : (tensor<1x4x!quant.uniform<i8:f32:1, {5.000000e-01:1,2.500000e-01}>>) -> (i32, f16)
// CHECK-NEXT:    %[[ONE:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    %[[K:.*]] = arith.addi %[[P]]#0, %[[ONE]] overflow<nsw> : i32
// CHECK-NEXT:    %{{.*}} = call @helper(%[[K]]) : (i32) -> i32
// CHECK-NEXT:    return %[[C]], %[[K]] : tensor<1x4xi8>, i32
// CHECK-NEXT:  }
// CHECK-NEXT:  func.func private @helper(i32) -> i32
// CHECK-NEXT: }
// CHECK:      {-#
// CHECK-NEXT:   dialect_resources: {
// CHECK-NEXT:     builtin: {
// CHECK-NEXT:       blob1: "0x040000000100000002000000030000000400000000"

// Locations survive: names, file positions, fused (with metadata) and
// call-site locations, block argument locations; aliases are resolved.
// LOC:      func.func @model(%arg0: tensor<1x4xi8> loc("input"), %arg1: {{.*}} loc("{{.*}}from-upstream.mlir":[[#@LINE+19]]:52)) -> (tensor<1x4xi8>, i32) {
// LOC-NEXT:   arith.constant dense<{{\[\[}}1, -2, 3, 127]]> : tensor<1x4xi8> loc("conv1"("model.onnx":12:3))
// LOC-NEXT:   arith.constant dense<"0x{{.*}}"> : tensor<128xi8> loc(fused["a.mlir":1:2, "b"])
// LOC-NEXT:   arith.constant dense_resource<blob1> : tensor<4xi32> loc(callsite("f" at "g.mlir":3:4))
// LOC-NEXT:   arith.constant dense<1.500000e+00> : tensor<2x2xf32> loc(fused<"meta">["x.mlir":5:6])
// LOC-NEXT:   arith.constant {{.*}} loc("{{.*}}from-upstream.mlir":[[#@LINE+19]]:10)
// LOC-NEXT:   "npu.quantize"{{.*}} loc("{{.*}}from-upstream.mlir":[[#@LINE+19]]:10)
// LOC-NEXT:   "npu.pair"
// LOC-NEXT:   ^bb0(%{{.*}}: i32 loc("{{.*}}from-upstream.mlir":[[#@LINE+19]]:10)):
// LOC-NEXT:     "npu.yield"{{.*}} loc(unknown)
// LOC-NEXT:   }) {{.*}} loc("pair")
// LOC:        return {{.*}} loc("{{.*}}from-upstream.mlir":[[#@LINE+22]]:5)
// LOC-NEXT: } loc("{{.*}}from-upstream.mlir":[[#@LINE+7]]:3)
// LOC-NEXT: func.func private @helper(i32) -> i32 loc("{{.*}}from-upstream.mlir":[[#@LINE+22]]:3)
// LOC-NEXT: } loc("{{.*}}from-upstream.mlir":[[#@LINE+4]]:1)
// LOC:      {-#
// LOC-NEXT:   dialect_resources: {

module attributes {npuc.target = "test"} {
  func.func @model(%arg0: tensor<1x4xi8> loc(#in), %arg1: tensor<2x!quant>) -> (tensor<1x4xi8>, i32) {
    %c = arith.constant dense<[[1, -2, 3, 127]]> : tensor<1x4xi8> loc("conv1"("model.onnx":12:3))
    %w = arith.constant dense<"0x00070E151C232A31383F464D545B626970777E858C939AA1A8AFB6BDC4CBD2D9E0E7EEF5FC030A11181F262D343B424950575E656C737A81888F969DA4ABB2B9C0C7CED5DCE3EAF1F8FF060D141B222930373E454C535A61686F767D848B9299A0A7AEB5BCC3CAD1D8DFE6EDF4FB020910171E252C333A41484F565D646B7279"> : tensor<128xi8> loc(fused["a.mlir":1:2, "b"])
    %r = arith.constant dense_resource<blob1> : tensor<4xi32> loc(callsite("f" at "g.mlir":3:4))
    %s = arith.constant dense<1.5> : tensor<2x2xf32> loc(fused<"meta">["x.mlir":5:6])
    %h = arith.constant dense<[1.0, -2.5, 65504.0]> : tensor<3xf16>
    %q = "npu.quantize"(%c) {axis = 1 : i64, scales = [5.000000e-01 : f32, 2.500000e-01 : f32], tag = "a\"b\\c\n\t\01"} : (tensor<1x4xi8>) -> tensor<1x4x!quant.uniform<i8:f32:1, {5.000000e-01:1,2.500000e-01}>>
    %u:2 = "npu.pair"(%q) ({
    ^bb0(%a: i32):
      "npu.yield"(%a) : (i32) -> () loc(unknown)
    }) {dims = array<i64: 1, 2>, nested = {inner = {deep = [1, "x", unit]}}} : (tensor<1x4x!quant.uniform<i8:f32:1, {5.000000e-01:1,2.500000e-01}>>) -> (i32, f16) loc("pair")
    %c1 = arith.constant 1 : i32
    %k = arith.addi %u#0, %c1 overflow<nsw> : i32
    %d = func.call @helper(%k) : (i32) -> i32
    return %c, %k : tensor<1x4xi8>, i32
  }
  func.func private @helper(i32) -> i32
}

{-#
  dialect_resources: {
    builtin: {
      blob1: "0x040000000100000002000000030000000400000000"
    }
  }
#-}
