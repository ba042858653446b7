// Type aliases `!x = ...` and attribute aliases `#x = ...` are resolved when
// parsed; the printer writes what they stand for, as mlir-opt does for builtin
// types and attributes. Aliases may refer to earlier aliases.
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect | FileCheck %s
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect | npuc opt --split-input-file --allow-unregistered-dialect | FileCheck %s

!qi8 = !quant.uniform<i8:f32, 0.5:-1>
!act = tensor<1x8x!qi8>
!fn = (i32) -> i32
!unused = i16
#one = 1 : i32
#dict = {a = 1 : i64, b = "x"}
#arr = [#one, #dict]
#unused = "never used"

// CHECK-LABEL: func.func @uses_aliases(%arg0: tensor<1x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>, %arg1: (i32) -> i32) -> tensor<1x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>
// CHECK-SAME: attributes {x = [1 : i32, {a = 1 : i64, b = "x"}], y = 1 : i32, z = {a = 1 : i64, b = "x"}} {
// CHECK-NEXT:    return %arg0 : tensor<1x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>
func.func @uses_aliases(%a: !act, %b: !fn) -> !act attributes {x = #arr, y = #one, z = #dict} {
  return %a : !act
}

// CHECK-LABEL: "test.alias_in_types"
// CHECK-SAME: {t = tensor<1x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>} : () -> tuple<!quant.uniform<i8:f32, 5.000000e-01:-1>, (i32) -> i32>
%0 = "test.alias_in_types"() {t = !act} : () -> tuple<!qi8, !fn>

// -----

// Aliases are per file chunk: each chunk of a split file has its own.
!t = i8
#a = [1, 2]
// CHECK-LABEL: "test.second_chunk"
// CHECK-SAME: {a = [1, 2]} : () -> i8
%0 = "test.second_chunk"() {a = #a} : () -> !t
