// Locations, printed with --print-debuginfo. npuc prints every location
// inline, as upstream does with --mlir-print-debuginfo --mlir-print-local-scope
// (without the latter upstream prints `#locN` aliases instead: the same
// locations, written differently). Location aliases may be used before they
// are defined, as mlir-opt prints them. Checked against upstream in
// interop/ir-upstream.mlir.
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect --print-debuginfo | FileCheck %s
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect --print-debuginfo | npuc opt --split-input-file --allow-unregistered-dialect --print-debuginfo | FileCheck %s
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect --print-debuginfo --print-op-generic | npuc opt --split-input-file --allow-unregistered-dialect --print-debuginfo | FileCheck %s
// Without --print-debuginfo no location is printed:
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect | FileCheck %s --check-prefix=NOLOC
// NOLOC-NOT: loc(

// CHECK-LABEL: func.func @locs(%arg0: i32 loc("arg0"), %arg1: i32 loc("in.mlir":1:2)) -> i32 {
// CHECK-NEXT:    %0 = "test.a"() : () -> i32 loc("named")
// CHECK-NEXT:    %1 = "test.b"() : () -> i32 loc("file.mlir":10:8)
// CHECK-NEXT:    %2 = "test.c"() : () -> i32 loc(fused["a.mlir":1:1, "b.mlir":2:2])
// CHECK-NEXT:    %3 = "test.d"() : () -> i32 loc(fused<"meta">["a.mlir":1:1, "x"])
// CHECK-NEXT:    %4 = "test.e"() : () -> i32 loc(callsite("callee.mlir":3:4 at "caller.mlir":5:6))
// CHECK-NEXT:    %5 = "test.f"() : () -> i32 loc("name"("child.mlir":7:8))
// CHECK-NEXT:    %6 = "test.g"() : () -> i32 loc("alias.mlir":20:3)
// CHECK-NEXT:    %7 = "test.h"() : () -> i32 loc(fused["alias.mlir":20:3, "z"])
// CHECK-NEXT:    %8 = "test.i"() : () -> i32 loc(unknown)
// CHECK-NEXT:    %9 = "test.j"() : () -> i32 loc(callsite("alias.mlir":20:3 at callsite("x":1:1 at "y":2:2)))
// CHECK-NEXT:    %10 = "test.k"() : () -> i32 loc("esc\22aped")
// CHECK-NEXT:    %11 = "test.l"() : () -> i32 loc("name")
// CHECK-NEXT:    %12 = "test.m"() : () -> i32 loc(fused<{key = 1 : i32}>["a":1:1, "b":2:2])
// CHECK-NEXT:    "test.with_region"() ({
// CHECK-NEXT:    ^bb0(%arg2: i32 loc("bbarg")):
// CHECK-NEXT:      "test.inner"() : () -> () loc("inner")
// CHECK-NEXT:    }) : () -> () loc("region")
// CHECK-NEXT:    "test.implicit"() : () -> () loc("{{.*}}locations.mlir":54:3)
// CHECK-NEXT:    return %0 : i32 loc("ret")
// CHECK-NEXT:  } loc("func")
// CHECK-NEXT: } loc("{{.*}}locations.mlir":0:0)
func.func @locs(%arg0: i32 loc("arg0"), %arg1: i32 loc("in.mlir":1:2)) -> i32 {
  %0 = "test.a"() : () -> i32 loc("named")
  %1 = "test.b"() : () -> i32 loc("file.mlir":10:8)
  %2 = "test.c"() : () -> i32 loc(fused["a.mlir":1:1, "b.mlir":2:2])
  %3 = "test.d"() : () -> i32 loc(fused<"meta">["a.mlir":1:1, "x"])
  %4 = "test.e"() : () -> i32 loc(callsite("callee.mlir":3:4 at "caller.mlir":5:6))
  %5 = "test.f"() : () -> i32 loc("name"("child.mlir":7:8))
  %6 = "test.g"() : () -> i32 loc(#loc1)
  %7 = "test.h"() : () -> i32 loc(#loc2)
  %8 = "test.i"() : () -> i32 loc(unknown)
  %9 = "test.j"() : () -> i32 loc(#loc3)
  %10 = "test.k"() : () -> i32 loc("esc\"aped")
  %11 = "test.l"() : () -> i32 loc("name"(unknown))
  %12 = "test.m"() : () -> i32 loc(fused<{key = 1 : i32}>["a":1:1, "b":2:2])
  "test.with_region"() ({
  ^bb0(%x: i32 loc("bbarg")):
    "test.inner"() : () -> () loc("inner")
  }) : () -> () loc("region")
  "test.implicit"() : () -> ()
  return %0 : i32 loc("ret")
} loc("func")
#loc1 = loc("alias.mlir":20:3)
#loc2 = loc(fused[#loc1, "z"])
#loc3 = loc(callsite(#loc1 at callsite("x":1:1 at "y":2:2)))

// -----

// Fused locations are normalized as MLIR's FusedLoc::get does: nested fused
// locations with the same metadata flatten, unknown and repeated ones drop
// out, none left is unknown, a single one without metadata is itself.
// File ranges keep their end; a line without a column has column 0.
// CHECK-LABEL: "test.fused_empty"() : () -> () loc(unknown)
// CHECK-NEXT: "test.fused_one"() : () -> () loc("only":1:1)
// CHECK-NEXT: "test.fused_flat"() : () -> () loc(fused["a":1:1, "b":2:2])
// CHECK-NEXT: "test.fused_meta"() : () -> () loc(fused<"m">[unknown])
// CHECK-NEXT: "test.fused_mixed"() : () -> () loc(fused<"m">["a":1:1, fused["b":2:2, "c":3:3]])
// CHECK-NEXT: "test.range_same_line"() : () -> () loc("f":1:2 to :4)
// CHECK-NEXT: "test.range_short"() : () -> () loc("f":1:2 to :4)
// CHECK-NEXT: "test.range"() : () -> () loc("f":1:2 to 3:4)
// CHECK-NEXT: "test.line_only"() : () -> () loc("f":1:0)
// CHECK-NEXT: "test.name_of_name"() : () -> () loc("n"("a"))
"test.fused_empty"() : () -> () loc(fused[])
"test.fused_one"() : () -> () loc(fused["only":1:1])
"test.fused_flat"() : () -> () loc(fused[fused["a":1:1, "b":2:2], "a":1:1, unknown])
"test.fused_meta"() : () -> () loc(fused<"m">[unknown])
"test.fused_mixed"() : () -> () loc(fused<"m">[fused<"m">["a":1:1], fused["b":2:2, "c":3:3]])
"test.range_same_line"() : () -> () loc("f":1:2 to 1:4)
"test.range_short"() : () -> () loc("f":1:2 to :4)
"test.range"() : () -> () loc("f":1:2 to 3:4)
"test.line_only"() : () -> () loc("f":1)
"test.name_of_name"() : () -> () loc("n"("a"))

// -----

// Locations in the generic form and on an explicit module.
// CHECK-LABEL: module @named {
// CHECK-NEXT:    "test.x"() : () -> () loc("x")
// CHECK-NEXT:  } loc("module")
module @named {
  "test.x"() : () -> () loc("x")
} loc("module")
