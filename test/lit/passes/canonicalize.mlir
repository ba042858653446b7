// RUN: npuc opt %s -p canonicalize --split-input-file --allow-unregistered-dialect | FileCheck %s
// The same CHECK lines are run against upstream mlir-opt in canonicalize-upstream.mlir.
// SSA names differ between the tools (%0 vs %c7_i32), so values are matched
// with FileCheck variables.

// CHECK-LABEL: func.func @fold_constants() -> i32 {
// CHECK-NEXT:    %[[C7:.*]] = arith.constant 7 : i32
// CHECK-NEXT:    return %[[C7]] : i32
// CHECK-NEXT:  }
func.func @fold_constants() -> i32 {
  %c2 = arith.constant 2 : i32
  %c3 = arith.constant 3 : i32
  %0 = arith.muli %c2, %c3 : i32
  %1 = arith.addi %0, %c3 : i32
  %2 = arith.subi %1, %c2 : i32
  return %2 : i32
}

// -----

// Folding wraps around in two's complement at the type's width; i1 and index too.
// CHECK-LABEL: func.func @wraparound()
// CHECK-NEXT:    %[[A:.*]] = arith.constant -56 : i8
// CHECK-NEXT:    %[[M:.*]] = arith.constant 16 : i8
// CHECK-NEXT:    %[[S:.*]] = arith.constant 127 : i8
// CHECK-NEXT:    %[[B:.*]] = arith.constant -5536 : i16
// CHECK-NEXT:    %[[C:.*]] = arith.constant -9223372036854775808 : i64
// CHECK-NEXT:    %[[D:.*]] = arith.constant 131073 : i32
// CHECK-NEXT:    %[[E:.*]] = arith.constant false
// CHECK-NEXT:    %[[F:.*]] = arith.constant -35 : index
// CHECK-NEXT:    return %[[A]], %[[M]], %[[S]], %[[B]], %[[C]], %[[D]], %[[E]], %[[F]] :
func.func @wraparound() -> (i8, i8, i8, i16, i64, i32, i1, index) {
  %c100 = arith.constant 100 : i8
  %a = arith.addi %c100, %c100 : i8           // 200 - 256
  %m = arith.muli %c100, %c100 : i8           // 10000 mod 256 = 16
  %min = arith.constant -128 : i8
  %one = arith.constant 1 : i8
  %s = arith.subi %min, %one : i8             // -129 + 256
  %c30000 = arith.constant 30000 : i16
  %b = arith.addi %c30000, %c30000 : i16      // 60000 - 65536
  %max = arith.constant 9223372036854775807 : i64
  %one64 = arith.constant 1 : i64
  %c = arith.addi %max, %one64 : i64          // INT64_MIN
  %big = arith.constant 65537 : i32
  %d = arith.muli %big, %big : i32            // 2^32 + 2^17 + 1 mod 2^32
  %t = arith.constant true
  %e = arith.addi %t, %t : i1                 // 1 + 1 mod 2
  %i5 = arith.constant 5 : index
  %i7 = arith.constant -7 : index
  %f = arith.muli %i5, %i7 : index
  return %a, %m, %s, %b, %c, %d, %e, %f : i8, i8, i8, i16, i64, i32, i1, index
}

// -----

// CHECK-LABEL: func.func @identities(%arg0: i32) -> (i32, i32, i32, i32, i32, i32) {
// CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-NEXT:    return %arg0, %arg0, %arg0, %arg0, %[[ZERO]], %[[ZERO]] :
func.func @identities(%x: i32) -> (i32, i32, i32, i32, i32, i32) {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %add0 = arith.addi %x, %c0 : i32
  %mul1 = arith.muli %x, %c1 : i32
  %sub0 = arith.subi %x, %c0 : i32
  %mul1l = arith.muli %c1, %x : i32
  %mul0 = arith.muli %x, %c0 : i32
  %subx = arith.subi %x, %x : i32
  return %add0, %mul1, %sub0, %mul1l, %mul0, %subx : i32, i32, i32, i32, i32, i32
}

// -----

// Commutative ops take their constant on the right; subi is not commutative.
// CHECK-LABEL: func.func @constant_to_rhs(%arg0: i16) -> (i16, i16, i16) {
// CHECK-NEXT:    %[[C5:.*]] = arith.constant 5 : i16
// CHECK-NEXT:    %[[ADD:.*]] = arith.addi %arg0, %[[C5]] : i16
// CHECK-NEXT:    %[[MUL:.*]] = arith.muli %arg0, %[[C5]] : i16
// CHECK-NEXT:    %[[SUB:.*]] = arith.subi %[[C5]], %arg0 : i16
// CHECK-NEXT:    return %[[ADD]], %[[MUL]], %[[SUB]] : i16, i16, i16
func.func @constant_to_rhs(%x: i16) -> (i16, i16, i16) {
  %c5 = arith.constant 5 : i16
  %a = arith.addi %c5, %x : i16
  %m = arith.muli %c5, %x : i16
  %s = arith.subi %c5, %x : i16
  return %a, %m, %s : i16, i16, i16
}

// -----

// (x + c1) + c2 -> x + (c1 + c2), also through chains and with wraparound.
// CHECK-LABEL: func.func @reassociate(%arg0: i8, %arg1: i8) -> (i8, i8, i8) {
// CHECK-DAG:     %[[C6:.*]] = arith.constant 6 : i8
// CHECK-DAG:     %[[CM56:.*]] = arith.constant -56 : i8
// CHECK-DAG:     %[[C24:.*]] = arith.constant 24 : i8
// CHECK:         %[[A:.*]] = arith.addi %arg0, %[[C6]] : i8
// CHECK-NEXT:    %[[B:.*]] = arith.addi %arg1, %[[CM56]] : i8
// CHECK-NEXT:    %[[M:.*]] = arith.muli %arg0, %[[C24]] : i8
// CHECK-NEXT:    return %[[A]], %[[B]], %[[M]] : i8, i8, i8
func.func @reassociate(%x: i8, %y: i8) -> (i8, i8, i8) {
  %c1 = arith.constant 1 : i8
  %c2 = arith.constant 2 : i8
  %c3 = arith.constant 3 : i8
  %c4 = arith.constant 4 : i8
  %c100 = arith.constant 100 : i8
  %a1 = arith.addi %x, %c1 : i8
  %a2 = arith.addi %c2, %a1 : i8
  %a3 = arith.addi %a2, %c3 : i8
  %b1 = arith.addi %y, %c100 : i8
  %b2 = arith.addi %b1, %c100 : i8
  %m1 = arith.muli %x, %c2 : i8
  %m2 = arith.muli %m1, %c3 : i8
  %m3 = arith.muli %m2, %c4 : i8
  return %a3, %b2, %m3 : i8, i8, i8
}

// -----

// The inner op stays when it has other uses; the outer one still reassociates.
// CHECK-LABEL: func.func @reassociate_shared(%arg0: i32) -> (i32, i32) {
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : i32
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : i32
// CHECK:         %[[IN:.*]] = arith.addi %arg0, %[[C1]] : i32
// CHECK-NEXT:    %[[OUT:.*]] = arith.addi %arg0, %[[C3]] : i32
// CHECK-NEXT:    return %[[IN]], %[[OUT]] : i32, i32
func.func @reassociate_shared(%x: i32) -> (i32, i32) {
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  %a = arith.addi %x, %c1 : i32
  %b = arith.addi %a, %c2 : i32
  return %a, %b : i32, i32
}

// -----

// Reassociation keeps only the overflow flags both ops carry.
// CHECK-LABEL: func.func @reassociate_flags(%arg0: i32) -> (i32, i32, i32) {
// CHECK:         arith.addi %arg0, %{{.*}} overflow<nsw> : i32
// CHECK-NEXT:    arith.muli %arg0, %{{.*}} overflow<nuw> : i32
// CHECK-NEXT:    arith.addi %arg0, %{{.*}} : i32
// CHECK-NEXT:    return
func.func @reassociate_flags(%x: i32) -> (i32, i32, i32) {
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  %a = arith.addi %x, %c1 overflow<nsw> : i32
  %b = arith.addi %a, %c2 overflow<nsw, nuw> : i32
  %m = arith.muli %x, %c2 overflow<nuw> : i32
  %n = arith.muli %m, %c2 overflow<nsw, nuw> : i32
  %p = arith.addi %x, %c1 overflow<nuw> : i32
  %q = arith.addi %p, %c2 overflow<nsw> : i32
  return %b, %n, %q : i32, i32, i32
}

// -----

// Equal constants are merged and constants move to the top of the function.
// CHECK-LABEL: func.func @constants_uniqued(%arg0: i32) -> (i32, i32) {
// CHECK-NEXT:    %[[C7:.*]] = arith.constant 7 : i32
// CHECK-NEXT:    %[[A:.*]] = arith.muli %arg0, %arg0 : i32
// CHECK-NEXT:    %[[B:.*]] = arith.subi %[[A]], %[[C7]] : i32
// CHECK-NEXT:    %[[C:.*]] = arith.muli %[[B]], %[[C7]] : i32
// CHECK-NEXT:    return %[[B]], %[[C]] : i32, i32
func.func @constants_uniqued(%x: i32) -> (i32, i32) {
  %a = arith.muli %x, %x : i32
  %c7 = arith.constant 7 : i32
  %b = arith.subi %a, %c7 : i32
  %c7b = arith.constant 7 : i32
  %c = arith.muli %c7b, %b : i32
  return %b, %c : i32, i32
}

// -----

// Unused pure ops are erased, whole chains of them.
// CHECK-LABEL: func.func @dead_code(%arg0: i64) -> i64 {
// CHECK-NEXT:    return %arg0 : i64
// CHECK-NEXT:  }
func.func @dead_code(%x: i64) -> i64 {
  %c9 = arith.constant 9 : i64
  %a = arith.muli %x, %x : i64
  %b = arith.addi %a, %c9 : i64
  %c = arith.subi %b, %x : i64
  return %x : i64
}

// -----

// Negative cases: nothing to fold.
// CHECK-LABEL: func.func @no_fold(%arg0: i32, %arg1: i32) -> (i32, i32, i32, i32) {
// CHECK-NEXT:    %[[C2:.*]] = arith.constant 2 : i32
// CHECK-NEXT:    %[[A:.*]] = arith.addi %arg0, %arg0 : i32
// CHECK-NEXT:    %[[B:.*]] = arith.subi %arg0, %arg1 : i32
// CHECK-NEXT:    %[[C:.*]] = arith.muli %arg0, %[[C2]] : i32
// CHECK-NEXT:    %[[D:.*]] = arith.subi %[[C]], %arg1 : i32
// CHECK-NEXT:    return %[[A]], %[[B]], %[[C]], %[[D]] : i32, i32, i32, i32
func.func @no_fold(%x: i32, %y: i32) -> (i32, i32, i32, i32) {
  %c2 = arith.constant 2 : i32
  %a = arith.addi %x, %x : i32
  %b = arith.subi %x, %y : i32
  %c = arith.muli %x, %c2 : i32
  %d = arith.subi %c, %y : i32
  return %a, %b, %c, %d : i32, i32, i32, i32
}

// -----

// Calls may have side effects: an unused call stays, and so does an unused
// result of an unregistered op. The callee is not inlined or erased.
// CHECK-LABEL: func.func @side_effects(%arg0: i32) {
// CHECK-NEXT:    %{{.*}} = call @callee(%arg0) : (i32) -> i32
// CHECK-NEXT:    %{{.*}} = "foo.op"(%arg0) : (i32) -> i32
// CHECK-NEXT:    return
// CHECK-LABEL: func.func private @callee(i32) -> i32
func.func @side_effects(%x: i32) {
  %c0 = arith.constant 0 : i32
  %r = func.call @callee(%x) : (i32) -> i32
  %u = "foo.op"(%x) : (i32) -> i32
  %dead = arith.addi %r, %c0 : i32
  return
}
func.func private @callee(i32) -> i32

// -----

// Inside regions of unregistered ops, folding happens and constants stay in
// the region (the op might be isolated from above).
// CHECK-LABEL: func.func @nested(%arg0: i32) -> i32 {
// CHECK-NEXT:    %[[R:.*]] = "foo.region"() ({
// CHECK-NEXT:      %[[C5:.*]] = arith.constant 5 : i32
// CHECK-NEXT:      "foo.yield"(%[[C5]]) : (i32) -> ()
// CHECK-NEXT:    }) : () -> i32
// CHECK-NEXT:    return %[[R]] : i32
func.func @nested(%x: i32) -> i32 {
  %r = "foo.region"() ({
    %c2 = arith.constant 2 : i32
    %c3 = arith.constant 3 : i32
    %s = arith.addi %c2, %c3 : i32
    "foo.yield"(%s) : (i32) -> ()
  }) : () -> i32
  return %r : i32
}
