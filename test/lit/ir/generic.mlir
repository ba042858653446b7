// The generic op form: properties `<{...}>`, regions, block labels with
// arguments, multi-result ops `%0:2` / `%0#1`, unregistered ops (with
// --allow-unregistered-dialect), and --print-op-generic. Value numbering is
// MLIR's: region by region, nested regions after their parent's values, and
// unique across the whole module in generic form. Checked against upstream in
// interop/ir-upstream.mlir.
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect | FileCheck %s
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect | npuc opt --split-input-file --allow-unregistered-dialect | FileCheck %s
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect --print-op-generic | FileCheck %s --check-prefix=GENERIC
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect --print-op-generic | npuc opt --split-input-file --allow-unregistered-dialect --print-op-generic | FileCheck %s --check-prefix=GENERIC
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect --print-op-generic | npuc opt --split-input-file --allow-unregistered-dialect | FileCheck %s

// CHECK-LABEL: func.func @generic(%arg0: i32, %arg1: f32) -> (i32, f32) {
// CHECK-NEXT:    %1:2 = "test.pair"(%arg0, %arg1) <{name = "p", prop = 1 : i32}> {attr = "a"} : (i32, f32) -> (i32, f32)
// CHECK-NEXT:    %2 = "test.use"(%1#0, %1#1) : (i32, f32) -> i32
// CHECK-NEXT:    %3:3 = "test.three"() : () -> (i1, i8, i16)
// CHECK-NEXT:    "test.sink"(%3#2, %3#0) : (i16, i1) -> ()
// CHECK-NEXT:    %4:3 = "test.split"() : () -> (i8, i16, i32)
// CHECK-NEXT:    "test.sink"(%4#0, %4#2) : (i8, i32) -> ()
// CHECK-NEXT:    %5 = "test.regions"(%2) ({
// CHECK-NEXT:    ^bb0(%arg2: i32, %arg3: i32):
// CHECK-NEXT:      %6 = "test.add"(%arg2, %arg3) : (i32, i32) -> i32
// CHECK-NEXT:      "test.yield"(%6, %2) : (i32, i32) -> ()
// CHECK-NEXT:    ^bb1(%7: f32):  // no predecessors
// CHECK-NEXT:      "test.yield"(%7) : (f32) -> ()
// CHECK-NEXT:    ^bb2:  // no predecessors
// CHECK-NEXT:      "test.yield"() : () -> ()
// CHECK-NEXT:    }, {
// CHECK-NEXT:      "test.other"() : () -> ()
// CHECK-NEXT:    }, {
// CHECK-NEXT:    }) {tag} : (i32) -> i32
// CHECK-NEXT:    "test.noargs"() ({
// CHECK-NEXT:      "test.x"() : () -> ()
// CHECK-NEXT:    ^bb1:  // no predecessors
// CHECK-NEXT:      "test.y"() : () -> ()
// CHECK-NEXT:    }) : () -> ()
// CHECK-NEXT:    return %2, %arg1 : i32, f32
// CHECK-NEXT:  }
// CHECK-NEXT:  "test.toplevel"() <{p = [1, 2]}> : () -> ()
// CHECK-NEXT:  %0 = "test.toplevel_value"() : () -> index
// CHECK-NEXT:  "test.user"(%0) : (index) -> ()
// CHECK-NEXT: }

// GENERIC-LABEL: "builtin.module"() ({
// GENERIC-NEXT:  "func.func"() <{function_type = (i32, f32) -> (i32, f32), sym_name = "generic"}> ({
// GENERIC-NEXT:  ^bb0(%arg0: i32, %arg1: f32):
// GENERIC-NEXT:    %1:2 = "test.pair"(%arg0, %arg1) <{name = "p", prop = 1 : i32}> {attr = "a"} : (i32, f32) -> (i32, f32)
// GENERIC:         %5 = "test.regions"(%2) ({
// GENERIC-NEXT:    ^bb0(%arg2: i32, %arg3: i32):
// GENERIC:         "func.return"(%2, %arg1) : (i32, f32) -> ()
// GENERIC-NEXT:  }) : () -> ()
// GENERIC-NEXT:  "test.toplevel"() <{p = [1, 2]}> : () -> ()
// GENERIC-NEXT:  %0 = "test.toplevel_value"() : () -> index
// GENERIC-NEXT:  "test.user"(%0) : (index) -> ()
// GENERIC-NEXT: }) : () -> ()
func.func @generic(%a: i32, %b: f32) -> (i32, f32) {
  %p:2 = "test.pair"(%a, %b) <{prop = 1 : i32, name = "p"}> {attr = "a"} : (i32, f32) -> (i32, f32)
  %u = "test.use"(%p#0, %p#1) : (i32, f32) -> i32
  %t:3 = "test.three"() : () -> (i1, i8, i16)
  "test.sink"(%t#2, %t#0) : (i16, i1) -> ()
  %s, %r:2 = "test.split"() : () -> (i8, i16, i32)
  "test.sink"(%s, %r#1) : (i8, i32) -> ()
  %5 = "test.regions"(%u) ({
  ^bb0(%x: i32, %y: i32):
    %sum = "test.add"(%x, %y) : (i32, i32) -> i32
    "test.yield"(%sum, %u) : (i32, i32) -> ()
  ^other(%c: f32):
    "test.yield"(%c) : (f32) -> ()
  ^bb7:
    "test.yield"() : () -> ()
  }, {
    "test.other"() : () -> ()
  }, {
  }) {tag} : (i32) -> i32
  "test.noargs"() ({
    "test.x"() : () -> ()
  ^next:
    "test.y"() : () -> ()
  }) : () -> ()
  return %u, %b : i32, f32
}
"test.toplevel"() <{p = [1, 2]}> : () -> ()
%v = "test.toplevel_value"() : () -> index
"test.user"(%v) : (index) -> ()

// -----

// Sibling functions number their values from the same point in pretty form,
// and uniquely across the module in generic form (where regions are numbered
// last to first, as MLIR does).
// CHECK-LABEL: func.func @first(%arg0: i8) -> i8 {
// CHECK-NEXT:    %0 = "test.f"(%arg0) : (i8) -> i8
// CHECK-LABEL: func.func @second(%arg0: i8) -> i8 {
// CHECK-NEXT:    %0 = "test.g"(%arg0) : (i8) -> i8
// GENERIC-LABEL: "builtin.module"() ({
// GENERIC:       ^bb0(%arg1: i8):
// GENERIC-NEXT:    %1 = "test.f"(%arg1) : (i8) -> i8
// GENERIC:       ^bb0(%arg0: i8):
// GENERIC-NEXT:    %0 = "test.g"(%arg0) : (i8) -> i8
func.func @first(%a: i8) -> i8 {
  %0 = "test.f"(%a) : (i8) -> i8
  return %0 : i8
}
func.func @second(%a: i8) -> i8 {
  %0 = "test.g"(%a) : (i8) -> i8
  return %0 : i8
}

// -----

// An explicit module with a name and attributes, and nested modules. The
// generic form labels an empty entry block so that it reads back as one block.
// CHECK-LABEL: module @outer attributes {test.attr = 1 : i32} {
// CHECK-NEXT:    module @inner {
// CHECK-NEXT:      "test.deep"() : () -> ()
// CHECK-NEXT:    }
// CHECK-NEXT:    module {
// CHECK-NEXT:    }
// CHECK-NEXT:  }
// GENERIC-LABEL: "builtin.module"() <{sym_name = "outer"}> ({
// GENERIC-NEXT:    "builtin.module"() <{sym_name = "inner"}> ({
// GENERIC-NEXT:      "test.deep"() : () -> ()
// GENERIC-NEXT:    }) : () -> ()
// GENERIC-NEXT:    "builtin.module"() ({
// GENERIC-NEXT:    ^bb0:
// GENERIC-NEXT:    }) : () -> ()
// GENERIC-NEXT:  }) {test.attr = 1 : i32} : () -> ()
module @outer attributes {test.attr = 1 : i32} {
  module @inner {
    "test.deep"() : () -> ()
  }
  module {
  }
}

// -----

// Ops of an unregistered dialect round-trip unchanged. Their regions may be
// graph regions, as the module body is: a use may come before its definition
// there (even in the defining op's own operands), and the names are numbered
// in order of definition.
// CHECK-LABEL: "foo.graph"() ({
// CHECK-NEXT:    %2 = "foo.a"(%3) : (i32) -> i32
// CHECK-NEXT:    %3 = "foo.b"(%2) : (i32) -> i32
// CHECK-NEXT:    %4 = "foo.loop"(%4) : (tensor<2x!foo.t>) -> tensor<2x!foo.t>
// CHECK-NEXT:    "foo.c"(%4, %0) {attr = #foo.x<1>} : (tensor<2x!foo.t>, i8) -> ()
// CHECK-NEXT:  }) : () -> ()
// CHECK-NEXT:  %0 = "foo.late"() : () -> i8
// CHECK-NEXT:  "foo.top"(%1) : (i16) -> ()
// CHECK-NEXT:  %1 = "foo.later"() : () -> i16
"foo.graph"() ({
  %a = "foo.a"(%b) : (i32) -> i32
  %b = "foo.b"(%a) : (i32) -> i32
  %l = "foo.loop"(%l) : (tensor<2x!foo.t>) -> tensor<2x!foo.t>
  "foo.c"(%l, %late) {attr = #foo.x<1>} : (tensor<2x!foo.t>, i8) -> ()
}) : () -> ()
%late = "foo.late"() : () -> i8
"foo.top"(%later) : (i16) -> ()
%later = "foo.later"() : () -> i16
