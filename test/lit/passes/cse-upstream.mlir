// REQUIRES: mlir-opt
// Upstream mlir-opt and npuc run cse on the same input (cse.mlir), checked by
// the same CHECK lines.
// RUN: npuc opt %S/cse.mlir -p cse --split-input-file --allow-unregistered-dialect | FileCheck %S/cse.mlir
// RUN: %mlir-opt %S/cse.mlir --cse --split-input-file --allow-unregistered-dialect | FileCheck %S/cse.mlir
// And the two passes in sequence on the bundled example, in both tools.
// RUN: npuc opt %s -p canonicalize,cse | FileCheck %s
// RUN: %mlir-opt %s --canonicalize --cse | FileCheck %s

// CHECK-LABEL: func.func @scale(%arg0: i32) -> i32 {
// CHECK-NEXT:    %[[C6:.*]] = arith.constant 6 : i32
// CHECK-NEXT:    %[[A:.*]] = arith.muli %arg0, %[[C6]] : i32
// CHECK-NEXT:    %[[S:.*]] = arith.addi %[[A]], %[[A]] : i32
// CHECK-NEXT:    %{{.*}} = call @helper(%arg0) : (i32) -> i32
// CHECK-NEXT:    return %[[S]] : i32
// CHECK-NEXT:  }
// CHECK-NEXT:  func.func private @helper(%arg0: i32) -> i32 {
// CHECK-NEXT:    return %arg0 : i32
// CHECK-NEXT:  }
// CHECK-NEXT:  func.func private @unused(%arg0: i32) -> i32 {
func.func @scale(%x: i32) -> i32 {
  %c2 = arith.constant 2 : i32
  %c3 = arith.constant 3 : i32
  %c0 = arith.constant 0 : i32
  %six = arith.muli %c2, %c3 : i32
  %a = arith.muli %x, %six : i32
  %b = arith.muli %x, %six : i32
  %sum = arith.addi %a, %b : i32
  %same = arith.addi %sum, %c0 : i32
  %dead = func.call @helper(%x) : (i32) -> i32
  return %same : i32
}

func.func private @helper(%x: i32) -> i32 {
  return %x : i32
}

func.func private @unused(%x: i32) -> i32 {
  return %x : i32
}
