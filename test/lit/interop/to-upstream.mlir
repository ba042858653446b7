// REQUIRES: mlir-opt
// npuc's output, pretty and generic, parses and verifies in upstream mlir-opt
// and means the same module there.
// RUN: npuc opt %s --allow-unregistered-dialect | %mlir-opt --allow-unregistered-dialect | FileCheck %s
// RUN: npuc opt %s --allow-unregistered-dialect --print-op-generic | %mlir-opt --allow-unregistered-dialect | FileCheck %s
// RUN: npuc opt %s --allow-unregistered-dialect --print-op-generic --print-debuginfo | %mlir-opt --allow-unregistered-dialect --mlir-print-debuginfo --mlir-print-local-scope | FileCheck %s --check-prefix=LOC
// Upstream reports nothing at all on npuc's output (there are no expected-*
// annotations here, so any diagnostic fails the run):
// RUN: npuc opt %s --allow-unregistered-dialect --print-op-generic --print-debuginfo | %mlir-opt --allow-unregistered-dialect --verify-diagnostics
// RUN: npuc opt %s --allow-unregistered-dialect -p canonicalize,cse | %mlir-opt --allow-unregistered-dialect --verify-diagnostics | FileCheck %s --check-prefix=OPT
// RUN: %mlir-opt %s --allow-unregistered-dialect --canonicalize --cse | FileCheck %s --check-prefix=OPT

// CHECK-LABEL: module @m attributes {npuc.version = 1 : i64} {
// CHECK-NEXT:    func.func @main(%arg0: tensor<?x8xi8>, %arg1: tensor<*xf32>, %arg2: tensor<4x!quant.uniform<i8<-127:127>:f32:0, {1.000000e-01,2.000000e-01:-1,3.000000e-01,4.000000e-01:5}>>) -> (i32, tensor<2xf32>) {
// CHECK-NEXT:      %[[C3:.*]] = arith.constant 3 : i32
// CHECK-NEXT:      %[[C4:.*]] = arith.constant 4 : i32
// CHECK-NEXT:      %[[C7:.*]] = arith.addi %[[C3]], %[[C4]] : i32
// CHECK-NEXT:      %[[D:.*]] = arith.constant dense<[2.500000e-01, -1.000000e+00]> : tensor<2xf32>
// CHECK-NEXT:      %[[R:.*]] = arith.constant dense_resource<weights.0> : tensor<2xi16>
// CHECK-NEXT:      %[[U:.*]]:2 = "npu.conv"(%arg0, %[[R]]) <{pad = array<i64: 0, 1>}> ({
// CHECK-NEXT:      ^bb0(%[[X:.*]]: i32, %[[Y:.*]]: i32):
// CHECK-NEXT:        %[[S:.*]] = arith.addi %[[X]], %[[Y]] : i32
// CHECK-NEXT:        "npu.yield"(%[[S]]) : (i32) -> ()
// CHECK-NEXT:      }) {npuc.meta = {a = [1 : i8, 2.000000e+00 : f16], b = @main}, "odd key" = "tab\09quote\22"} : (tensor<?x8xi8>, tensor<2xi16>) -> (i32, tensor<1x!npu.buffer<"x">>)
// CHECK-NEXT:      %[[V:.*]] = call @helper(%[[U]]#0) : (i32) -> i32
// CHECK-NEXT:      %[[W:.*]] = arith.muli %[[C7]], %[[V]] : i32
// CHECK-NEXT:      return %[[W]], %[[D]] : i32, tensor<2xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    func.func private @helper(%arg0: i32) -> i32 {
// CHECK-NEXT:      return %arg0 : i32
// CHECK-NEXT:    }
// CHECK-NEXT:    func.func private @unused(i32 {npuc.arg}) -> (i32 {npuc.res})
// CHECK-NEXT:  }
// CHECK:       dialect_resources: {
// CHECK-NEXT:    builtin: {
// CHECK-NEXT:      weights.0: "0x020000000100FFFF"

// LOC:  func.func @main({{.*}} loc("{{.*}}to-upstream.mlir":[[#@LINE+27]]:19)
// LOC:  arith.addi {{.*}} loc("seven")
// LOC:  }) {npuc.meta{{.*}} loc(fused["{{.*}}to-upstream.mlir":[[#@LINE+31]]:13, "conv"])
// LOC:  call @helper{{.*}} loc(callsite("helper" at "{{.*}}to-upstream.mlir":[[#@LINE+24]]:3))
// LOC:  } loc("{{.*}}to-upstream.mlir":[[#@LINE+23]]:3)

// Canonicalized and CSE'd, by npuc and read back by upstream, and by
// upstream itself.
// OPT-LABEL: func.func @main(
// OPT-NEXT:    %[[R:.*]] = arith.constant dense_resource<weights.0> : tensor<2xi16>
// OPT-NEXT:    %[[D:.*]] = arith.constant dense<[2.500000e-01, -1.000000e+00]> : tensor<2xf32>
// OPT-NEXT:    %[[C7:.*]] = arith.constant 7 : i32
// OPT-NEXT:    %[[U:.*]]:2 = "npu.conv"(%arg0, %[[R]])
// OPT-NEXT:    ^bb0(
// OPT-NEXT:      arith.addi
// OPT-NEXT:      "npu.yield"
// OPT-NEXT:    })
// OPT-NEXT:    %[[V:.*]] = call @helper(%[[U]]#0) : (i32) -> i32
// OPT-NEXT:    %[[W:.*]] = arith.muli %[[V]], %[[C7]] : i32
// OPT-NEXT:    return %[[W]], %[[D]] : i32, tensor<2xf32>
// OPT-NEXT:  }
// OPT-NEXT:  func.func private @helper(

!qt = !quant.uniform<i8<-127:127>:f32:0, {0.1, 0.2:-1, 0.3, 0.4:5}>
#fn = loc("to-upstream.mlir":65:3)
#conv = loc("to-upstream.mlir":71:13)
module @m attributes {npuc.version = 1 : i64} {
  func.func @main(%a: tensor<?x8xi8>, %b: tensor<*xf32>, %q: tensor<4x!qt>) -> (i32, tensor<2xf32>) {
    %c3 = arith.constant 3 : i32
    %c4 = arith.constant 4 : i32
    %c7 = arith.addi %c3, %c4 : i32 loc("seven")
    %d = arith.constant dense<[0.25, -1.0]> : tensor<2xf32>
    %r = arith.constant dense_resource<"weights.0"> : tensor<2xi16>
    %u:2 = "npu.conv"(%a, %r) <{pad = array<i64: 0, 1>}> ({
    ^bb0(%x: i32, %y: i32):
      %s = arith.addi %x, %y : i32
      "npu.yield"(%s) : (i32) -> ()
    }) {npuc.meta = {b = @main, a = [1 : i8, 2.0 : f16]}, "odd key" = "tab\tquote\""} : (tensor<?x8xi8>, tensor<2xi16>) -> (i32, tensor<1x!npu.buffer<"x">>) loc(fused[#conv, "conv"])
    %v = func.call @helper(%u#0) : (i32) -> i32 loc(callsite("helper" at #fn))
    %w = arith.muli %c7, %v : i32
    return %w, %d : i32, tensor<2xf32>
  } loc(#late)
  func.func private @helper(%x: i32) -> i32 {
    return %x : i32
  }
  func.func private @unused(i32 {npuc.arg}) -> (i32 {npuc.res})
}
// A location alias may be defined after its use.
#late = loc("to-upstream.mlir":65:3)

{-#
  dialect_resources: {
    builtin: {
      "weights.0": "0x020000000100FFFF"
    }
  }
#-}
