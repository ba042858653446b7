// RUN: npuc opt %s -p cse --split-input-file --allow-unregistered-dialect | FileCheck %s
// The same CHECK lines are run against upstream mlir-opt in cse-upstream.mlir.

// CHECK-LABEL: func.func @simple(%arg0: i32) -> (i32, i32) {
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    %[[A:.*]] = arith.addi %arg0, %[[C1]] : i32
// CHECK-NEXT:    %[[M:.*]] = arith.muli %[[A]], %[[A]] : i32
// CHECK-NEXT:    return %[[M]], %[[M]] : i32, i32
func.func @simple(%x: i32) -> (i32, i32) {
  %c1 = arith.constant 1 : i32
  %a = arith.addi %x, %c1 : i32
  %c1b = arith.constant 1 : i32
  %b = arith.addi %x, %c1b : i32
  // Equal once %b is replaced by %a.
  %m = arith.muli %a, %a : i32
  %n = arith.muli %b, %b : i32
  return %m, %n : i32, i32
}

// -----

// Operand order does not matter for commutative ops, nor does attribute
// order; operand order of subi, attribute values, overflow flags and types do.
// CHECK-LABEL: func.func @equivalence(%arg0: i32, %arg1: i32)
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    %[[C1L:.*]] = arith.constant 1 : i64
// CHECK-NEXT:    %[[A:.*]] = arith.addi %arg0, %arg1 : i32
// CHECK-NEXT:    %[[S1:.*]] = arith.subi %arg0, %arg1 : i32
// CHECK-NEXT:    %[[S2:.*]] = arith.subi %arg1, %arg0 : i32
// CHECK-NEXT:    %[[C:.*]] = arith.addi %arg0, %arg1 overflow<nsw> : i32
// CHECK-NEXT:    %[[D:.*]] = arith.addi %arg0, %arg0 {a = 1 : i32, b = 2 : i32} : i32
// CHECK-NEXT:    %[[F:.*]] = arith.addi %arg0, %arg0 {a = 1 : i32, b = 3 : i32} : i32
// CHECK-NEXT:    return %[[C1]], %[[C1L]], %[[A]], %[[A]], %[[S1]], %[[S2]], %[[C]], %[[D]], %[[D]], %[[F]] :
func.func @equivalence(%x: i32, %y: i32) -> (i32, i64, i32, i32, i32, i32, i32, i32, i32, i32) {
  %c1 = arith.constant 1 : i32
  %c1l = arith.constant 1 : i64
  %a = arith.addi %x, %y : i32
  %b = arith.addi %y, %x : i32
  %s1 = arith.subi %x, %y : i32
  %s2 = arith.subi %y, %x : i32
  %c = arith.addi %x, %y overflow<nsw> : i32
  %d = arith.addi %x, %x {a = 1 : i32, b = 2 : i32} : i32
  %e = arith.addi %x, %x {b = 2 : i32, a = 1 : i32} : i32
  %f = arith.addi %x, %x {a = 1 : i32, b = 3 : i32} : i32
  return %c1, %c1l, %a, %b, %s1, %s2, %c, %d, %e, %f : i32, i64, i32, i32, i32, i32, i32, i32, i32, i32
}

// -----

// Calls and unregistered ops may have side effects: never merged.
// CHECK-LABEL: func.func @side_effects(%arg0: i32) -> (i32, i32, i32, i32) {
// CHECK-NEXT:    %[[A:.*]] = call @callee(%arg0) : (i32) -> i32
// CHECK-NEXT:    %[[B:.*]] = call @callee(%arg0) : (i32) -> i32
// CHECK-NEXT:    %[[C:.*]] = "foo.op"(%arg0) : (i32) -> i32
// CHECK-NEXT:    %[[D:.*]] = "foo.op"(%arg0) : (i32) -> i32
// CHECK-NEXT:    return %[[A]], %[[B]], %[[C]], %[[D]] :
func.func @side_effects(%x: i32) -> (i32, i32, i32, i32) {
  %a = func.call @callee(%x) : (i32) -> i32
  %b = func.call @callee(%x) : (i32) -> i32
  %c = "foo.op"(%x) : (i32) -> i32
  %d = "foo.op"(%x) : (i32) -> i32
  return %a, %b, %c, %d : i32, i32, i32, i32
}
func.func private @callee(i32) -> i32

// -----

// Functions are isolated from above: each keeps its own constant.
// CHECK-LABEL: func.func @isolated_a() -> i32 {
// CHECK-NEXT:    %[[C:.*]] = arith.constant 42 : i32
// CHECK-NEXT:    return %[[C]] : i32
// CHECK-LABEL: func.func @isolated_b() -> i32 {
// CHECK-NEXT:    %[[C:.*]] = arith.constant 42 : i32
// CHECK-NEXT:    return %[[C]] : i32
func.func @isolated_a() -> i32 {
  %c = arith.constant 42 : i32
  return %c : i32
}
func.func @isolated_b() -> i32 {
  %c = arith.constant 42 : i32
  return %c : i32
}

// -----

// Sibling regions do not see each other's values, and the regions of an
// unregistered op (which might be isolated from above) do not reuse values
// from outside it.
// CHECK-LABEL: func.func @regions(%arg0: i32) -> i32 {
// CHECK-NEXT:    %[[OUT:.*]] = arith.addi %arg0, %arg0 : i32
// CHECK-NEXT:    %[[R:.*]] = "foo.two_regions"() ({
// CHECK-NEXT:      %[[IN1:.*]] = arith.addi %arg0, %arg0 : i32
// CHECK-NEXT:      "foo.yield"(%[[IN1]], %[[IN1]]) : (i32, i32) -> ()
// CHECK-NEXT:    }, {
// CHECK-NEXT:      %[[IN2:.*]] = arith.addi %arg0, %arg0 : i32
// CHECK-NEXT:      "foo.yield"(%[[IN2]]) : (i32) -> ()
// CHECK-NEXT:    }) : () -> i32
// CHECK-NEXT:    %[[S:.*]] = arith.addi %[[OUT]], %[[R]] : i32
// CHECK-NEXT:    return %[[S]] : i32
func.func @regions(%x: i32) -> i32 {
  %out = arith.addi %x, %x : i32
  %r = "foo.two_regions"() ({
    %in1 = arith.addi %x, %x : i32
    %in1b = arith.addi %x, %x : i32
    "foo.yield"(%in1, %in1b) : (i32, i32) -> ()
  }, {
    %in2 = arith.addi %x, %x : i32
    "foo.yield"(%in2) : (i32) -> ()
  }) : () -> i32
  %s = arith.addi %out, %r : i32
  return %s : i32
}

// -----

// Ops that are already dead when visited are erased (as upstream's CSE does);
// an op that only becomes dead later in the walk stays.
// CHECK-LABEL: func.func @dead(%arg0: i32) -> i32 {
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    %{{.*}} = arith.addi %arg0, %[[C1]] : i32
// CHECK-NEXT:    return %arg0 : i32
func.func @dead(%x: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %a = arith.addi %x, %c1 : i32
  %b = arith.muli %a, %a : i32
  %c9 = arith.constant 9 : i32
  return %x : i32
}
