// REQUIRES: mlir-opt
// The locations npuc prints point into this file, so upstream's diagnostic
// verifier, which loads the file a location names, matches the remarks of
// its --test-symbol-uses pass against the annotations below: npuc's
// file:line:col locations are exact.
// RUN: npuc opt %s --print-debuginfo | %mlir-opt --test-symbol-uses --verify-diagnostics
// RUN: npuc opt %s --print-op-generic --print-debuginfo | %mlir-opt --test-symbol-uses --verify-diagnostics
// Upstream, then npuc, then upstream again:
// RUN: %mlir-opt %s --mlir-print-op-generic --mlir-print-debuginfo | npuc opt --print-debuginfo | %mlir-opt --test-symbol-uses --verify-diagnostics
// npuc's passes keep the locations of the ops they leave in place:
// RUN: npuc opt %s -p canonicalize,cse,dce --print-debuginfo | %mlir-opt --test-symbol-uses --verify-diagnostics
// Without locations the remarks point at lines of stdin that expect nothing:
// RUN: npuc opt %s | not %mlir-opt --test-symbol-uses --verify-diagnostics 2>&1 | FileCheck %s
// CHECK: <stdin>:{{[0-9]+}}:{{[0-9]+}}: error: unexpected remark: symbol has 2 uses

// expected-remark @below {{symbol has 2 uses}}
func.func private @callee(i32) -> i32

// expected-remark @below {{symbol contains 2 nested references}}
// expected-remark @below {{symbol has no uses}}
func.func @caller(%x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %y = arith.addi %x, %c0 : i32
  // expected-remark @below {{found use of symbol : @callee : "callee"}}
  %a = func.call @callee(%y) : (i32) -> i32
  // expected-remark @below {{found use of symbol : @callee : "callee"}}
  %b = func.call @callee(%a) : (i32) -> i32
  return %b : i32
}
