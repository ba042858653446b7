// RUN: npuc opt %s -p dce --split-input-file --allow-unregistered-dialect | FileCheck %s

// Chains of unused pure ops go in one run; nothing is folded.
// CHECK-LABEL: func.func @chain(%arg0: i32) -> i32 {
// CHECK-NEXT:    %[[C0:.*]] = arith.constant 0 : i32
// CHECK-NEXT:    %[[A:.*]] = arith.addi %arg0, %[[C0]] : i32
// CHECK-NEXT:    return %[[A]] : i32
// CHECK-NEXT:  }
func.func @chain(%x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c5 = arith.constant 5 : i32
  %a = arith.addi %x, %c0 : i32
  %b = arith.muli %x, %c5 : i32
  %c = arith.subi %b, %a : i32
  %d = arith.addi %c, %c : i32
  return %a : i32
}

// -----

// Calls and unregistered ops may have side effects: kept even when unused,
// and so are the values they use.
// CHECK-LABEL: func.func @side_effects(%arg0: i32) {
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    %[[A:.*]] = arith.addi %arg0, %[[C1]] : i32
// CHECK-NEXT:    %{{.*}} = call @callee(%[[A]]) : (i32) -> i32
// CHECK-NEXT:    %[[M:.*]] = arith.muli %arg0, %arg0 : i32
// CHECK-NEXT:    "foo.sink"(%[[M]]) : (i32) -> ()
// CHECK-NEXT:    return
// CHECK-NEXT:  }
// CHECK-LABEL: func.func private @callee(i32) -> i32
func.func @side_effects(%x: i32) {
  %c1 = arith.constant 1 : i32
  %a = arith.addi %x, %c1 : i32
  %r = func.call @callee(%a) : (i32) -> i32
  %m = arith.muli %x, %x : i32
  "foo.sink"(%m) : (i32) -> ()
  %unused = arith.muli %m, %m : i32
  return
}
func.func private @callee(i32) -> i32

// -----

// Dead ops inside regions of other ops are erased too; the region op stays.
// CHECK-LABEL: func.func @nested(%arg0: i32) {
// CHECK-NEXT:    "foo.region"() ({
// CHECK-NEXT:      "foo.yield"() : () -> ()
// CHECK-NEXT:    }) : () -> ()
// CHECK-NEXT:    return
func.func @nested(%x: i32) {
  "foo.region"() ({
    %c = arith.constant 3 : i32
    %a = arith.addi %x, %c : i32
    "foo.yield"() : () -> ()
  }) : () -> ()
  return
}

// -----

// dce does not remove functions, even private unused ones.
// CHECK-LABEL: func.func private @unused_private() {
// CHECK-NEXT:    return
func.func private @unused_private() {
  return
}
