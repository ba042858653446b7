// Every builtin type npuc models, and !quant.uniform, as function argument types
// and as type attributes. The printed forms are upstream mlir-opt's (the same
// CHECK lines run against it in interop/ir-upstream.mlir).
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect | FileCheck %s
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect | npuc opt --split-input-file --allow-unregistered-dialect | FileCheck %s
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect --print-op-generic | npuc opt --split-input-file --allow-unregistered-dialect | FileCheck %s

// CHECK-LABEL: func.func @integers(%arg0: i1, %arg1: i4, %arg2: i8, %arg3: i16, %arg4: i32, %arg5: i48, %arg6: i64) {
func.func @integers(%a: i1, %b: i4, %c: i8, %d: i16, %e: i32, %f: i48, %g: i64) {
  return
}

// CHECK-LABEL: func.func @signedness(%arg0: si8, %arg1: ui8, %arg2: ui16, %arg3: si32, %arg4: ui1) {
func.func @signedness(%a: si8, %b: ui8, %c: ui16, %d: si32, %e: ui1) {
  return
}

// CHECK-LABEL: func.func @floats(%arg0: f16, %arg1: bf16, %arg2: f32, %arg3: f64) {
func.func @floats(%a: f16, %b: bf16, %c: f32, %d: f64) {
  return
}

// CHECK-LABEL: func.func @index_none(%arg0: index, %arg1: none) {
func.func @index_none(%a: index, %b: none) {
  return
}

// -----

// Ranked tensors with static, dynamic (`?`) and zero dims, rank 0, unranked.
// CHECK-LABEL: func.func @tensors
// CHECK-SAME: (%arg0: tensor<1x224x224x3xi8>, %arg1: tensor<?x?xf32>, %arg2: tensor<f32>, %arg3: tensor<*xf32>,
// CHECK-SAME: %arg4: tensor<0x4xi8>, %arg5: tensor<?x4x?xbf16>, %arg6: tensor<i1>, %arg7: tensor<*xi8>, %arg8: tensor<1x?xindex>)
func.func @tensors(%a: tensor<1x224x224x3xi8>, %b: tensor<?x?xf32>, %c: tensor<f32>, %d: tensor<*xf32>,
                   %e: tensor<0x4xi8>, %f: tensor<?x4x?xbf16>, %g: tensor<i1>, %h: tensor<*xi8>, %i: tensor<1x?xindex>) {
  return
}

// A tensor with an encoding attribute keeps it.
// CHECK-LABEL: func.func @encoding(%arg0: tensor<4xf32, "enc">)
func.func @encoding(%a: tensor<4xf32, "enc">) {
  return
}

// CHECK-LABEL: func.func @vectors(%arg0: vector<4xf32>, %arg1: vector<2x8xi16>, %arg2: vector<1x1x1xf16>)
func.func @vectors(%a: vector<4xf32>, %b: vector<2x8xi16>, %c: vector<1x1x1xf16>) {
  return
}

// CHECK-LABEL: func.func @tuples(%arg0: tuple<>, %arg1: tuple<i32, f32>, %arg2: tuple<tuple<i1>, tensor<2xi8>>)
func.func @tuples(%a: tuple<>, %b: tuple<i32, f32>, %c: tuple<tuple<i1>, tensor<2xi8>>) {
  return
}

// -----

// Function types: a single non-function result prints bare, anything else in
// parentheses.
// CHECK-LABEL: func.func @function_types
// CHECK-SAME: (%arg0: () -> (), %arg1: (i32) -> i32, %arg2: (i32, f32) -> (i8, i16), %arg3: () -> (() -> i32), %arg4: (i1) -> ((i1) -> ()), %arg5: (tensor<2xf32>) -> tuple<i1>)
func.func @function_types(%a: () -> (), %b: (i32) -> i32, %c: (i32, f32) -> (i8, i16), %d: () -> (() -> i32), %e: (i1) -> ((i1) -> ()), %f: (tensor<2xf32>) -> (tuple<i1>)) {
  return
}

// CHECK-LABEL: func.func @function_results() -> ((i32) -> i32)
// CHECK-NEXT:    %[[F:.*]] = "test.make_fn"() : () -> ((i32) -> i32)
// CHECK-NEXT:    return %[[F]] : (i32) -> i32
func.func @function_results() -> ((i32) -> i32) {
  %f = "test.make_fn"() : () -> ((i32) -> i32)
  return %f : (i32) -> i32
}

// -----

// !quant.uniform: scales print as MLIR prints doubles, zero points only when
// non-zero, storage ranges only when narrower than the storage type, unsigned
// storage as `u8`, per-axis parameters without spaces.
// CHECK-LABEL: func.func @quant
// CHECK-SAME: %arg0: !quant.uniform<i8:f32, 5.000000e-01:-1>
// CHECK-SAME: %arg1: !quant.uniform<i8:f32, 2.000000e-02>
// CHECK-SAME: %arg2: !quant.uniform<i8<-127:127>:f32, 1.000000e-01>
// CHECK-SAME: %arg3: !quant.uniform<i8:f32:1, {5.000000e-01:-1,2.500000e-01:3}>
// CHECK-SAME: %arg4: tensor<2x3x!quant.uniform<u8:f32, 1.000000e+00:128>>
// CHECK-SAME: %arg5: !quant.uniform<i16:f32:0, {1.000000e-03,2.000000e-03:5}>
// CHECK-SAME: %arg6: !quant.uniform<i4:f16, 1.250000e-01:7>
// CHECK-SAME: %arg7: !quant.uniform<u8:f32, 0.0039215686274509803>
// CHECK-SAME: %arg8: !quant.uniform<i8:bf16, 0.123456789:-128>
// CHECK-SAME: %arg9: !quant.uniform<u8<1:254>:f32, 2.500000e-01:127>
// CHECK-SAME: %arg10: !quant.uniform<i8:f32, 1.000000e+00>
// CHECK-SAME: %arg11: !quant.uniform<u8:f32, 1.000000e+00>
// CHECK-SAME: %arg12: tensor<?x!quant.uniform<i32:f32:0, {1.000000e+00,2.000000e+00}>>
func.func @quant(%a: !quant.uniform<i8:f32, 0.5:-1>, %b: !quant.uniform<i8:f32, 2.000000e-02>,
                 %c: !quant.uniform<i8<-127:127>:f32, 0.1>, %d: !quant.uniform<i8:f32:1, {0.5:-1, 0.25:3}>,
                 %e: tensor<2x3x!quant.uniform<u8:f32, 1.0:128>>, %f: !quant.uniform<i16:f32:0, {1.0e-3, 2.0e-3:5}>,
                 %g: !quant.uniform<i4:f16, 0.125:7>, %h: !quant.uniform<u8:f32, 0.0039215686274509803>,
                 %i: !quant.uniform<i8:bf16, 0.123456789:-128>, %j: !quant.uniform<u8<1:254>:f32, 0.25:127>,
                 // `si8` is the same as `i8` and `ui8` the same as `u8`.
                 %k: !quant.uniform<si8:f32, 1.0>, %l: !quant.uniform<ui8:f32, 1.0>,
                 %m: tensor<?x!quant.uniform<i32:f32:0, {1.0, 2.0}>>) {
  return
}

// -----

// Types as attribute values.
// CHECK-LABEL: "test.type_attrs"
// CHECK-SAME: {a = i32, b = tensor<2xf32>, c = (i32) -> f32, d = !quant.uniform<i8:f32, 5.000000e-01>, e = !foo.bar<"x", 3>, f = !foo.plain, g = index, h = none}
"test.type_attrs"() {a = i32, b = tensor<2xf32>, c = (i32) -> f32, d = !quant.uniform<i8:f32, 0.5>, e = !foo.bar<"x", 3>, f = !foo.plain, g = index, h = none} : () -> ()

// Values of dialect types npuc does not model keep their text.
// CHECK-LABEL: "test.opaque_values"
// CHECK-NEXT:    %[[V:.*]] = "test.make"() : () -> !foo.buffer<"x", [1, 2]>
// CHECK-NEXT:    "test.use"(%[[V]]) : (!foo.buffer<"x", [1, 2]>) -> ()
"test.opaque_values"() ({
  %v = "test.make"() : () -> !foo.buffer<"x", [1, 2]>
  "test.use"(%v) : (!foo.buffer<"x", [1, 2]>) -> ()
}) : () -> ()
