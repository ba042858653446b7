// REQUIRES: mlir-opt
// Upstream mlir-opt and npuc run the same pass on the same input, checked by
// the same CHECK lines (those of canonicalize.mlir): npuc's folds, patterns,
// dead-code removal and constant uniquing must agree with MLIR's.
// RUN: npuc opt %S/canonicalize.mlir -p canonicalize --split-input-file --allow-unregistered-dialect | FileCheck %S/canonicalize.mlir
// RUN: %mlir-opt %S/canonicalize.mlir --canonicalize --split-input-file --allow-unregistered-dialect | FileCheck %S/canonicalize.mlir
// Pass options are spelled the same way; one sweep leaves folded constants where they were made.
// RUN: npuc opt %s -p "canonicalize{max-iterations=1}" | FileCheck %s
// RUN: %mlir-opt %s --pass-pipeline="builtin.module(canonicalize{max-iterations=1})" | FileCheck %s

// CHECK-LABEL: func.func @one_sweep(%arg0: i32) -> (i32, i32) {
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    %[[A:.*]] = arith.addi %arg0, %arg0 : i32
// CHECK-NEXT:    %[[B:.*]] = arith.addi %[[A]], %[[C1]] : i32
// CHECK-NEXT:    %[[C11:.*]] = arith.constant 11 : i32
// CHECK-NEXT:    %[[T:.*]] = arith.muli %arg0, %[[C11]] : i32
// CHECK-NEXT:    return %[[B]], %[[T]] : i32, i32
func.func @one_sweep(%x: i32) -> (i32, i32) {
  %a = arith.addi %x, %x : i32
  %c1 = arith.constant 1 : i32
  %b = arith.addi %a, %c1 : i32
  %c5 = arith.constant 5 : i32
  %c6 = arith.constant 6 : i32
  %s = arith.addi %c5, %c6 : i32
  %t = arith.muli %x, %s : i32
  return %b, %t : i32, i32
}
